// Acceptance: a business receipt lost while the worker was down is recovered without waiting for the
// missing-receipt alert. On PostgreSQL + BullMQ + the Fordelingskomponent emulator: the item is handed
// over while nothing listens where the emulator posts its receipts (the worker's receipt endpoint is down),
// so AFLEVERET and ACCEPTERET are lost and the item sits in `delivered`. The worker is restarted with its
// endpoint up; the reconciler finds the receipt overdue and queues the deliver stage, which sends the same
// round again with the same AnvenderTransaktionsID; the emulator answers from its record (no second
// delivery) and posts the final receipt again; the item is accepted.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReceiptQueries } from '../../db/receipt-queries.js';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { createLogger } from '../../worker/logger.js';
import { createReconciler, type Reconciler } from '../../worker/reconciler.js';
import { startWork, type RunningWork } from '../../worker/work.js';
import { freePort } from '../support/private-redis.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const KSD = { uuid: randomUUID(), name: 'KSD' };

describe('a business receipt lost while the worker was down', () => {
  let t: TestWork | undefined;
  let restarted: RunningWork | undefined;
  let reconciler: Reconciler | undefined;
  let fk: FkEmulator | undefined;
  afterAll(async () => {
    await reconciler?.stop();
    await restarted?.stop();
    await t?.stop();
    await fk?.close();
  });

  it('is recovered by the reconciler re-sending the same transaction, and the item is accepted', async () => {
    const port = await freePort();
    fk = await startFkEmulator({
      receivers: [{ kle: '*', system: KSD }],
      delays: { acceptMs: 20 },
      receiptCallbackUrl: `http://127.0.0.1:${port}/fk/kvittering`,
      log: () => {},
    });
    t = await startTestWork({
      redis: true,
      // The first worker has no ops server: the emulator's receipt callbacks find nobody there.
      work: { httpPort: null },
      file: {
        overdragelse: { endpoint: fk.endpoint, municipalityCvr: '65916169', systemUuid: randomUUID(), timeoutSeconds: 5 },
        destinations: { KSD: { kind: 'overdragelse', receiverSystemUuid: KSD.uuid } },
        reconcile: { staleSeconds: 60, intervalSeconds: 1 },
      },
    });
    const { itemId } = await t.receiveFile(join(repoRoot, 'samples/post/d0055.eml'), 'email');
    await until(async () => (await t!.queries.findItem(itemId))?.state === 'delivered', 'the item handed over to KSD', 60_000);
    await until(() => fk!.stats().callbacks.failed >= 2, 'AFLEVERET and ACCEPTERET lost', 30_000);
    expect(fk.stats().callbacks.sent).toBe(0);
    expect((await t.queries.findItem(itemId))?.state).toBe('delivered');
    const transactionId = (await t.queries.listEvents(itemId)).find((e) => e.type === 'delivered')?.data?.transactionId as string;
    expect(fk.stats().deliveredPerTransaction).toEqual({ [transactionId]: 1 });

    // Restart: the worker comes back with its receipt endpoint where the emulator posts.
    await t.work.stop();
    restarted = await startWork(t.config, { sources: false, httpPort: port }, createLogger('silent'));
    // The reconciler with the receipt limit short enough for a test (minutes in production).
    const waiting = createReceiptQueries(t.database!.db, t.config.app.tenantId, ['KSD']);
    reconciler = createReconciler({
      queries: restarted.queries,
      awaitingReceipt: waiting.awaitingReceipt,
      queue: restarted.queue,
      clock: { now: () => new Date() },
      logger: createLogger('silent'),
      staleAfterMs: 60_000,
      receiptOverdueMs: 1_000,
      intervalMs: 500,
    });
    reconciler.start();

    await until(async () => (await restarted!.queries.findItem(itemId))?.state === 'accepted', 'the item accepted after the re-send', 60_000);
    const stats = fk.stats();
    // Sent again with the same AnvenderTransaktionsID, answered from the record, delivered once.
    expect(stats.uniqueTransactions).toBe(1);
    expect(stats.duplicates).toBeGreaterThanOrEqual(1);
    expect(stats.deliveredPerTransaction).toEqual({ [transactionId]: 1 });
    expect(stats.callbacks.resent).toBeGreaterThanOrEqual(1);
    const events = await restarted.queries.listEvents(itemId);
    const resent = events.filter((e) => e.type === 'resent');
    expect(resent.length).toBeGreaterThanOrEqual(1);
    expect(resent.every((e) => e.data?.transactionId === transactionId)).toBe(true);
    expect(events.at(-1)).toMatchObject({ stage: 'receipt', type: 'accepted', data: { transactionId, code: 'ACCEPTERET', destination: 'KSD' } });
    const receipt = await restarted.items.latestDecision(itemId, 'receipt');
    expect(receipt?.outcome).toMatchObject({ status: 'accepted', code: 'ACCEPTERET', transactionId });
    // No alert was needed: nothing failed on the way.
    expect(events.some((e) => e.type === 'failed')).toBe(false);
  }, 180_000);
});
