// The item list of the HTTP API: filters (state, channel, destination, KLE prefix, sender, received from/to),
// full-text search and keyset pagination, always inside the access policy's condition (db/access-policy.ts),
// so a list never shows an item its reader may not see. Search is PostgreSQL's `danish` text search over
// subject, body and attachment texts (the Snowball stemmer makes "klager" find "klage") or pg_trgm word
// similarity on subject and sender (typos, parts of names); both exist on PGlite too (pg_trgm is loaded
// by db/connect.ts, the `danish` configuration is built in). The text search reads `items.search_vector`,
// kept by a trigger and GIN-indexed (migration 0010; the first 200,000 characters of an item's texts).
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { ItemState } from '../core/lifecycle.js';
import type { Channel } from '../core/model.js';
import { suggestedDestinationsOf, type PolicyItem } from './access-policy.js';
import type { Db } from './connect.js';
import { isItemId } from './item-store.js';
import { decisions, items, redistributions } from './schema.js';

export interface ItemSearch {
  state?: ItemState;
  /** Any of these states (the rest mailbox: parked and rejected). */
  states?: readonly ItemState[];
  channel?: Channel;
  destination?: string;
  /** A KLE prefix: NN, NN.NN or NN.NN.NN. */
  kle?: string;
  /** Part of the sender's name, e-mail or id (case-insensitive). */
  sender?: string;
  /** Received at or after. */
  from?: Date;
  /** Received before. */
  to?: Date;
  q?: string;
  /** The last row of the previous page (newest first). */
  after?: { receivedAt: Date; id: string };
  limit: number;
}

export interface ItemListRow {
  id: string;
  channel: Channel;
  state: ItemState;
  fileName: string;
  subject: string | null;
  sender: string | null;
  kleNr: string | null;
  kleConfidence: number | null;
  destination: string | null;
  sensitive: string[];
  receivedAt: Date;
  stateChangedAt: Date;
  round: number;
}

const senderText = sql<string>`concat_ws(' ', ${items.extracted} -> 'sender' ->> 'name', ${items.extracted} -> 'sender' ->> 'email', ${items.extracted} -> 'sender' ->> 'id')`;
const searchVector = sql`${items}.search_vector`;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The search condition for `q`: Danish text search, or trigram word similarity on subject or sender. */
export function searchCondition(q: string): SQL {
  return sql`(${searchVector} @@ websearch_to_tsquery('danish', ${q}) or ${q} <% coalesce(${items.subject}, '') or ${q} <% ${senderText})`;
}

/** Items matching `search` within `scope` (a condition from db/access-policy.ts), newest first. */
export async function searchItems(db: Db, scope: SQL, search: ItemSearch): Promise<ItemListRow[]> {
  const where = and(
    scope,
    search.state ? eq(items.state, search.state) : undefined,
    search.states ? inArray(items.state, [...search.states]) : undefined,
    search.channel ? eq(items.channel, search.channel) : undefined,
    search.destination ? eq(items.destination, search.destination) : undefined,
    search.kle ? sql`${items.kleNr} like ${`${escapeLike(search.kle)}%`}` : undefined,
    search.sender ? sql`${senderText} ilike ${`%${escapeLike(search.sender)}%`}` : undefined,
    search.from ? gte(items.receivedAt, search.from) : undefined,
    search.to ? lt(items.receivedAt, search.to) : undefined,
    search.q?.trim() ? searchCondition(search.q.trim()) : undefined,
    search.after ? sql`(${items.receivedAt}, ${items.id}) < (${search.after.receivedAt.toISOString()}::timestamptz, ${search.after.id}::uuid)` : undefined,
  );
  const rows = await db
    .select({
      id: items.id,
      channel: items.channel,
      state: items.state,
      fileName: items.fileName,
      subject: items.subject,
      sender: sql<string | null>`nullif(${senderText}, '')`,
      kleNr: items.kleNr,
      kleConfidence: items.kleConfidence,
      destination: items.destination,
      sensitive: items.sensitive,
      receivedAt: items.receivedAt,
      stateChangedAt: items.stateChangedAt,
      round: items.round,
    })
    .from(items)
    .where(where)
    .orderBy(desc(items.receivedAt), desc(items.id))
    .limit(search.limit);
  return rows;
}

/** The current round's route outcome of each item (for suggestions); items without one are absent. */
export async function currentRouteOutcomes(db: Db, tenantId: string, rows: readonly Pick<ItemListRow, 'id' | 'round'>[]): Promise<Map<string, Record<string, unknown>>> {
  if (rows.length === 0) return new Map();
  const found = await db
    .select({ itemId: decisions.itemId, round: decisions.round, outcome: decisions.outcome })
    .from(decisions)
    .where(and(eq(decisions.tenantId, tenantId), eq(decisions.stage, 'route'), inArray(decisions.itemId, rows.map((r) => r.id))));
  const roundOf = new Map(rows.map((r) => [r.id, r.round]));
  return new Map(found.filter((d) => roundOf.get(d.itemId) === d.round).map((d) => [d.itemId, d.outcome]));
}

/** One item of the tenant with what the access policy looks at; undefined when there is no such item. */
export async function findPolicyItem(db: Db, tenantId: string, itemId: string): Promise<{ row: typeof items.$inferSelect; policy: PolicyItem; route: Record<string, unknown> | undefined } | undefined> {
  if (!isItemId(itemId)) return undefined;
  const [row] = await db.select().from(items).where(and(eq(items.id, itemId), eq(items.tenantId, tenantId)));
  if (!row) return undefined;
  const route = (await currentRouteOutcomes(db, tenantId, [row])).get(row.id);
  return {
    row,
    route,
    policy: { tenantId: row.tenantId, state: row.state, destination: row.destination, kleNr: row.kleNr, sensitive: row.sensitive, suggestedDestinations: suggestedDestinationsOf(route) },
  };
}

/** Whether a re-distribution with this action key (sourceRef) was recorded for the item: a repeated request. */
export async function placingRecorded(db: Db, tenantId: string, itemId: string, sourceRef: string): Promise<boolean> {
  const [row] = await db
    .select({ id: redistributions.id })
    .from(redistributions)
    .where(and(eq(redistributions.tenantId, tenantId), eq(redistributions.itemId, itemId), eq(redistributions.sourceRef, sourceRef)));
  return row !== undefined;
}
