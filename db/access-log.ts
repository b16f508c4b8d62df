// The access log's store: one append-only line per read of item content, extracted text, an original file
// or an export (who, when, which item, what was shown, why when given, which request). Bound to one tenant
// like every store. Lines are only appended and listed here; the table's trigger refuses UPDATE, and rows
// leave only by the retention purge. A line never carries a CPR number or a body: `shown` names parts, and
// the free-text `purpose` and the actor's display name pass the one CPR masker before they are stored.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { maskCprFully } from '../classifiers/entities/cpr.js';
import type { Db } from './connect.js';
import { accessLog } from './schema-access.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export const ACCESS_ACTIONS = ['item.read', 'item.text', 'item.original', 'item.export', 'item.cpr_revealed'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessEntryInput {
  actor: string;
  actorName: string;
  via: string;
  action: AccessAction;
  itemId: string | null;
  /** The parts shown: 'metadata', 'classification', 'route', 'timeline', 'text', 'original', … */
  shown: readonly string[];
  purpose?: string | null;
  requestId?: string | null;
}

export interface AccessEntry extends Omit<AccessEntryInput, 'shown' | 'purpose' | 'requestId' | 'action'> {
  id: number;
  at: Date;
  action: string;
  shown: string[];
  purpose: string | null;
  requestId: string | null;
}

export interface AccessLogFilter {
  actor?: string;
  itemId?: string;
  from?: Date;
  to?: Date;
  /** Entries with a smaller id than this (the previous page's last id). */
  before?: number;
  limit?: number;
}

export interface AccessLogStore {
  readonly tenantId: string;
  append(entry: AccessEntryInput): Promise<AccessEntry>;
  /** Newest first. */
  list(filter?: AccessLogFilter): Promise<AccessEntry[]>;
}

const MAX_TEXT = 200;
const clean = (text: string): string => maskCprFully(text).slice(0, MAX_TEXT);

export function createAccessLogStore(db: Db, scope: TenantScope): AccessLogStore {
  const tenantId = boundTenant(scope);
  return {
    tenantId,
    async append(entry) {
      const [row] = await db
        .insert(accessLog)
        .values({
          tenantId,
          actor: clean(entry.actor),
          actorName: clean(entry.actorName),
          via: entry.via,
          action: entry.action,
          itemId: entry.itemId,
          shown: [...entry.shown],
          purpose: entry.purpose ? clean(entry.purpose) : null,
          requestId: entry.requestId ? entry.requestId.slice(0, 100) : null,
        })
        .returning();
      return row!;
    },
    async list(filter = {}) {
      return db
        .select()
        .from(accessLog)
        .where(
          and(
            eq(accessLog.tenantId, tenantId),
            filter.actor ? eq(accessLog.actor, filter.actor) : undefined,
            filter.itemId ? eq(accessLog.itemId, filter.itemId) : undefined,
            filter.from ? gte(accessLog.at, filter.from) : undefined,
            filter.to ? lt(accessLog.at, filter.to) : undefined,
            filter.before !== undefined ? sql`${accessLog.id} < ${filter.before}` : undefined,
          ),
        )
        .orderBy(desc(accessLog.id))
        .limit(filter.limit ?? 100);
    },
  };
}
