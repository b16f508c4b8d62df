// The alert scanner's queries on PGlite (the embedded database of `npm start` and small installations):
// the same set-based selects find failed items and missing receipts, and the key the select skips on is
// the key the store writes, so a bounded scan always makes progress.
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertStore } from '../../db/alert-store.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createDeliveryStore } from '../../db/delivery-store.js';
import { createItemStore } from '../../db/item-store.js';
import { createAlerting } from '../../worker/follow-ups/alerts/index.js';
import { createAlertScanner } from '../../worker/follow-ups/alerts/scanner.js';
import { AlertsSchema } from '../../worker/adapters/handover/destination-config.js';
import { walk } from '../support/item-fixtures.js';

const T0 = new Date('2026-03-02T08:00:00Z');
let now = T0;
const clock = { now: () => now };
let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
});
afterAll(async () => {
  await database?.close();
});

describe('alerts on PGlite', () => {
  it('finds failed items (with their delivery round) and missing receipts, each once', async () => {
    const tenant = 'norrea';
    const store = createItemStore(database.db, { tenantId: tenant, clock });
    const handovers = createDeliveryStore(database.db, tenant);
    const newItem = async (name: string) =>
      (
        await store.createItem({
          channel: 'scan',
          source: 'scan://bureau/batch-42',
          fileName: name,
          contentSha256: createHash('sha256').update(name).digest('hex'),
          size: 120_000,
          receivedAt: now,
        })
      ).item.id;
    now = new Date(T0.getTime() - 5 * 3_600_000);
    const waiting = await newItem('byggesag-0001.pdf');
    await walk(store, waiting, ['extracted', 'classified', 'routed'], { destination: 'Byggesag' });
    const sent = await handovers.begin(waiting);
    await handovers.markSent(sent.transactionId, { code: 'MODTAGET', at: now });
    await walk(store, waiting, ['delivered']);
    const unreadable = await newItem('skoleindskrivning-0002.pdf');
    await walk(store, unreadable, ['failed'], { error: { code: 'extract.pdf_encrypted', message: 'PDF er krypteret' } });
    now = new Date(T0.getTime() - 3_600_000);
    const refused = await newItem('anmeldelse-0003.pdf');
    await walk(store, refused, ['extracted', 'classified', 'routed'], { destination: 'KSD' });
    await handovers.begin(refused);
    await walk(store, refused, ['failed'], { error: { code: 'deliver.overdragelse_contract', message: 'Ugyldig KLE' } });
    now = T0;

    // One at a time: the second scan must skip the first item in SQL, not re-select it.
    const alertStore = createAlertStore(database.db, { tenantId: tenant, clock });
    const scanner = createAlertScanner(database.db, alertStore, clock, { tenantId: tenant, receiptDeadlineMinutes: 240, limit: 1 });
    expect(await scanner.scan()).toEqual({ failed: 1, receiptMissing: 1 });
    expect(await scanner.scan()).toEqual({ failed: 1, receiptMissing: 0 });
    expect(await scanner.scan()).toEqual({ failed: 0, receiptMissing: 0 });
    const keys = (await alertStore.recent(10)).map((a) => a.key).sort();
    expect(keys).toEqual([`failed:${refused}:1`, `failed:${unreadable}:0`, `receipt_missing:${sent.transactionId}`].sort());

    const run = createAlerting({
      db: database.db,
      tenantId: tenant,
      alerts: AlertsSchema.parse({ to: 'it-drift@norrea.dk' }),
      from: 'fordeler@norrea.dk',
      transport: { sendMail: async () => {} },
      clock,
      logger: pino({ level: 'silent' }),
    });
    now = new Date(T0.getTime() + 300_000);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 3 });
  });
});
