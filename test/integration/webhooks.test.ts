// Item state changes as signed webhooks (worker/follow-ups/webhook-dispatch.ts, db/webhook-store.ts) to a
// real local HTTP receiver, on PGlite and on PostgreSQL: the signature verifies with the secret, the body
// carries no subject or CPR number, a 500 is retried after the backoff (time driven by an injected clock)
// with the same idempotency key, after maxAttempts the delivery is dead and an alert raised, the events
// filter holds, two dispatchers never send an event twice, a missing secret is refused, and — on
// PostgreSQL, where transactions really run side by side — an event that commits late is not skipped.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { alerts, webhookDeliveries } from '../../db/schema.js';
import type { WebhookPayload } from '../../db/webhook-store.js';
import { createLoggerTo } from '../../worker/runtime/logger.js';
import type { WebhookSubscriber } from '../../worker/runtime/data-protection-config.js';
import { createWebhookDispatch, startWebhookDispatch } from '../../worker/follow-ups/webhook-dispatch.js';
import type { Runtime } from '../../worker/runtime/compose.js';
import type { WorkConfig } from '../../worker/runtime/work-config.js';
import { verifyWebhook } from '../../worker/follow-ups/webhook-signature.js';
import { openTestDatabase, type ThrowawayDatabase } from '../support/test-databases.js';

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  path: string;
}

type Answer = (request: Received, seen: number) => number | 'hang';

/** A receiver on 127.0.0.1:0 that records every request and answers as `answer` says. */
async function startReceiver(): Promise<{ url: string; received: Received[]; answer: { fn: Answer }; close(): Promise<void> }> {
  const received: Received[] = [];
  const answer: { fn: Answer } = { fn: () => 200 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '',
      };
      received.push(request);
      const status = answer.fn(request, received.filter((r) => r.id === request.id).length);
      if (status === 'hang') return;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
let tenantCount = 0;

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`webhooks on ${kind}`, () => {
    let database: Database;
    let throwaway: ThrowawayDatabase | undefined;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeAll(async () => {
      receiver = await startReceiver();
      ({ database, throwaway } = await openTestDatabase(kind, 'webhooks'));
    }, 60_000);
    afterAll(async () => {
      await database?.close();
      await throwaway?.drop();
      await receiver?.close();
    });

    /** One test's world: its own tenant, clock, log lines, and a dispatcher for the given subscribers. */
    function world(subscribers: Partial<WebhookSubscriber>[], env: Record<string, string>, db = database) {
      const tenantId = `hooks-${kind}-${++tenantCount}`;
      let nowMs = Date.parse('2026-12-01T10:00:00Z');
      const clock = { now: () => new Date(nowMs) };
      const logLines: string[] = [];
      const logger = createLoggerTo('debug', { write: (line: string) => void logLines.push(line) });
      const make = (target = db, timeoutMs = 5_000) =>
        createWebhookDispatch({
          db: target.db,
          tenantId,
          subscribers: subscribers.map((s) => ({ id: 'crm', url: `${receiver.url}/hook?token=not-in-logs`, secretEnv: 'HOOK_SECRET', maxAttempts: 12, ...s })),
          env,
          clock,
          logger,
          random: () => 0.5,
          timeoutMs,
        });
      const items = createItemStore(db.db, { tenantId, clock });
      /** An item through received → extracted → classified → parked: four events. Its subject holds a CPR number. */
      async function parkedItem(label: string): Promise<string> {
        const at = clock.now();
        const { item } = await items.createItem({ channel: 'email', source: `test:${label}`, fileName: 'brev.eml', contentSha256: createHash('sha256').update(`${tenantId}:${label}`).digest('hex'), size: 10, receivedAt: at });
        await items.appendEvent(item.id, { stage: 'ingest', type: 'received', at });
        await items.commit({ itemId: item.id, from: 'received', to: 'extracted', event: { stage: 'extract', type: 'extracted', at }, patch: { subject: 'Ansøgning fra 010203-1234' } });
        await items.commit({ itemId: item.id, from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at }, patch: { kleNr: '02.34.02' } });
        await items.commit({ itemId: item.id, from: 'classified', to: 'parked', event: { stage: 'park', type: 'parked', at } });
        return item.id;
      }
      const deliveries = () => database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, tenantId));
      const mine = () => receiver.received.filter((r) => (JSON.parse(r.body) as WebhookPayload).tenant === tenantId);
      const advance = (ms: number) => void (nowMs += ms);
      return { tenantId, clock, logLines, make, items, parkedItem, deliveries, mine, advance };
    }

    it('delivers every event signed, with the idempotency key and no subject or CPR number', async () => {
      const key = secret();
      const w = world([{}], { HOOK_SECRET: key });
      const dispatch = w.make();
      expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
      const itemId = await w.parkedItem('signed');
      expect(await dispatch.runOnce()).toEqual({ delivered: 4 });
      const got = w.mine();
      expect(got).toHaveLength(4);
      for (const request of got) {
        expect(verifyWebhook(key, request.id, request.timestamp, request.body, request.signature)).toBe(true);
        expect(verifyWebhook(secret(), request.id, request.timestamp, request.body, request.signature)).toBe(false);
        expect(request.body).not.toMatch(/010203|Ansøgning|brev\.eml/);
        expect(request.timestamp).toBe(String(Date.parse('2026-12-01T10:00:00Z') / 1000));
      }
      const payloads = got.map((r) => JSON.parse(r.body) as WebhookPayload);
      expect(payloads.map((p) => p.type)).toEqual(['received', 'extracted', 'classified', 'parked']);
      expect(got.map((r) => r.id)).toEqual(payloads.map((p) => p.id));
      expect(payloads[3]).toMatchObject({ tenant: w.tenantId, occurredAt: '2026-12-01T10:00:00.000Z', item: { id: itemId, state: 'parked', channel: 'email', destination: null, kleNr: '02.34.02', round: 1 } });
      expect(payloads[0]?.id).toMatch(/^crm:\d+$/);
      const rows = await w.deliveries();
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(['delivered', 1]));
      expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
      expect(w.mine()).toHaveLength(4);
      await dispatch.stop();
    });

    it('sends a delivery the receiver failed again after the backoff, with the same webhook-id and body', async () => {
      const key = secret();
      const w = world([{}], { HOOK_SECRET: key });
      const dispatch = w.make();
      await dispatch.runOnce();
      const { item } = await w.items.createItem({ channel: 'scan', source: 'test:retry', fileName: 'scan.pdf', contentSha256: 'a'.repeat(64), size: 1, receivedAt: w.clock.now() });
      receiver.answer.fn = (request, seen) => ((JSON.parse(request.body) as WebhookPayload).tenant === w.tenantId && seen === 1 ? 500 : 200);
      await w.items.appendEvent(item.id, { stage: 'ingest', type: 'received', at: w.clock.now() });
      expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
      expect(w.mine()).toHaveLength(1);
      const failedLine = w.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.code === 'webhook.failed');
      expect(failedLine).toMatchObject({ subscriber: 'crm', status: '500', attempt: 1 });
      expect(w.logLines.join('\n')).not.toMatch(/not-in-logs|127\.0\.0\.1|whsec_/);
      // Not due before the backoff (15 s with the jitter at its middle).
      w.advance(14_000);
      expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
      expect(w.mine()).toHaveLength(1);
      w.advance(1_000);
      expect(await dispatch.runOnce()).toEqual({ delivered: 1 });
      const [first, second] = w.mine();
      expect(second?.id).toBe(first?.id);
      expect(second?.body).toBe(first?.body);
      expect(Number(second?.timestamp) - Number(first?.timestamp)).toBe(15);
      for (const request of [first!, second!]) expect(verifyWebhook(key, request.id, request.timestamp, request.body, request.signature)).toBe(true);
      expect((await w.deliveries()).map((r) => [r.status, r.attempts])).toEqual([['delivered', 2]]);
      receiver.answer.fn = () => 200;
      await dispatch.stop();
    });

    it('gives a delivery up after maxAttempts: dead, an alert, no further attempts', async () => {
      const w = world([{ maxAttempts: 3 }], { HOOK_SECRET: secret() });
      const dispatch = w.make();
      await dispatch.runOnce();
      const { item } = await w.items.createItem({ channel: 'email', source: 'test:dead', fileName: 'x.eml', contentSha256: 'b'.repeat(64), size: 1, receivedAt: w.clock.now() });
      receiver.answer.fn = (request) => ((JSON.parse(request.body) as WebhookPayload).tenant === w.tenantId ? 503 : 200);
      await w.items.appendEvent(item.id, { stage: 'ingest', type: 'received', at: w.clock.now() });
      for (let round = 0; round < 5; round++) {
        expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
        w.advance(7 * 60 * 60 * 1000);
      }
      expect(w.mine()).toHaveLength(3);
      expect((await w.deliveries()).map((r) => [r.status, r.attempts, r.lastError])).toEqual([['dead', 3, '503']]);
      const raised = await database.db.select().from(alerts).where(and(eq(alerts.tenantId, w.tenantId), eq(alerts.kind, 'webhook_dead')));
      expect(raised).toHaveLength(1);
      expect(raised[0]?.itemId).toBe(item.id);
      expect(raised[0]?.message).not.toMatch(/127\.0\.0\.1|not-in-logs/);
      const failed = w.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.code === 'webhook.failed');
      expect(failed.map((line) => [line.attempt, line.dead ?? false])).toEqual([[1, false], [2, false], [3, true]]);
      receiver.answer.fn = () => 200;
      // Finished deliveries go when the events' retention (90 days by default) has passed.
      w.advance(90 * 24 * 60 * 60 * 1000);
      await dispatch.runOnce();
      expect(await w.deliveries()).toEqual([]);
      await dispatch.stop();
    });

    it('sends a subscriber only the event types it asked for; another subscriber gets them all', async () => {
      const keyA = secret();
      const keyB = secret();
      const w = world([{ id: 'only-parked', secretEnv: 'HOOK_A', events: ['parked'] }, { id: 'all', secretEnv: 'HOOK_B' }], { HOOK_A: keyA, HOOK_B: keyB });
      const dispatch = w.make();
      await dispatch.runOnce();
      await w.parkedItem('filter');
      expect(await dispatch.runOnce()).toEqual({ delivered: 5 });
      const got = w.mine();
      const bySubscriber = (prefix: string) => got.filter((r) => r.id.startsWith(`${prefix}:`));
      expect(bySubscriber('only-parked').map((r) => (JSON.parse(r.body) as WebhookPayload).type)).toEqual(['parked']);
      expect(bySubscriber('all').map((r) => (JSON.parse(r.body) as WebhookPayload).type)).toEqual(['received', 'extracted', 'classified', 'parked']);
      for (const r of bySubscriber('only-parked')) expect(verifyWebhook(keyA, r.id, r.timestamp, r.body, r.signature)).toBe(true);
      for (const r of bySubscriber('all')) expect(verifyWebhook(keyB, r.id, r.timestamp, r.body, r.signature)).toBe(true);
      // The same event reaches both under their own keys.
      const parkedIds = got.filter((r) => (JSON.parse(r.body) as WebhookPayload).type === 'parked').map((r) => r.id.split(':')[1]);
      expect(new Set(parkedIds).size).toBe(1);
      await dispatch.stop();
    });

    it('two dispatchers running at once plan and send every event once', async () => {
      const second = kind === 'postgres' ? await openDatabase({ databaseUrl: throwaway!.url }) : database;
      try {
        const w = world([{}], { HOOK_SECRET: secret() });
        const one = w.make();
        const two = w.make(second);
        await Promise.all([one.runOnce(), two.runOnce()]);
        const writing = Promise.all(Array.from({ length: 12 }, (_, i) => w.parkedItem(`concurrent-${i}`)));
        const rounds = (dispatch: typeof one) => (async () => { for (let i = 0; i < 6; i++) await dispatch.runOnce(); })();
        await Promise.all([writing, rounds(one), rounds(two)]);
        await Promise.all([one.runOnce(), two.runOnce()]);
        await Promise.all([one.runOnce(), two.runOnce()]);
        const ids = w.mine().map((r) => r.id);
        expect(ids).toHaveLength(48);
        expect(new Set(ids).size).toBe(48);
        const rows = await w.deliveries();
        expect(rows).toHaveLength(48);
        expect(rows.filter((r) => r.status !== 'delivered' || r.attempts !== 1).map((r) => [r.status, r.attempts, r.lastError])).toEqual([]);
        await Promise.all([one.stop(), two.stop()]);
      } finally {
        if (second !== database) await second.close();
      }
    }, 60_000);

    it('refuses a subscriber whose secret is missing, with a logged error, and serves the others', async () => {
      const w = world([{ id: 'no-secret', secretEnv: 'HOOK_UNSET' }, { id: 'ok', secretEnv: 'HOOK_SET' }], { HOOK_SET: secret() });
      const dispatch = w.make();
      const refused = w.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.code === 'webhook.secret_missing');
      expect(refused).toMatchObject({ subscriber: 'no-secret', secretEnv: 'HOOK_UNSET', level: 50 });
      await dispatch.runOnce();
      await w.parkedItem('refused');
      expect(await dispatch.runOnce()).toEqual({ delivered: 4 });
      expect(w.mine().every((r) => r.id.startsWith('ok:'))).toBe(true);
      await dispatch.stop();
    });

    it('counts a receiver that does not answer in time as a failed attempt', async () => {
      const w = world([{}], { HOOK_SECRET: secret() });
      const dispatch = w.make(database, 300);
      await dispatch.runOnce();
      receiver.answer.fn = (request) => ((JSON.parse(request.body) as WebhookPayload).tenant === w.tenantId ? 'hang' : 200);
      const { item } = await w.items.createItem({ channel: 'email', source: 'test:hang', fileName: 'x.eml', contentSha256: 'c'.repeat(64), size: 1, receivedAt: w.clock.now() });
      await w.items.appendEvent(item.id, { stage: 'ingest', type: 'received', at: w.clock.now() });
      expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
      expect((await w.deliveries()).map((r) => [r.status, r.attempts, r.lastError])).toEqual([['pending', 1, 'timeout']]);
      receiver.answer.fn = () => 200;
      await dispatch.stop();
    });

    it('starts a new subscriber at the newest event: what happened before it was configured is not sent', async () => {
      const w = world([{}], { HOOK_SECRET: secret() });
      await w.parkedItem('before');
      const dispatch = w.make();
      expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
      await w.parkedItem('after');
      expect(await dispatch.runOnce()).toEqual({ delivered: 4 });
      expect(w.mine()).toHaveLength(4);
      await dispatch.stop();
    });

    it('runs by itself in fordeler work: the secret from the environment, a round every ~2 s', async () => {
      const key = secret();
      const w = world([], {});
      const envName = `FORDELER_TEST_HOOK_${kind.toUpperCase()}`;
      process.env[envName] = key;
      const config = {
        app: { tenantId: w.tenantId },
        file: { webhooks: [{ id: 'work', url: `${receiver.url}/work`, secretEnv: envName, maxAttempts: 12 }], retention: { eventsDays: 90 } },
      } as unknown as WorkConfig;
      const runtime = { database, clock: w.clock } as unknown as Runtime;
      const dispatch = startWebhookDispatch(config, runtime, createLoggerTo('silent', { write: () => {} }));
      try {
        // The first round makes the cursor; events written after it are sent by a later round of the timer.
        await dispatch.runOnce();
        await w.parkedItem('work');
        const deadline = Date.now() + 20_000;
        while (w.mine().length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        const got = w.mine();
        expect(got.map((r) => r.path)).toEqual(Array(4).fill('/work'));
        for (const r of got) expect(verifyWebhook(key, r.id, r.timestamp, r.body, r.signature)).toBe(true);
      } finally {
        await dispatch.stop();
        delete process.env[envName];
      }
    }, 30_000);

    if (kind === 'postgres') {
      it('does not skip an event whose transaction commits after a later one', async () => {
        const w = world([{}], { HOOK_SECRET: secret() });
        const dispatch = w.make();
        await dispatch.runOnce();
        const { item } = await w.items.createItem({ channel: 'email', source: 'test:late', fileName: 'x.eml', contentSha256: 'd'.repeat(64), size: 1, receivedAt: w.clock.now() });
        const slow = new pg.Client({ connectionString: throwaway!.url });
        await slow.connect();
        try {
          await slow.query('begin');
          const early = await slow.query<{ id: string }>(`insert into item_events (item_id, tenant_id, stage, type, at) values ($1, $2, 'route', 'routed', now()) returning id`, [item.id, w.tenantId]);
          // A later id, committed first (the insert waits for nothing: ROW EXCLUSIVE locks share).
          await w.items.appendEvent(item.id, { stage: 'ingest', type: 'received', at: w.clock.now() });
          expect(await dispatch.runOnce()).toEqual({ delivered: 0 });
          await slow.query('commit');
          expect(await dispatch.runOnce()).toEqual({ delivered: 2 });
          const eventIds = w.mine().map((r) => Number(r.id.split(':')[1]));
          expect(eventIds[0]).toBe(Number(early.rows[0]?.id));
          expect(eventIds).toHaveLength(2);
          expect(eventIds[1]).toBeGreaterThan(eventIds[0]!);
        } finally {
          await slow.end();
        }
        await dispatch.stop();
      });
    }
  });
}
