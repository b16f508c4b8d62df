// `fordeler work` scaled out: PostgreSQL as the truth and BullMQ on Redis moving the work. When the
// queue loses its jobs (here: this run's keys deleted mid-run, as after a Redis restart without
// persistence), the reconciler re-queues from the database and every item still ends final, once.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../support/test-databases.js';
import { FINAL_STATES, repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const mails = ['d0005.eml', 'd0014.eml', 'd0019.eml', 'd0042.eml', 'd0055.eml'].map((n) => join(repoRoot, 'samples/post', n));

describe('fordeler work with PostgreSQL and BullMQ', () => {
  let t: TestWork;

  beforeAll(async () => {
    t = await startTestWork({ redis: true, file: { reconcile: { staleSeconds: 2, intervalSeconds: 1 } } });
  }, 60_000);
  afterAll(async () => t?.stop());

  it('processes items to a final state and survives the loss of every queued job', async () => {
    const redis = new Redis(testRedisUrl);
    try {
      // Many copies of real mails (a unique header line each, so each is its own item).
      const received: string[] = [];
      for (let i = 0; i < 40; i++) {
        const path = mails[i % mails.length]!;
        async function* withHeader() {
          yield Buffer.from(`X-Fordeler-Test: ${i}\r\n`);
          yield* createReadStream(path);
        }
        received.push((await t.work.intake.receive({ channel: 'email', source: 'imap:test/INBOX', fileName: `${i}.eml`, bytes: withHeader() })).itemId);
        if (i === 20) {
          const keys = await redis.keys(`${t.config.queuePrefix}:*`);
          if (keys.length > 0) await redis.del(...keys); // the queue is gone; the database is not
        }
      }
      await t.waitUntilFinal(40, 120_000);
      const items = await t.allItems();
      expect(items).toHaveLength(40);
      expect(new Set(items.map((i) => i.id))).toEqual(new Set(received));
      expect(items.every((i) => FINAL_STATES.includes(i.state))).toBe(true);
      const delivered = items.filter((i) => i.state === 'delivered');
      expect(delivered.length).toBeGreaterThan(30);
      // One handover per delivered item: one envelope each across all destination folders.
      const outbox = join(t.dataDir, 'outbox');
      let envelopes = 0;
      for (const destination of await readdir(outbox)) envelopes += (await readdir(join(outbox, destination))).filter((n) => n.endsWith('.json')).length;
      expect(envelopes).toBe(delivered.length);
    } finally {
      redis.disconnect();
    }
  }, 180_000);

  it('answers /healthz and /metrics', async () => {
    const health = await fetch(`${t.work.opsUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
    const metrics = await (await fetch(`${t.work.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^fordeler_items\{state="delivered"\} \d+$/m);
    expect(metrics).toMatch(/^fordeler_queue_depth\{stage="ocr"\} 0$/m);
    expect(metrics).toMatch(/^fordeler_stage_duration_seconds_count\{stage="classify",outcome="completed"\} \d+$/m);
    expect(metrics).toMatch(/^fordeler_intake_total\{source="imap:test\/INBOX",result="created"\} 40$/m);
  });
});
