// drizzle-kit: generates SQL migrations from db/schema.ts (`npx drizzle-kit generate`).
// Migrations are applied at runtime by db/connect.ts, not by `drizzle-kit migrate`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
