// The alerts table: things a person must hear about, raised idempotently by key and mailed in batches.
// Messages carry ids, destinations and reason codes only — never bodies or CPR numbers — because they
// are listed by `fordeler alerts` and mailed to a functional mailbox. Bound to one tenant: an alert names
// only this tenant's items, and no other tenant's alert is listed or marked.
import { and, asc, count, desc, eq, inArray, isNull, max, min } from 'drizzle-orm';
import type { Clock } from '../core/ports.js';
import type { Db } from './connect.js';
import { isItemId } from './item-store.js';
import { alerts, items } from './schema.js';
import { storableJson, storableText } from './storable.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface NewAlert {
  kind: string;
  /** Unique per tenant: raising the same key again is a no-op. */
  key: string;
  itemId?: string | null;
  message: string;
  data?: Record<string, unknown>;
}

export interface StoredAlert {
  id: number;
  tenantId: string;
  kind: string;
  key: string;
  itemId: string | null;
  message: string;
  data: Record<string, unknown>;
  createdAt: Date;
  mailedAt: Date | null;
}

export interface PendingSummary {
  count: number;
  oldestAt: Date | null;
}

export interface AlertStore {
  readonly tenantId: string;
  /** True when the alert is new; false when its key was raised before. */
  raise(alert: NewAlert): Promise<boolean>;
  /** Multi-row raise for the scanner; returns how many were new. */
  raiseMany(alerts: readonly NewAlert[]): Promise<number>;
  /** Not yet mailed, oldest first. */
  pending(limit: number): Promise<StoredAlert[]>;
  /** Count and age of what is waiting, without loading it (checked every round). */
  pendingSummary(): Promise<PendingSummary>;
  /** Marks the alerts a mail carried; already marked ones keep their time. Returns how many changed. */
  markMailed(ids: readonly number[], at: Date): Promise<number>;
  lastMailedAt(): Promise<Date | null>;
  /** Newest first, mailed or not. */
  recent(limit: number): Promise<StoredAlert[]>;
}

export interface AlertStoreOptions extends TenantScope {
  clock?: Clock;
}

// Far below PostgreSQL's 65535 bind parameters (7 per inserted row).
const CHUNK = 500;

const systemClock: Clock = { now: () => new Date() };

export function createAlertStore(db: Db, options: AlertStoreOptions): AlertStore {
  const tenantId = boundTenant(options);
  const clock = options.clock ?? systemClock;

  /** The ids among `ids` that are items of this tenant: an alert never points at another tenant's item. */
  async function ownItems(ids: readonly string[]): Promise<Set<string>> {
    const candidates = [...new Set(ids.filter(isItemId))];
    if (candidates.length === 0) return new Set();
    const rows = await db.select({ id: items.id }).from(items).where(and(eq(items.tenantId, tenantId), inArray(items.id, candidates)));
    return new Set(rows.map((r) => r.id));
  }

  async function raiseMany(batch: readonly NewAlert[]): Promise<number> {
    // The alert's time is the injected clock's, so batching windows follow the same clock as the mailer.
    const createdAt = clock.now();
    let created = 0;
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      const own = await ownItems(chunk.flatMap((alert) => (alert.itemId ? [alert.itemId] : [])));
      const rows = chunk.map((alert) => ({
        tenantId,
        kind: storableText(alert.kind),
        key: storableText(alert.key),
        itemId: alert.itemId && own.has(alert.itemId) ? alert.itemId : null,
        message: storableText(alert.message),
        data: storableJson(alert.data ?? {}),
        createdAt,
      }));
      const inserted = await db
        .insert(alerts)
        .values(rows)
        .onConflictDoNothing({ target: [alerts.tenantId, alerts.key] })
        .returning({ id: alerts.id });
      created += inserted.length;
    }
    return created;
  }

  return {
    tenantId,
    async raise(alert) {
      return (await raiseMany([alert])) === 1;
    },
    raiseMany,
    async pending(limit) {
      return db
        .select()
        .from(alerts)
        .where(and(eq(alerts.tenantId, tenantId), isNull(alerts.mailedAt)))
        .orderBy(asc(alerts.createdAt), asc(alerts.id))
        .limit(limit);
    },
    async pendingSummary() {
      const [row] = await db
        .select({ count: count(), oldestAt: min(alerts.createdAt) })
        .from(alerts)
        .where(and(eq(alerts.tenantId, tenantId), isNull(alerts.mailedAt)));
      return { count: row?.count ?? 0, oldestAt: row?.oldestAt ?? null };
    },
    async markMailed(ids, at) {
      let changed = 0;
      for (let i = 0; i < ids.length; i += CHUNK) {
        const updated = await db
          .update(alerts)
          .set({ mailedAt: at })
          .where(and(eq(alerts.tenantId, tenantId), inArray(alerts.id, ids.slice(i, i + CHUNK)), isNull(alerts.mailedAt)))
          .returning({ id: alerts.id });
        changed += updated.length;
      }
      return changed;
    },
    async lastMailedAt() {
      const [row] = await db.select({ at: max(alerts.mailedAt) }).from(alerts).where(eq(alerts.tenantId, tenantId));
      return row?.at ?? null;
    },
    async recent(limit) {
      return db.select().from(alerts).where(eq(alerts.tenantId, tenantId)).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(limit);
    },
  };
}
