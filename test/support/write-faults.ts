// Fault injection at the row level, for crash tests on a real database: a trigger on every table an item
// step writes draws the next number of a sequence for each row written (sequences are not rolled back)
// and raises at the planned number, which aborts that statement's transaction exactly there. Database
// details stay here, so the tests themselves speak in ports.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { deliveries } from '../../db/schema.js';
import { rows } from './schema-checks.js';

export const FAULT_TABLES = ['items', 'blobs', 'attachments', 'decisions', 'item_events', 'deliveries'] as const;

export async function installWriteFaults(db: Db): Promise<void> {
  await db.execute(sql`create sequence crash_writes`);
  await db.execute(sql`create table crash_plan (at bigint not null)`);
  await db.execute(
    sql.raw(`create function crash_at_planned_write() returns trigger language plpgsql as $$
      declare n bigint := nextval('crash_writes');
      begin
        if exists (select 1 from crash_plan where at = n) then
          raise exception 'injected crash at write % (% on %)', n, tg_op, tg_table_name;
        end if;
        return new;
      end $$`),
  );
  for (const table of FAULT_TABLES) {
    await db.execute(sql.raw(`create trigger ${table}_crash before insert or update on ${table} for each row execute function crash_at_planned_write()`));
  }
}

/** Empties the item tables and plans a crash at the `crashAt`th row write (none when undefined). */
export async function resetWriteFaults(db: Db, crashAt?: number): Promise<void> {
  await db.execute(sql`truncate items, blobs cascade`);
  await db.execute(sql`truncate crash_plan`);
  await db.execute(sql`alter sequence crash_writes restart`);
  if (crashAt !== undefined) await db.execute(sql`insert into crash_plan (at) values (${crashAt})`);
}

/** Rows written since the last reset. */
export async function writesSoFar(db: Db): Promise<number> {
  const [row] = await rows<{ n: number; called: boolean }>(db, sql`select last_value::int as n, is_called as called from crash_writes`);
  return row?.called ? row.n : 0;
}

/** Every deliveries row of an item (the ledger), oldest round first. */
export async function deliveryRows(db: Db, itemId: string) {
  const ledger = await db.select().from(deliveries).where(eq(deliveries.itemId, itemId)).orderBy(deliveries.round);
  return ledger.map((r) => ({ round: r.round, destination: r.destination, transactionId: r.transactionId, status: r.status, attempts: r.attempts }));
}
