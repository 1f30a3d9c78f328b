// @ts-check
'use strict';
// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (from the environment or .env).
require('dotenv').config({ quiet: true });
const { applyMigrations, describeError } = require('./prisma-schema-engine');

const databaseUrl = process.env.DATABASE_URL || 'file:./data/zoom-scheduler.db';

applyMigrations(databaseUrl).then(
  ({ provider, appliedMigrationNames }) => {
    const applied = appliedMigrationNames.length ? appliedMigrationNames.join(', ') : 'none (already up to date)';
    console.log(`db:migrate (${provider}): applied ${applied}`);
    process.exit(0); // the engine leaves a timer behind on PostgreSQL
  },
  (error) => {
    console.error(`db:migrate failed: ${describeError(error, databaseUrl)}`);
    process.exit(1);
  },
);
