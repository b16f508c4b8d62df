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
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { startWork, type RunningWork } from '../../worker/runtime/work.js';
import { freePort } from '../support/private-redis.js';
import { pinnedReceipts } from '../support/ops-client.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const KSD = { uuid: randomUUID(), name: 'KSD' };

describe('a business receipt lost while the worker was down', () => {
  let t: TestWork | undefined;
  let restarted: RunningWork | undefined;
  let fk: FkEmulator | undefined;
  afterAll(async () => {
    await restarted?.stop();
    await t?.stop();
    await fk?.close();
  });

  it('is recovered by the reconciler re-sending the same transaction, and the item is accepted', async () => {
    const port = await freePort();
    const receipts = pinnedReceipts();
    fk = await startFkEmulator({
      receivers: [{ kle: '*', system: KSD }],
      delays: { acceptMs: 20 },
      receiptCallbackUrl: receipts.callbackUrl(port),
      callbackTls: receipts.callbackTls,
      log: () => {},
    });
    t = await startTestWork({
      redis: true,
      // The first worker has no ops server: the emulator's receipt callbacks find nobody there.
      work: { httpPort: null },
      file: {
        http: { tls: receipts.httpTls },
        overdragelse: { endpoint: fk.endpoint, municipalityCvr: '65916169', systemUuid: randomUUID(), timeoutSeconds: 5, receiptCallerSha256: receipts.receiptCallerSha256 },
        destinations: { KSD: { kind: 'overdragelse', receiverSystemUuid: KSD.uuid } },
        // The first worker would wait the default 10 minutes before re-sending: it never does here.
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

    // Restart: the worker comes back with its receipt endpoint where the emulator posts, and a receipt
    // limit short enough for a test (reconcile.receiptOverdueSeconds; minutes in production).
    await t.work.stop();
    const file = { ...t.config.file, reconcile: { ...t.config.file.reconcile, receiptOverdueSeconds: 2 } };
    restarted = await startWork({ ...t.config, file }, { sources: false, httpPort: port }, createLogger('silent'));

    await until(async () => (await restarted!.queries.findItem(itemId))?.state === 'accepted', 'the item accepted after the re-send', 60_000).catch(async (error: unknown) => {
      // Say where it stopped: the item's state and history, and what the emulator saw.
      const events = (await restarted!.queries.listEvents(itemId)).map((e) => `${e.stage}:${e.type}`).join(' ');
      throw new Error(`${String(error)}; state ${(await restarted!.queries.findItem(itemId))?.state}; events ${events}; emulator ${JSON.stringify(fk!.stats().callbacks)}`);
    });
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
