// The webhook outbox (db/schema-webhooks.ts), bound to one tenant: item events become one delivery per
// event and subscriber (plan), deliveries that are due are claimed (due) and marked delivered or failed.
// Planning is a transactional outbox over item_events, which every state change writes in its own
// transaction, so no change is missed and none is announced that did not happen.
//
// Late commits. item_events ids come from an identity sequence: a transaction that took id 41 and commits
// after the one that took 42 would be skipped for good once the cursor passed 42. The planner therefore
// takes `LOCK TABLE item_events IN SHARE MODE` first: that waits until every transaction that is inserting
// events has ended (they hold ROW EXCLUSIVE until commit) and keeps new ones out for the few milliseconds
// the plan takes, so the events it reads are every event there will ever be up to the highest id it sees —
// exact, where a settle time would only be likely (no timestamp here says when a row was committed; `at` is
// the writer's clock). The wait is bounded by `lock_timeout` (250 ms): behind a long writer (a purge) the
// round plans nothing and the next round tries again, so stage commits are never held up for long.
// Two planners of one subscriber are serialised by the cursor's row lock (FOR UPDATE); the unique key
// (tenant, subscriber, event) with ON CONFLICT DO NOTHING is the second guard.
//
// A new subscriber's cursor starts at the newest event: it hears about changes from the moment it is
// configured, not the whole history kept under retention. Sending is claimed by a lease (due() moves
// next_attempt_at on by LEASE_MS with FOR UPDATE SKIP LOCKED), so two dispatchers never send the same
// delivery at once and a crash mid-send only delays it to the end of the lease (at least once).
import { and, asc, eq, gt, inArray, lt, lte, max, sql } from 'drizzle-orm';
import { webhookRetryDelayMs } from '../core/webhook-backoff.js';
import type { Clock } from '../core/ports.js';
import { createAlertStore } from './alert-store.js';
import type { Db } from './connect.js';
import { itemEvents, items, webhookCursors, webhookDeliveries } from './schema.js';
import { storableText } from './storable.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

/** What a receiver gets: ids, state and routing only — no subject, body, sender or CPR number. */
export interface WebhookPayload {
  /** `<subscriber>:<event id>`: the idempotency key, also sent as `webhook-id`. */
  id: string;
  /** item_events.type, e.g. `parked`, `delivered`, `accepted`. */
  type: string;
  occurredAt: string;
  tenant: string;
  item: { id: string; state: string; channel: string; destination: string | null; kleNr: string | null; round: number };
}

export interface PlanResult {
  /** Deliveries written. */
  planned: number;
  /** Events read after the cursor (planned or filtered out). */
  scanned: number;
  /** The batch was full: there may be more to plan now. */
  more: boolean;
  /** The lock was not had in time (a long writer): nothing planned this time. */
  busy: boolean;
}

export interface ClaimedDelivery {
  id: number;
  subscriber: string;
  eventId: number;
  /** The JSON body as planned: every attempt sends these bytes. */
  payload: string;
  /** Attempts before this one. */
  attempts: number;
}

export interface FailedOutcome {
  status: 'pending' | 'dead';
  /** This attempt's number (1 = the first). */
  attempt: number;
  nextAttemptAt?: Date;
}

export interface WebhookStore {
  readonly tenantId: string;
  /** Turns the next events after the subscriber's cursor into deliveries (those `events` allows; all when undefined). */
  plan(subscriber: string, events: readonly string[] | undefined, batch?: number): Promise<PlanResult>;
  /** Claims up to `limit` pending deliveries that are due, of the given subscribers, oldest due first. */
  due(limit: number, subscribers: readonly string[]): Promise<ClaimedDelivery[]>;
  markDelivered(delivery: ClaimedDelivery): Promise<void>;
  /** Counts the attempt; the next one after the backoff, or `dead` (and an alert) after `maxAttempts`. */
  markFailed(delivery: ClaimedDelivery, failure: { error: string; maxAttempts: number }): Promise<FailedOutcome>;
  /** Deletes delivered and dead deliveries whose last attempt was before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

export interface WebhookStoreOptions extends TenantScope {
  clock?: Clock;
  /** For the backoff's jitter (tests pass a fixed one). */
  random?: () => number;
}

/** A claimed delivery is not due again for this long: longer than a round's sends take (10 s timeout each). */
export const LEASE_MS = 5 * 60 * 1000;
const LOCK_TIMEOUT = '250ms';
const systemClock: Clock = { now: () => new Date() };

export function createWebhookStore(db: Db, options: WebhookStoreOptions): WebhookStore {
  const tenantId = boundTenant(options);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const mine = (id: number) => and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending'));

  async function plan(subscriber: string, events: readonly string[] | undefined, batch = 500): Promise<PlanResult> {
    const now = clock.now();
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
        await tx.execute(sql`lock table item_events in share mode`);
        const lockCursor = async () => {
          const [row] = await tx
            .select({ lastEventId: webhookCursors.lastEventId })
            .from(webhookCursors)
            .where(and(eq(webhookCursors.tenantId, tenantId), eq(webhookCursors.subscriber, subscriber)))
            .for('update');
          return row;
        };
        let cursor = await lockCursor();
        if (!cursor) {
          // A new cursor starts at the newest event of the tenant (exact: no writer is in flight now).
          const [newest] = await tx.select({ id: max(itemEvents.id) }).from(itemEvents).where(eq(itemEvents.tenantId, tenantId));
          await tx.insert(webhookCursors).values({ tenantId, subscriber, lastEventId: newest?.id ?? 0, updatedAt: now }).onConflictDoNothing();
          cursor = await lockCursor();
        }
        const after = cursor?.lastEventId ?? 0;
        const rows = await tx
          .select({
            eventId: itemEvents.id, type: itemEvents.type, at: itemEvents.at,
            itemId: items.id, state: items.state, channel: items.channel, destination: items.destination, kleNr: items.kleNr, round: items.round,
          })
          .from(itemEvents)
          .innerJoin(items, and(eq(items.id, itemEvents.itemId), eq(items.tenantId, tenantId)))
          .where(and(eq(itemEvents.tenantId, tenantId), gt(itemEvents.id, after)))
          .orderBy(asc(itemEvents.id))
          .limit(batch);
        const wanted = events ? rows.filter((row) => events.includes(row.type)) : rows;
        let planned = 0;
        if (wanted.length > 0) {
          const values = wanted.map((row) => {
            const payload: WebhookPayload = {
              id: `${subscriber}:${row.eventId}`,
              type: row.type,
              occurredAt: row.at.toISOString(),
              tenant: tenantId,
              item: { id: row.itemId, state: row.state, channel: row.channel, destination: row.destination, kleNr: row.kleNr, round: row.round },
            };
            return { tenantId, subscriber, eventId: row.eventId, payload: storableText(JSON.stringify(payload)), nextAttemptAt: now };
          });
          const inserted = await tx.insert(webhookDeliveries).values(values).onConflictDoNothing().returning({ id: webhookDeliveries.id });
          planned = inserted.length;
        }
        const last = rows.at(-1);
        if (last) {
          await tx
            .update(webhookCursors)
            .set({ lastEventId: last.eventId, updatedAt: now })
            .where(and(eq(webhookCursors.tenantId, tenantId), eq(webhookCursors.subscriber, subscriber)));
        }
        return { planned, scanned: rows.length, more: rows.length === batch, busy: false };
      });
    } catch (error) {
      if (isLockTimeout(error)) return { planned: 0, scanned: 0, more: false, busy: true };
      throw error;
    }
  }

  async function due(limit: number, subscribers: readonly string[]): Promise<ClaimedDelivery[]> {
    if (subscribers.length === 0 || limit < 1) return [];
    const now = clock.now();
    const claimable = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.tenantId, tenantId),
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          inArray(webhookDeliveries.subscriber, [...subscribers]),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    const claimed = await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(webhookDeliveries.tenantId, tenantId), inArray(webhookDeliveries.id, claimable)))
      .returning({
        id: webhookDeliveries.id,
        subscriber: webhookDeliveries.subscriber,
        eventId: webhookDeliveries.eventId,
        payload: webhookDeliveries.payload,
        attempts: webhookDeliveries.attempts,
      });
    return claimed.sort((a, b) => a.id - b.id);
  }

  async function markDelivered(delivery: ClaimedDelivery): Promise<void> {
    await db
      .update(webhookDeliveries)
      .set({ status: 'delivered', attempts: delivery.attempts + 1, deliveredAt: clock.now(), lastError: null })
      .where(mine(delivery.id));
  }

  async function markFailed(delivery: ClaimedDelivery, failure: { error: string; maxAttempts: number }): Promise<FailedOutcome> {
    const attempt = delivery.attempts + 1;
    const lastError = storableText(failure.error.slice(0, 200));
    if (attempt >= failure.maxAttempts) {
      const [dead] = await db
        .update(webhookDeliveries)
        .set({ status: 'dead', attempts: attempt, lastError })
        .where(and(mine(delivery.id), eq(webhookDeliveries.attempts, delivery.attempts)))
        .returning({ id: webhookDeliveries.id });
      if (dead) await raiseDeadAlert(delivery, attempt, lastError);
      return { status: 'dead', attempt };
    }
    const nextAttemptAt = new Date(clock.now().getTime() + webhookRetryDelayMs(attempt, random));
    // Only while no other attempt was counted since the claim (a lease that ran out and was claimed again).
    await db.update(webhookDeliveries).set({ attempts: attempt, nextAttemptAt, lastError }).where(and(mine(delivery.id), eq(webhookDeliveries.attempts, delivery.attempts)));
    return { status: 'pending', attempt, nextAttemptAt };
  }

  /** One alert per given-up delivery (keyed), naming the item and the subscriber, never the URL. */
  async function raiseDeadAlert(delivery: ClaimedDelivery, attempts: number, error: string): Promise<void> {
    const itemId = payloadItemId(delivery.payload);
    await createAlertStore(db, { tenantId, clock }).raise({
      kind: 'webhook_dead',
      key: `webhook_dead:${delivery.subscriber}:${delivery.eventId}`,
      itemId,
      message: `Webhook ${delivery.subscriber}:${delivery.eventId} for forsendelse ${itemId ?? 'ukendt'} er opgivet efter ${attempts} forsøg (${error}).`,
      data: { subscriber: delivery.subscriber, eventId: delivery.eventId, attempts, error },
    });
  }

  async function prune(before: Date): Promise<number> {
    // A dead delivery's next_attempt_at is its last claim: the time of its last attempt.
    const gone = await db
      .delete(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.tenantId, tenantId),
          inArray(webhookDeliveries.status, ['delivered', 'dead']),
          lt(sql`coalesce(${webhookDeliveries.deliveredAt}, ${webhookDeliveries.nextAttemptAt})`, before),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    return gone.length;
  }

  return { tenantId, plan, due, markDelivered, markFailed, prune };
}

function payloadItemId(payload: string): string | null {
  try {
    const id = (JSON.parse(payload) as Partial<WebhookPayload>).item?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** PostgreSQL's lock_not_available (55P03), however the driver wraps it. */
function isLockTimeout(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '55P03') return true;
  }
  return false;
}
