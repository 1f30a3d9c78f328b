// @ts-check
'use strict';
// `npm run db:generate`: writes prisma/<provider>/schema.prisma from the source schema and generates one
// Prisma client per provider into src/generated/prisma-<provider>. Runs on `npm ci` (postinstall).
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { PROVIDERS, providerSchemaPath, writeProviderSchemas } = require('./prisma-schemas');

writeProviderSchemas();

// `prisma generate` never runs the schema engine, but the CLI insists on a binary path and would try to
// download one (impossible offline). Any existing file satisfies it.
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const prismaCli = require.resolve('prisma/build/index.js');

for (const provider of PROVIDERS) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', providerSchemaPath(provider)], {
    cwd: path.resolve(__dirname, '..'),
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
console.log(`db:generate: Prisma clients generated for ${PROVIDERS.join(' and ')}`);
