// Outbound events in `fordeler work`: item state changes to each configured webhook subscriber, signed,
// retried with backoff, at least once (db/schema-webhooks.ts, db/webhook-store.ts). Every ~2 s one round
// plans the new events of every subscriber into deliveries and sends what is due; rounds never overlap,
// and stop() waits for the round under way. A failed attempt is logged as one line (`webhook.failed`:
// subscriber, status, attempt — never the URL or the secret). Once an hour it deletes delivered and dead
// deliveries older than the events' retention (`retention.eventsDays`).
//
// A subscriber whose secret is not in the environment (or is shorter than 16 bytes) is refused at start
// with a logged error (`webhook.secret_missing` / `webhook.secret_weak`) and is neither planned nor sent
// to; the others run. A logged refusal rather than a start-up failure: webhooks are a side channel, and a
// missing secret must not stop the post from being read and routed. Its cursor, if it had one, stays
// where it was, so its events are sent once it starts with its secret.
import type { Clock } from '../../core/ports.js';
import type { Db } from '../../db/connect.js';
import { createWebhookStore, type ClaimedDelivery } from '../../db/webhook-store.js';
import type { WebhookSubscriber } from '../runtime/data-protection-config.js';
import type { Runtime } from '../runtime/compose.js';
import type { Logger } from '../runtime/logger.js';
import type { WorkConfig } from '../runtime/work-config.js';
import { sendWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-send.js';
import { webhookKey } from './webhook-signature.js';

export interface WebhookDispatch {
  /** Plan and send what is due now (tests). */
  runOnce(): Promise<{ delivered: number }>;
  stop(): Promise<void>;
}

export interface WebhookDispatchDeps {
  db: Db;
  tenantId: string;
  subscribers: readonly WebhookSubscriber[];
  /** Where the secrets are read from (`secretEnv`). */
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** The backoff's jitter (tests pass a fixed one). */
  random?: () => number;
  timeoutMs?: number;
  /** Delivered and dead deliveries are deleted this many days after their last attempt (the work file's `retention.eventsDays`). */
  keepDays?: number;
}

export const WEBHOOK_INTERVAL_MS = 2_000;
const PLAN_BATCH = 500;
/** Batches planned per subscriber and round: a backlog is worked off over several rounds. */
const PLAN_BATCHES_PER_ROUND = 10;
const SEND_BATCH = 32;
const SEND_BATCHES_PER_ROUND = 10;
/** Deliveries sent at once: a slow receiver holds one slot, not the round. */
const SEND_CONCURRENCY = 4;
const MIN_SECRET_BYTES = 16;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Active extends WebhookSubscriber {
  secret: string;
}

export function startWebhookDispatch(config: WorkConfig, runtime: Runtime, logger: Logger): WebhookDispatch {
  const dispatch = createWebhookDispatch({
    db: runtime.database.db,
    tenantId: config.app.tenantId,
    subscribers: config.file.webhooks,
    env: process.env,
    clock: runtime.clock,
    logger,
    keepDays: config.file.retention.eventsDays,
  });
  dispatch.start(WEBHOOK_INTERVAL_MS);
  return dispatch;
}

/** The dispatcher without its timer (tests drive rounds with runOnce); start() runs a round every interval. */
export function createWebhookDispatch(deps: WebhookDispatchDeps): WebhookDispatch & { start(intervalMs?: number): void } {
  const active = activeSubscribers(deps);
  const byId = new Map(active.map((subscriber) => [subscriber.id, subscriber]));
  const ids = active.map((subscriber) => subscriber.id);
  const store = createWebhookStore(deps.db, { tenantId: deps.tenantId, clock: deps.clock, ...(deps.random ? { random: deps.random } : {}) });
  let current: Promise<{ delivered: number }> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let prunedAt = Number.NEGATIVE_INFINITY;

  async function planAll(): Promise<void> {
    for (const subscriber of active) {
      try {
        for (let i = 0; i < PLAN_BATCHES_PER_ROUND; i++) {
          const result = await store.plan(subscriber.id, subscriber.events, PLAN_BATCH);
          if (result.busy) deps.logger.debug({ code: 'webhook.plan_busy', subscriber: subscriber.id }, 'event writers busy: planning next round');
          if (!result.more) break;
        }
      } catch (error) {
        deps.logger.warn({ code: 'webhook.plan_failed', subscriber: subscriber.id, error: errorName(error) }, 'could not plan webhook deliveries');
      }
    }
  }

  async function sendOne(delivery: ClaimedDelivery): Promise<boolean> {
    const subscriber = byId.get(delivery.subscriber);
    if (!subscriber) return false;
    const outcome = await sendWebhook(delivery, { url: subscriber.url, secret: subscriber.secret, now: deps.clock.now(), timeoutMs: deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS });
    if (outcome.ok) {
      await store.markDelivered(delivery);
      return true;
    }
    const failed = await store.markFailed(delivery, { error: outcome.status, maxAttempts: subscriber.maxAttempts });
    deps.logger.warn(
      { code: 'webhook.failed', subscriber: subscriber.id, eventId: delivery.eventId, status: outcome.status, attempt: failed.attempt, ...(failed.status === 'dead' ? { dead: true } : {}) },
      failed.status === 'dead' ? 'webhook delivery given up' : 'webhook delivery failed; will retry',
    );
    return false;
  }

  async function sendDue(): Promise<number> {
    let delivered = 0;
    for (let i = 0; i < SEND_BATCHES_PER_ROUND; i++) {
      const claimed = await store.due(SEND_BATCH, ids);
      const queue = [...claimed];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) if (await sendOne(next)) delivered++;
      };
      await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, worker));
      if (claimed.length < SEND_BATCH) break;
    }
    return delivered;
  }

  async function round(): Promise<{ delivered: number }> {
    if (active.length === 0) return { delivered: 0 };
    await planAll();
    const delivered = await sendDue();
    await pruneNow();
    return { delivered };
  }

  /** Once an hour: finished deliveries older than the events they came from are kept. */
  async function pruneNow(): Promise<void> {
    const now = deps.clock.now().getTime();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await store.prune(new Date(now - (deps.keepDays ?? 90) * DAY_MS));
  }

  /** Rounds are chained: a round asked for while one runs starts when it ends. */
  function runOnce(): Promise<{ delivered: number }> {
    const next = (current ?? Promise.resolve()).catch(() => undefined).then(round);
    current = next;
    return next;
  }

  function schedule(intervalMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => deps.logger.warn({ code: 'webhook.round_failed', error: errorName(error) }, 'webhook round failed'))
        .finally(() => schedule(intervalMs));
    }, intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start(intervalMs = WEBHOOK_INTERVAL_MS) {
      if (active.length > 0) schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current?.catch(() => undefined);
    },
  };
}

/** The configured subscribers that can sign: their secret is in the environment and long enough; ids unique. */
function activeSubscribers(deps: WebhookDispatchDeps): Active[] {
  const active: Active[] = [];
  for (const subscriber of deps.subscribers) {
    const secret = deps.env[subscriber.secretEnv];
    const refuse = (code: string, message: string) => deps.logger.error({ code, subscriber: subscriber.id, secretEnv: subscriber.secretEnv }, message);
    if (active.some((other) => other.id === subscriber.id)) refuse('webhook.duplicate_subscriber', 'webhook subscriber id used twice: the second is not used');
    else if (!secret) refuse('webhook.secret_missing', 'webhook subscriber refused: its secret environment variable is not set');
    else if (webhookKey(secret).length < MIN_SECRET_BYTES) refuse('webhook.secret_weak', `webhook subscriber refused: its secret is shorter than ${MIN_SECRET_BYTES} bytes`);
    else active.push({ ...subscriber, secret });
  }
  return active;
}

function errorName(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown };
  return typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error';
}
