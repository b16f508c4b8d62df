-- Custom migration: fuzzy subject search for staff ("ansøgning om ..." with typos).
-- pg_trgm is a trusted extension on PostgreSQL 13+, so a database owner may create it;
-- PGlite needs `extensions: { pg_trgm }` when it is created (db/connect.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "items_subject_trgm_idx" ON "items" USING gin ("subject" gin_trgm_ops);
