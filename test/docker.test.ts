import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';
import { buildOnce, freePort, ROOT } from './support/app-process';

/**
 * Docker cannot run here, so these tests check what can be checked without a daemon: the files agree with
 * each other, with the app's configuration and with the README, and the image's start command runs from
 * exactly the files the final stage copies, with production dependencies only.
 */

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions per stage (comments dropped, `\` continuations joined). */
function dockerfileStages(text: string): Instruction[][] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages[stages.length - 1]?.push(instruction);
  }
  return stages;
}

const dockerfile = dockerfileStages(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const buildStage = dockerfile[0]!;
const finalStage = dockerfile[dockerfile.length - 1]!;
// Compose resolves YAML merge keys (`<<: *app`), as yaml does with `merge`.
const compose = parse(readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8'), { merge: true });
const nginx = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);
const one = (stage: Instruction[], keyword: string) => {
  const found = all(stage, keyword);
  if (found.length !== 1) throw new Error(`expected one ${keyword} in the stage, found ${found.length}`);
  return found[0]!;
};

/** `ENV A=1 B=2` → { A: '1', B: '2' } (the Dockerfile uses the key=value form only). */
function envOf(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of all(stage, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      env[key!] = value.join('=');
    }
  }
  return env;
}

/** The final stage's `COPY --from=build <source> <target>` pairs, targets relative to WORKDIR. */
function finalStageCopies(): Array<{ source: string; target: string }> {
  const workdir = one(finalStage, 'WORKDIR').args;
  return all(finalStage, 'COPY').map(({ args }) => {
    const parts = args.split(/\s+/).filter((part) => !part.startsWith('--'));
    expect(args).toContain('--from=build');
    const [source, target] = parts as [string, string];
    return { source: path.posix.relative(workdir, source), target: path.posix.normalize(target) };
  });
}

/** The HEALTHCHECK's exec-form command. */
function healthcheckCommand(): string[] {
  const { args } = one(finalStage, 'HEALTHCHECK');
  const json = args.slice(args.indexOf('CMD') + 'CMD'.length).trim();
  return JSON.parse(json) as string[];
}

/** The fenced block under the README's "Run with Docker" heading. */
function readmeDockerLines(): string[] {
  const section = /### Run with Docker\n\n```sh\n([\s\S]*?)\n```/.exec(readme);
  if (!section) throw new Error('README.md has no "### Run with Docker" section with a sh block');
  return section[1]!.split('\n');
}

describe('Dockerfile', () => {
  it('builds from the lockfile with a compiler, then keeps production dependencies only', () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    const runs = all(buildStage, 'RUN').map((i) => i.args);
    expect(runs).toContainEqual(expect.stringMatching(/apt-get install .*python3 make g\+\+/));
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(runs).toContain('npm prune --omit=dev --ignore-scripts');
    // The lockfile is there before `npm ci`, and so is everything postinstall (db:generate) reads.
    const copies = all(buildStage, 'COPY').map((i) => i.args);
    const beforeInstall = copies.slice(
      0,
      copies.findIndex((c) => c.startsWith('tsconfig')),
    );
    expect(beforeInstall).toEqual(['package.json package-lock.json ./', 'scripts ./scripts', 'prisma ./prisma']);
    // Everything tsconfig.build.json compiles is copied in.
    const buildConfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'));
    for (const folder of buildConfig.include as string[]) {
      expect(copies).toContainEqual(expect.stringMatching(new RegExp(`^${folder} \\./${folder}$`)));
    }
    // The final stage installs nothing: no RUN runs npm.
    expect(
      all(finalStage, 'RUN')
        .map((i) => i.args)
        .filter((args) => args.includes('npm')),
    ).toEqual([]);
  });

  it('starts the app as npm start does, as a non-root user, with a /healthz health check', () => {
    expect(JSON.parse(one(finalStage, 'CMD').args)).toEqual(['node', 'dist/src/app.js']);
    expect(packageJson.scripts.start).toBe('node dist/src/app.js');
    expect(one(finalStage, 'USER').args).toBe('node');
    const health = healthcheckCommand();
    expect(health[0]).toBe('node');
    expect(health.join(' ')).toContain('/healthz');
    expect(one(finalStage, 'EXPOSE').args).toBe(envOf(finalStage).PORT);
  });

  it('sets only variables the configuration knows', () => {
    const env = envOf(finalStage);
    expect(Object.keys(env).length).toBeGreaterThan(0);
    for (const name of Object.keys(env)) expect([name, CONFIG_VARIABLES.includes(name)]).toEqual([name, true]);
    // The SQLite default lives in the folder the non-root user may write.
    expect(all(finalStage, 'RUN').map((i) => i.args)).toContain('mkdir -p /app/data && chown node:node /app/data');
    expect(env.DATABASE_URL).toBe('file:/app/data/zoom-scheduler.db');
  });

  it('keeps secrets, local databases and builds out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', 'src/generated', '.env', '*.db', 'data']) expect(ignored).toContain(entry);
  });
});

describe('the image start command with production dependencies only', () => {
  let folder: string;
  beforeAll(() => {
    buildOnce();
    folder = mkdtempSync(path.join(tmpdir(), 'zoom-scheduler-image-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** node_modules holding only the lockfile's non-dev packages (linked from the installed tree). */
  function productionNodeModules(target: string): string[] {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const linked: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) {
      // Top-level packages only: nested ones live inside their parent's folder.
      if (!key.startsWith('node_modules/') || key.slice('node_modules/'.length).includes('node_modules/') || entry.dev) continue;
      const installed = path.join(ROOT, key);
      if (!existsSync(installed)) continue; // an optional package for another platform
      const link = path.join(target, key);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(installed, link, 'dir');
      linked.push(key.slice('node_modules/'.length));
    }
    return linked;
  }

  it("runs migrations and serves /healthz from the final stage's files, and its HEALTHCHECK passes", async () => {
    const app = path.join(folder, 'app');
    for (const { source, target } of finalStageCopies()) {
      if (source === 'node_modules') continue;
      cpSync(path.join(ROOT, source), path.join(app, target), { recursive: true });
    }
    const linked = productionNodeModules(path.join(app));
    expect(linked).toContain('@prisma/client');
    // prisma and typescript stay: @prisma/client names them as peer dependencies, so the lockfile counts them as production.
    for (const devOnly of ['yaml', 'jest', 'ts-jest', 'eslint', 'pino-pretty', 'playwright-core']) expect(linked).not.toContain(devOnly);

    const port = await freePort();
    const appEnv = compose['x-app'].environment as Record<string, string>;
    const env = {
      PATH: process.env.PATH,
      ...appEnv,
      PORT: String(port),
      DATABASE_URL: `file:${path.join(folder, 'data', 'app.db')}`,
      LOG_LEVEL: 'warn',
    };
    const [command, ...args] = JSON.parse(one(finalStage, 'CMD').args) as string[];
    const child = spawn(command!, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const [checkCommand, ...checkArgs] = healthcheckCommand();
      const deadline = Date.now() + 20000;
      let healthy = false;
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        healthy = spawnSync(checkCommand!, checkArgs, { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 5000 }).status === 0;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect([healthy, stderr]).toEqual([true, '']);

      // The README's doctor command in the image: it too needs nothing but production dependencies.
      const closedPort = await freePort();
      const doctor = spawnSync('node', ['dist/scripts/doctor.js'], {
        cwd: app,
        env: { ...env, SLACK_API_URL: `http://127.0.0.1:${closedPort}/api/` },
        encoding: 'utf8',
        timeout: 20000,
      });
      expect(doctor.stderr).toBe('');
      expect(doctor.stdout).toContain('✔ Database migrations are current');
      expect(doctor.stdout).toContain('✔ Slack: multi-workspace install flow configured');
      expect(doctor.status).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 60000);
});

describe('compose.yaml', () => {
  const services = compose.services as Record<string, Record<string, any>>;

  it('runs PostgreSQL, two app instances and a proxy, and publishes the proxy port only', () => {
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'db', 'proxy']);
    expect(services.db!.image).toMatch(/^postgres:/);
    expect(services.proxy!.image).toMatch(/^nginx:/);
    const published = Object.entries(services)
      .filter(([, s]) => s.ports)
      .map(([name, s]) => [name, s.ports]);
    expect(published).toEqual([['proxy', ['8080:8080']]]);
    expect(nginx).toMatch(/listen 8080;/);
    expect(services.proxy!.volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
  });

  it('waits for healthy dependencies: the database health check, then the image HEALTHCHECK of both instances', () => {
    expect(services.db!.healthcheck.test.join(' ')).toContain('pg_isready');
    for (const name of ['app1', 'app2']) {
      expect(services[name]!.build).toBe('.');
      expect(services[name]!.depends_on).toEqual({ db: { condition: 'service_healthy' } });
      expect(nginx).toContain(`server ${name}:${services[name]!.environment.PORT};`);
    }
    expect(services.proxy!.depends_on).toEqual({ app1: { condition: 'service_healthy' }, app2: { condition: 'service_healthy' } });
  });

  it('gives both instances a configuration the app accepts: the Zoom mock, the compose database, the proxy URL', () => {
    const env = services.app1!.environment as Record<string, string>;
    expect(services.app2!.environment).toEqual(env);
    for (const name of Object.keys(env)) expect([name, CONFIG_VARIABLES.includes(name)]).toEqual([name, true]);
    const config = loadConfig(env);
    expect(config.zoom.live).toBe(false);
    expect(config.publicBaseUrl).toBe('http://localhost:8080');
    const db = services.db!.environment as Record<string, string>;
    expect(config.databaseUrl).toBe(`postgresql://${db.POSTGRES_USER}:${db.POSTGRES_PASSWORD}@db:5432/${db.POSTGRES_DB}`);
    // Demo values say so, so nobody mistakes them for real credentials.
    expect(env.SLACK_SIGNING_SECRET).toMatch(/demo/);
    expect(env.SLACK_CLIENT_SECRET).toMatch(/demo/);
    // Multi-workspace: a single-workspace bot token is checked with auth.test at start-up, which a fake one fails.
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.slack.mode.kind).toBe('multi-workspace');
    expect(Buffer.from(env.TOKEN_ENCRYPTION_KEY!, 'base64').toString('utf8')).toMatch(/demo/);
  });
});

describe('README "Run with Docker"', () => {
  it('is five commands that match compose.yaml and the Dockerfile', () => {
    const lines = readmeDockerLines();
    expect(lines).toHaveLength(5);
    const commands = lines.map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands[0]).toBe('docker compose up --build');
    expect(commands[1]).toBe(`curl http://localhost:${services().proxy!.ports[0].split(':')[0]}/healthz`);
    expect(commands[2]).toBe('docker build -t zoom-scheduler .');
    const port = envOf(finalStage).PORT;
    const dataFolder = path.posix.dirname(envOf(finalStage).DATABASE_URL!.slice('file:'.length));
    expect(commands[3]).toBe(`docker run --env-file .env -p ${port}:${port} -v zoom-data:${dataFolder} zoom-scheduler`);
    expect(commands[4]).toBe('docker run --env-file .env zoom-scheduler node dist/scripts/doctor.js');
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.doctor).toMatch(/node dist\/scripts\/doctor\.js$/);
  });

  function services() {
    return compose.services as Record<string, Record<string, any>>;
  }
});
