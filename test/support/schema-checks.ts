// Checks that the migrations ran completely on a driver: every journal entry applied once, and the
// custom pg_trgm migration usable for fuzzy subject search.
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { items } from '../../db/schema.js';
import { newEmail, walk } from './item-fixtures.js';

/** Raw results differ per driver, but both carry `rows`. */
export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function expectAllMigrationsApplied(db: Db): Promise<void> {
  const journal = JSON.parse(await readFile(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  };
  const [applied] = await rows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  expect(applied?.n).toBe(journal.entries.length);
}

export async function expectTrigramSubjectSearch(db: Db): Promise<void> {
  const indexes = await rows<{ indexdef: string }>(db, sql`select indexdef from pg_indexes where indexname = 'items_subject_trgm_idx'`);
  expect(indexes[0]?.indexdef).toMatch(/USING gin \(subject gin_trgm_ops\)/);
  const store = createItemStore(db, { tenantId: 'trigram' });
  const subjects = ['Ansøgning om boligstøtte', 'Klage over parkeringsafgift', 'Vuggestueplads fra februar'];
  for (const [i, subject] of subjects.entries()) {
    const { item } = await store.createItem(newEmail({ source: `trgm/${i}` }));
    await walk(store, item.id, ['extracted'], { subject });
  }
  const found = await db
    .select({ subject: items.subject })
    .from(items)
    .where(sql`${items.tenantId} = 'trigram' and ${items.subject} % ${'ansøgning om bolistøtte'}`);
  expect(found).toEqual([{ subject: 'Ansøgning om boligstøtte' }]);
}
