// Every row of every table in the application schema, as sorted JSON text per table. Two equal dumps
// mean that nothing was written in between: the evidence a refused command (another tenant's item, a
// bad argument) leaves the database as it was. For tests and support checks; it reads everything.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './connect.js';

const Rows = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.object({ rows: z.array(z.record(z.string(), z.unknown())) }).transform((result) => result.rows),
]);

export type TableDump = Record<string, string[]>;

export async function dumpAllTables(db: Db): Promise<TableDump> {
  const tables = Rows.parse(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
  );
  const dump: TableDump = {};
  for (const { name } of tables) {
    const table = z.string().parse(name);
    const rows = Rows.parse(await db.execute(sql`select to_jsonb(t)::text as row from ${sql.identifier(table)} t`));
    dump[table] = rows.map((r) => z.string().parse(r.row)).sort();
  }
  return dump;
}

/** The rows of one table from a dump, parsed back to objects. */
export function dumpedRows(dump: TableDump, table: string): Record<string, unknown>[] {
  return (dump[table] ?? []).map((row) => z.record(z.string(), z.unknown()).parse(JSON.parse(row)));
}
