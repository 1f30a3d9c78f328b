# syntax=docker/dockerfile:1
# Zoom Scheduler for Slack. Build: docker build -t zoom-scheduler .   Try it: docker compose up (see README).

# ---- build: every dependency, the Prisma clients and the compiled app ----
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles with node-gyp when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
# postinstall (npm run db:generate) writes the Prisma clients into src/generated with the prisma devDependency.
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dev ./dev
COPY examples ./examples
COPY bench ./bench
RUN npm run build
# Keeps the compiled better-sqlite3 binding and drops dev dependencies; no install script runs again, so
# the final image never needs prisma, typescript or a compiler.
RUN npm prune --omit=dev --ignore-scripts

# ---- runtime: production dependencies, dist/ and what the migrations read; owned by root, read-only to the app ----
FROM node:20-bookworm-slim
ENV PORT=3000 \
    DATABASE_URL=file:/app/data/zoom-scheduler.db
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/prisma-schema-engine.js ./scripts/prisma-schema-engine.js
COPY --from=build /app/scripts/prisma-schemas.js ./scripts/prisma-schemas.js
COPY --from=build /app/prisma ./prisma
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# No curl in slim images: Node's own fetch asks /healthz, which answers 503 when the database does not.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Applies pending migrations, then serves (as npm start does, without the build step).
CMD ["node", "dist/src/app.js"]
