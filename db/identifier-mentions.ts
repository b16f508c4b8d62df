// Where one tenant's database mentions an erasure target (a CPR or CVR number in any written form, or an
// item id; classifiers/entities/erasure-identifier.ts gives the pattern), for db/identifier-erasure.ts:
// - the items that mention it: subject, file name, source, Message-ID, the extracted content as JSON (body,
//   attachments' names and texts, sender, recipients, metadata — a sidecar's fields are read into it),
//   the error, and the rows that hang on the item (attachment names, event data, decision outcomes and
//   reasons — classify's entities among them — and delivery receipts). Sidecar FILES are read through a port;
// - the rows outside items that may quote it (alerts, confirmations, imported examples, learned models,
//   webhook deliveries), which the erasure deletes;
// - every row of every tenant table that still mentions it, as text (to_jsonb), for the report.
// All of it is full scans with a regular expression: an erasure is rare and must be thorough, not fast.
import { and, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './connect.js';
import { alerts, attachments, classifierModels, confirmations, decisions, deliveries, importedExamples, itemEvents, items, redistributions, restPostings, webhookDeliveries } from './schema.js';

/** A sidecar file's text (worker side: the blob store); undefined when the file is gone. */
export interface SidecarReader {
  read(sha256: string): Promise<string | undefined>;
}

const Rows = z.union([z.array(z.record(z.string(), z.unknown())), z.object({ rows: z.array(z.record(z.string(), z.unknown())) }).transform((result) => result.rows)]);

/** The rows that hang on an item, by table, as the item erasure deletes them. */
export const ITEM_TABLES = { item_events: itemEvents, decisions, attachments, deliveries, redistributions, rest_postings: restPostings, confirmations, alerts } as const;

/** Ids of the tenant's items that mention the pattern (items whose sidecar file does: through `sidecars`). */
export async function itemsMentioning(db: Db, tenantId: string, pattern: string, sidecars?: SidecarReader): Promise<string[]> {
  const p = pattern;
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.tenantId, tenantId),
        or(
          sql`concat_ws(' ', ${items.subject}, ${items.fileName}, ${items.source}, ${items.messageId}, ${items.extracted}::text, ${items.error}::text) ~ ${p}`,
          sql`exists (select 1 from ${attachments} a where a.item_id = ${items.id} and a.name ~ ${p})`,
          sql`exists (select 1 from ${itemEvents} e where e.item_id = ${items.id} and e.data::text ~ ${p})`,
          sql`exists (select 1 from ${decisions} d where d.item_id = ${items.id} and (d.reasons::text ~ ${p} or d.outcome::text ~ ${p}))`,
          sql`exists (select 1 from ${deliveries} l where l.item_id = ${items.id} and l.receipt::text ~ ${p})`,
          sql`exists (select 1 from ${redistributions} r where r.item_id = ${items.id} and concat_ws(' ', r.by, r.source_ref) ~ ${p})`,
        ),
      ),
    );
  const found = new Set(rows.map((row) => row.id));
  if (sidecars) {
    const withSidecar = await db
      .select({ id: items.id, sidecar: items.sidecarSha256 })
      .from(items)
      .where(and(eq(items.tenantId, tenantId), sql`${items.sidecarSha256} is not null`));
    const regex = new RegExp(p);
    for (const row of withSidecar) {
      if (found.has(row.id) || !row.sidecar) continue;
      const text = await sidecars.read(row.sidecar);
      if (text !== undefined && regex.test(text)) found.add(row.id);
    }
  }
  return [...found].sort();
}

/** How many rows each table holds for these items (the item rows themselves under `items`). */
export async function rowsOfItems(db: Db, tenantId: string, itemIds: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = { items: 0 };
  for (const name of Object.keys(ITEM_TABLES)) counts[name] = 0;
  if (itemIds.length === 0) return counts;
  const ids = [...itemIds];
  counts.items = await count(db, items, and(eq(items.tenantId, tenantId), inArray(items.id, ids)));
  for (const [name, table] of Object.entries(ITEM_TABLES)) counts[name] = await count(db, table, and(eq(table.tenantId, tenantId), inArray(table.itemId, ids)));
  return counts;
}

/**
 * The rows outside the erased items that quote the target, by table: alerts without an item (or of an item
 * that is not kept), confirmations of other items whose sender keys or case numbers name it, imported
 * examples, learned model versions, and webhook deliveries quoting it or an erased item's id. Items in
 * `keep` (under legal hold) keep theirs. Deleted when `remove`, else only counted.
 */
export async function outsideRows(db: Db, tenantId: string, pattern: string, erased: readonly string[], keep: readonly string[], remove: boolean): Promise<Record<string, number>> {
  const p = pattern;
  const notKept = <T extends { itemId: typeof alerts.itemId | typeof confirmations.itemId }>(table: T) =>
    keep.length > 0 ? or(sql`${table.itemId} is null`, notInArray(table.itemId, [...keep])) : undefined;
  const itemIds = erased.length > 0 ? erased.join('|') : undefined;
  const targets = [
    ['alerts', alerts, and(eq(alerts.tenantId, tenantId), notKept(alerts), sql`concat_ws(' ', ${alerts.key}, ${alerts.message}, ${alerts.data}::text) ~ ${p}`)],
    ['confirmations', confirmations, and(eq(confirmations.tenantId, tenantId), notKept(confirmations), sql`concat_ws(' ', array_to_string(${confirmations.senderKeys}, ' '), array_to_string(${confirmations.caseNumbers}, ' '), ${confirmations.confirmedBy}) ~ ${p}`)],
    ['imported_examples', importedExamples, and(eq(importedExamples.tenantId, tenantId), sql`concat_ws(' ', ${importedExamples.externalId}, ${importedExamples.sourceFile}, array_to_string(${importedExamples.senderKeys}, ' '), ${importedExamples.features}::text) ~ ${p}`)],
    ['classifier_models', classifierModels, and(eq(classifierModels.tenantId, tenantId), sql`${classifierModels.model} ~ ${p}`)],
    ['webhook_deliveries', webhookDeliveries, and(eq(webhookDeliveries.tenantId, tenantId), or(sql`${webhookDeliveries.payload} ~ ${p}`, itemIds ? sql`${webhookDeliveries.payload} ~ ${itemIds}` : undefined))],
  ] as const;
  const counts: Record<string, number> = {};
  for (const [name, table, where] of targets) {
    if (remove) counts[name] = (await db.delete(table).where(where).returning({ one: sql<number>`1` })).length;
    else counts[name] = await count(db, table, where);
  }
  return counts;
}

/** Per tenant table (every table with a tenant_id but `erasures`), how many rows mention the pattern anywhere. */
export async function mentionsByTable(db: Db, tenantId: string, pattern: string): Promise<Record<string, number>> {
  const tables = Rows.parse(
    await db.execute(
      sql`select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' and table_name <> 'erasures' order by 1`,
    ),
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const table = z.string().parse(name);
    const [row] = Rows.parse(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} t where t.tenant_id = ${tenantId} and to_jsonb(t)::text ~ ${pattern}`));
    const n = Number(row?.n ?? 0);
    if (n > 0) counts[table] = n;
  }
  return counts;
}

async function count(db: Db, table: Parameters<ReturnType<Db['select']>['from']>[0], where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return Number(row?.n ?? 0);
}
