// @ts-check
'use strict';
// Renders the per-provider copies of prisma/schema.prisma. A Prisma schema names exactly one provider,
// so SQLite and PostgreSQL each get a copy that differs from the source only in the datasource provider
// and the generated client's output folder.
const fs = require('node:fs');
const path = require('node:path');

const PRISMA_DIR = path.resolve(__dirname, '..', 'prisma');
const SOURCE_SCHEMA = path.join(PRISMA_DIR, 'schema.prisma');
/** @type {ReadonlyArray<'sqlite' | 'postgresql'>} */
const PROVIDERS = ['sqlite', 'postgresql'];

/** @param {'sqlite' | 'postgresql'} provider */
function providerSchemaPath(provider) {
  return path.join(PRISMA_DIR, provider, 'schema.prisma');
}

/** @param {'sqlite' | 'postgresql'} provider */
function migrationsDir(provider) {
  return path.join(PRISMA_DIR, 'migrations', provider);
}

/**
 * @param {string} source the text of prisma/schema.prisma
 * @param {'sqlite' | 'postgresql'} provider
 */
function renderProviderSchema(source, provider) {
  const datasource = /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[^"]*"/;
  const output = /(generator\s+client\s*\{[^}]*output\s*=\s*)"[^"]*"/;
  if (!datasource.test(source) || !output.test(source)) {
    throw new Error('prisma/schema.prisma must have a `datasource db` provider and a `generator client` output');
  }
  const header = '// GENERATED from prisma/schema.prisma by `npm run db:generate`. Edit the source schema, not this copy.\n';
  return header + source.replace(datasource, `$1"${provider}"`).replace(output, `$1"../../src/generated/prisma-${provider}"`);
}

/** Writes both provider copies; returns the providers whose copy changed. */
function writeProviderSchemas() {
  const source = fs.readFileSync(SOURCE_SCHEMA, 'utf8');
  return PROVIDERS.filter((provider) => {
    const target = providerSchemaPath(provider);
    const text = renderProviderSchema(source, provider);
    const previous = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    if (previous === text) return false;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    return true;
  });
}

module.exports = { PRISMA_DIR, SOURCE_SCHEMA, PROVIDERS, providerSchemaPath, migrationsDir, renderProviderSchema, writeProviderSchemas };
