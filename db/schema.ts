// Drizzle schema: the item database, gathered from its parts so drizzle-kit and db/connect.ts see every
// table. Migrations in db/migrations/ are generated from this file (`npx drizzle-kit generate`) and must
// run on PostgreSQL 15 as well as PGlite. Every table carries tenant_id.
export * from './schema-core.js';
export * from './schema-operations.js';
export * from './schema-learning.js';
export * from './schema-access.js';
export * from './schema-retention.js';
export * from './schema-webhooks.js';
