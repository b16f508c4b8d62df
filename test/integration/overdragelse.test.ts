// Handover to Fordelingskomponenten (the emulator on loopback) from `fordeler work` on PostgreSQL + BullMQ:
// routed items are handed over and ACCEPTERET closes them; an AFVIST item goes back to the rest mailbox
// with the receiver's reason; with 30 % of calls failing (5xx, timeouts) every item is still handed over
// exactly once (the emulator counts deliveries per AnvenderTransaktionsID).
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { freePort } from '../support/private-redis.js';
import { pinnedReceipts } from '../support/ops-client.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const system = (name: string) => ({ uuid: randomUUID(), name });
const RECEIVERS = ['00', '02', '05', '07', '09', '15', '17', '25', '28', '32', '34', '81', '88'].map((hg) => ({ kle: `${hg}.*`, system: system(`System ${hg}`) }));
const DESTINATIONS = ['KY', 'KSD', 'KP', 'DUBU', 'ESDH-BYG', 'ESDH-SKOLE', 'ESDH-HR', 'OEKONOMI'];
const post = (name: string) => join(repoRoot, 'samples/post', name);

async function setUp(options: { reject?: string[]; failRate?: number }): Promise<{ t: TestWork; fk: FkEmulator }> {
  const port = await freePort();
  const receipts = pinnedReceipts();
  const fk = await startFkEmulator({
    receivers: RECEIVERS,
    delays: { acceptMs: 50 },
    ...(options.reject ? { reject: { klePatterns: options.reject } } : {}),
    ...(options.failRate ? { fail: { rate: options.failRate, kinds: ['500', '503', 'timeout'] } } : {}),
    seed: 7,
    // Receipts come back over mutual TLS, from FK's certificate pinned in the work file.
    receiptCallbackUrl: receipts.callbackUrl(port),
    callbackTls: receipts.callbackTls,
    log: () => {},
  });
  const t = await startTestWork({
    redis: true,
    work: { httpPort: port },
    file: {
      http: { port, tls: receipts.httpTls },
      overdragelse: { endpoint: fk.endpoint, municipalityCvr: '65916169', systemUuid: randomUUID(), timeoutSeconds: 2, receiptCallerSha256: receipts.receiptCallerSha256 },
      destinations: Object.fromEntries(DESTINATIONS.map((id) => [id, { kind: 'overdragelse' }])),
      stages: { deliver: { attempts: 12, backoffSeconds: 0.2 } },
      reconcile: { staleSeconds: 30, intervalSeconds: 5 },
    },
  });
  return { t, fk };
}

const settled = async (t: TestWork, count: number) =>
  until(async () => {
    const items = await t.allItems();
    return items.length === count && items.every((i) => ['accepted', 'parked', 'rejected', 'failed'].includes(i.state));
  }, `${count} items accepted, parked or rejected`, 300_000);

describe('handover to Fordelingskomponenten', () => {
  let running: { t: TestWork; fk: FkEmulator } | undefined;
  afterEach(async () => {
    await running?.t.stop();
    await running?.fk.close();
    running = undefined;
  });

  it('closes accepted items and sends a rejected one back to the rest mailbox with the reason', async () => {
    running = await setUp({ reject: ['09.13.*'] });
    const { t, fk } = running;
    const files: [string, 'email' | 'digitalpost'][] = [['d0055.eml', 'email'], ['d0014.eml', 'email'], ['d0026.xml', 'digitalpost'], ['d0021.xml', 'digitalpost']];
    for (const [name, channel] of files) await t.receiveFile(post(name), channel);
    await settled(t, files.length);
    const byName = new Map((await t.allItems()).map((i) => [i.fileName, i]));
    expect(byName.get('d0055.eml')).toMatchObject({ state: 'accepted', destination: 'KSD' });
    expect(byName.get('d0014.eml')).toMatchObject({ state: 'accepted', destination: 'DUBU' });
    expect(byName.get('d0026.xml')).toMatchObject({ state: 'accepted', destination: 'KY' });
    // Rotter (09.13.01): the receiver says it is not theirs → back to the rest mailbox (`rejected`), reason kept.
    expect(byName.get('d0021.xml')).toMatchObject({ state: 'rejected', error: { code: 'deliver.rejected_by_receiver' } });
    const trace = (await t.queries.listEvents(byName.get('d0055.eml')!.id)).map((e) => e.type);
    // `receipt` is the AFLEVERET business receipt (handed to the receiving system), then ACCEPTERET.
    expect(trace).toEqual(['received', 'extracted', 'classified', 'routed', 'delivered', 'receipt', 'accepted']);
    expect(fk.stats().uniqueTransactions).toBe(4);
  }, 180_000);

  it('hands every item over exactly once when 30 % of the calls fail', async () => {
    running = await setUp({ failRate: 0.3 });
    const { t, fk } = running;
    const templates = ['d0055.eml', 'd0014.eml', 'd0005.eml'];
    for (let i = 0; i < 24; i++) {
      const path = post(templates[i % templates.length]!);
      async function* copy() {
        yield Buffer.from(`X-Fordeler-Test: fk-${i}\r\n`);
        yield* createReadStream(path);
      }
      await t.work.intake.receive({ channel: 'email', source: 'imap:test/INBOX', fileName: `${i}.eml`, bytes: copy() });
    }
    await settled(t, 24);
    const items = await t.allItems();
    const accepted = items.filter((i) => i.state === 'accepted');
    const stats = fk.stats();
    console.log(`fault evidence: ${stats.sendCalls} send calls for ${accepted.length} accepted items, ${stats.duplicates} repeated transaction ids answered idempotently, max deliveries per id ${Math.max(...Object.values(stats.deliveredPerTransaction))}`);
    expect(items.filter((i) => i.state === 'failed')).toEqual([]);
    expect(accepted.length).toBe(items.filter((i) => i.destination && DESTINATIONS.includes(i.destination)).length);
    expect(stats.uniqueTransactions).toBe(accepted.length);
    expect(Object.values(stats.deliveredPerTransaction).every((n) => n === 1)).toBe(true);
    expect(stats.sendCalls).toBeGreaterThan(accepted.length); // faults really happened and were retried
  }, 420_000);
});
