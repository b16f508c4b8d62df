// Logged-in browser sessions in PostgreSQL/PGlite (table `sessions`). The cookie carries a random 32-byte
// id; only its SHA-256 is stored and looked up, so a copy of the table logs no one in. A session ends at its
// expiry or after an idle period, whichever comes first; the lookup refuses (and deletes) an ended one and
// otherwise records that it was used. Bound to one tenant like every store: another tenant's session is
// not found.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lte, or } from 'drizzle-orm';
import type { Clock } from '../core/ports.js';
import type { Db } from './connect.js';
import { sessions } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface SessionStoreOptions extends TenantScope {
  clock?: Clock;
  /** A session unused this long has ended. */
  idleMinutes: number;
}

export interface NewSession {
  subject: string;
  /** The Principal as it was at login (api/principal.ts), stored as JSON. */
  principal: Record<string, unknown>;
  /** For RP-initiated logout (id_token_hint); none for local logins. */
  idToken?: string;
  ttlMinutes: number;
}

export interface StoredSession {
  subject: string;
  principal: Record<string, unknown>;
  csrfSecret: string;
  idToken?: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionStore {
  readonly tenantId: string;
  /** A new session; `id` goes into the cookie and is never stored. */
  create(session: NewSession): Promise<{ id: string; session: StoredSession }>;
  /** The live session with this cookie id, marked as used now; undefined when unknown, expired or idle. */
  find(id: string): Promise<StoredSession | undefined>;
  /** Ends a session (logout); true when there was one. */
  delete(id: string): Promise<boolean>;
  /** Removes every ended session of the tenant; returns how many. */
  deleteEnded(): Promise<number>;
}

/** The stored form of a cookie id. */
export const sessionIdHash = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createSessionStore(db: Db, options: SessionStoreOptions): SessionStore {
  const tenantId = boundTenant(options);
  const clock = options.clock ?? { now: () => new Date() };
  const idleMs = options.idleMinutes * 60_000;
  const own = (id: string) => and(eq(sessions.tenantId, tenantId), eq(sessions.idHash, sessionIdHash(id)));
  const ended = (now: Date) => or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, new Date(now.getTime() - idleMs)));

  return {
    tenantId,
    async create(session) {
      const id = randomBytes(32).toString('base64url');
      const now = clock.now();
      const row = {
        idHash: sessionIdHash(id),
        tenantId,
        subject: session.subject,
        principal: session.principal,
        csrfSecret: randomBytes(18).toString('base64url'),
        idToken: session.idToken ?? null,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + session.ttlMinutes * 60_000),
      };
      await db.insert(sessions).values(row);
      return { id, session: toStored(row) };
    },
    async find(id) {
      if (!ID_SHAPE.test(id)) return undefined;
      const now = clock.now();
      const [live] = await db
        .update(sessions)
        .set({ lastSeenAt: now })
        .where(and(own(id), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs))))
        .returning();
      if (live) return toStored(live);
      await db.delete(sessions).where(and(own(id), ended(now)));
      return undefined;
    },
    async delete(id) {
      if (!ID_SHAPE.test(id)) return false;
      const removed = await db.delete(sessions).where(own(id)).returning({ idHash: sessions.idHash });
      return removed.length > 0;
    },
    async deleteEnded() {
      const removed = await db.delete(sessions).where(and(eq(sessions.tenantId, tenantId), ended(clock.now()))).returning({ idHash: sessions.idHash });
      return removed.length;
    },
  };
}

function toStored(row: typeof sessions.$inferSelect): StoredSession {
  return {
    subject: row.subject,
    principal: row.principal,
    csrfSecret: row.csrfSecret,
    ...(row.idToken ? { idToken: row.idToken } : {}),
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
  };
}
