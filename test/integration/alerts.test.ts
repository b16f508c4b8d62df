// Alerts on a throwaway PostgreSQL database, mailed through the real SMTP transport to an SMTP sink on
// loopback (smtp-server), read back with mailparser. Time is an injected clock: no test sleeps through
// a batch window. Each test uses its own tenant, so their alerts and mail intervals never mix.
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { pino } from 'pino';
import type { ParsedMail } from 'mailparser';
import { smtpSink } from '../support/smtp-sink.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findCpr } from '../../classifiers/entities/cpr.js';
import { createAlertStore } from '../../db/alert-store.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createDeliveryStore } from '../../db/delivery-store.js';
import { createItemStore } from '../../db/item-store.js';
import { alerts, deliveries, items } from '../../db/schema.js';
import { createSmtpTransport, type SmtpTransport } from '../../worker/adapters/mail/smtp-transport.js';
import { createAlerting } from '../../worker/follow-ups/alerts/index.js';
import { AlertsSchema, SmtpSchema } from '../../worker/adapters/handover/destination-config.js';
import { walk } from '../support/item-fixtures.js';
import { freePort } from '../support/private-redis.js';
import { until } from '../support/stage-runner-contract.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/test-databases.js';

const T0 = new Date('2026-03-02T08:00:00Z');
const CPR = '010203-1234';
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let throwaway: ThrowawayDatabase;
let database: Database;
let sink: ReturnType<typeof smtpSink>;
let transport: SmtpTransport;
const logLines: string[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
let now = T0;
const clock = { now: () => now };

beforeAll(async () => {
  throwaway = await createThrowawayDatabase('alerts');
  database = await openDatabase({ databaseUrl: throwaway.url });
  const port = await freePort();
  sink = smtpSink(port);
  await sink.start();
  transport = createSmtpTransport(SmtpSchema.parse({ host: '127.0.0.1', port, from: 'fordeler@norrea.dk' }));
});

afterAll(async () => {
  transport?.close();
  await sink?.stop();
  await database?.close();
  await throwaway?.drop();
});

beforeEach(() => {
  now = T0;
});

function alerting(tenantId: string, overrides: Partial<ReturnType<typeof AlertsSchema.parse>> = {}) {
  return createAlerting({
    db: database.db,
    tenantId,
    alerts: { ...AlertsSchema.parse({ to: 'it-drift@norrea.dk' }), ...overrides },
    from: 'fordeler@norrea.dk',
    transport,
    clock,
    logger,
    receiptDestinations: ['KSD', 'Byggesag'],
  });
}

/** Items that failed at handover, inserted in bulk the way the deliver stage leaves them. */
async function insertFailed(tenantId: string, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, () => {
    const id = randomUUID();
    return {
      id,
      tenantId,
      channel: 'email' as const,
      state: 'failed' as const,
      source: `imap://post@norrea.dk/INBOX;UIDVALIDITY=7;UID=${id}`,
      fileName: 'ansøgning-boligstøtte.eml',
      contentSha256: createHash('sha256').update(id).digest('hex'),
      size: 4821,
      destination: 'KSD',
      error: { code: 'deliver.receiver_failed', message: 'KSD answered FEJLET: Modtagersystemet svarer ikke' },
      receivedAt: now,
      updatedAt: now,
      stateChangedAt: now,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await database.db.insert(items).values(rows.slice(i, i + 500));
  return rows.map((row) => row.id);
}

const mailedCount = async (tenantId: string) =>
  (await database.db.select({ n: sql<number>`count(*)::int` }).from(alerts).where(and(eq(alerts.tenantId, tenantId), isNotNull(alerts.mailedAt))))[0]!.n;
const listedIds = (mail: ParsedMail) => [...(mail.text ?? '').matchAll(/^2026-\S+ \S+ {2}\S.*? {2,}([0-9a-f-]{36})/gm)].map((m) => m[1]);

describe('alerts by SMTP', () => {
  it('mails one outage of 1000 failed shipments as one mail, and what follows after minIntervalSeconds', async () => {
    const tenant = 'norrea-outage';
    const run = alerting(tenant);
    const before = sink.received.length;
    await insertFailed(tenant, 250);
    expect(await run.runOnce()).toEqual({ raised: 250, mailed: 0 });
    now = after(60);
    await insertFailed(tenant, 200);
    expect(await run.runOnce()).toEqual({ raised: 200, mailed: 0 });
    now = after(300);
    await insertFailed(tenant, 550);
    expect(await run.runOnce()).toEqual({ raised: 550, mailed: 1000 });
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 0 });

    const first = sink.received.slice(before);
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe('Fordeler: 1000 fejlede forsendelser');
    expect(first[0]!.from?.text).toBe('fordeler@norrea.dk');
    expect(first[0]!.to && !Array.isArray(first[0]!.to) ? first[0]!.to.text : '').toBe('it-drift@norrea.dk');
    expect(first[0]!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(listedIds(first[0]!)).toHaveLength(50);
    expect(first[0]!.text).toContain('… og 950 til.');
    expect(await mailedCount(tenant)).toBe(1000);

    // The outage goes on: new failures wait for the interval, then come as one mail with only them.
    now = after(600);
    const later = await insertFailed(tenant, 20);
    expect(await run.runOnce()).toEqual({ raised: 20, mailed: 0 });
    now = after(300 + 3599);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 0 });
    expect(sink.received.length - before).toBe(1);
    now = after(300 + 3600);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 20 });
    const second = sink.received.slice(before + 1);
    expect(second).toHaveLength(1);
    expect(second[0]!.subject).toBe('Fordeler: 20 fejlede forsendelser');
    expect(listedIds(second[0]!).sort()).toEqual([...later].sort());
  });

  it('raises a missing receipt once for a handover sent 5 h ago, and not for answered, recent or receipt-less ones', async () => {
    const tenant = 'norrea-kvittering';
    const store = createItemStore(database.db, { tenantId: tenant, clock });
    const handovers = createDeliveryStore(database.db, tenant);
    const handOver = async (destination: string, sentHoursAgo: number, finalState: 'delivered' | 'accepted' = 'delivered') => {
      now = new Date(T0.getTime() - sentHoursAgo * 3_600_000);
      const { item } = await store.createItem({
        channel: 'digitalpost',
        source: `memo:${randomUUID()}`,
        fileName: 'byggetilladelse.xml',
        contentSha256: createHash('sha256').update(randomUUID()).digest('hex'),
        size: 9120,
        receivedAt: now,
      });
      await walk(store, item.id, ['extracted', 'classified', 'routed'], { destination });
      const delivery = await handovers.begin(item.id);
      await handovers.markSent(delivery.transactionId, { reference: delivery.transactionId, code: 'MODTAGET', at: now });
      await walk(store, item.id, [finalState]);
      now = T0;
      return { itemId: item.id, transactionId: delivery.transactionId };
    };
    const late = await handOver('KSD', 5);
    await handOver('KSD', 1);
    await handOver('Byggesag', 6, 'accepted');
    // The folder outbox never sends receipts: not one of the receipt destinations.
    await handOver('outbox-arkiv', 7);

    const run = alerting(tenant, { receiptDeadlineMinutes: 240 });
    expect(await run.runOnce()).toEqual({ raised: 1, mailed: 0 });
    now = after(120);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 0 });
    const raised = await createAlertStore(database.db, { tenantId: tenant }).recent(10);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'receipt_missing', key: `receipt_missing:${late.transactionId}`, itemId: late.itemId });
    expect(raised[0]!.message).toBe(`Forsendelse ${late.itemId} til KSD har ingen kvittering 5 timer efter afleveringen (transaktion ${late.transactionId}).`);
    const [row] = await database.db.select().from(deliveries).where(eq(deliveries.transactionId, late.transactionId));
    expect(row!.receiptAlertedAt).toEqual(T0);

    const before = sink.received.length;
    now = after(300);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 1 });
    expect(sink.received.slice(before).map((m) => m.subject)).toEqual(['Fordeler: 1 manglende kvittering']);
    expect(sink.received.at(-1)!.text).toContain(late.itemId);
  });

  it('marks nothing while SMTP is down, mails it all later, and never mails a CPR number', async () => {
    const tenant = 'norrea-nedbrud';
    const store = createItemStore(database.db, { tenantId: tenant, clock });
    const { item } = await store.createItem({
      channel: 'email',
      source: 'imap://post@norrea.dk/INBOX;UIDVALIDITY=7;UID=4711',
      fileName: `Ansøgning ${CPR}.eml`,
      contentSha256: createHash('sha256').update('cpr-item').digest('hex'),
      size: 3120,
      receivedAt: now,
    });
    await walk(store, item.id, ['failed'], {
      destination: 'KSD',
      error: { code: 'deliver.receiver_failed', message: `KSD answered FEJLET: Ukendt borger CPR-nr. ${CPR} (Jens Hansen, Nørregade 4)` },
    });
    await insertFailed(tenant, 2);
    const run = alerting(tenant);
    expect(await run.runOnce()).toEqual({ raised: 3, mailed: 0 });

    await sink.stop();
    const before = sink.received.length;
    const logsBefore = logLines.length;
    now = after(300);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 0 });
    expect(await mailedCount(tenant)).toBe(0);
    const warning = logLines.slice(logsBefore).map((line) => JSON.parse(line)).find((entry) => entry.code === 'alerts.mail_failed');
    expect(warning).toMatchObject({ level: 40, alerts: 3, smtpCode: expect.stringMatching(/^E[A-Z]+$/) });

    await sink.start();
    now = after(360);
    expect(await run.runOnce()).toEqual({ raised: 0, mailed: 3 });
    expect(sink.received.length - before).toBe(1);
    const mail = sink.received.at(-1)!;
    expect(mail.subject).toBe('Fordeler: 3 fejlede forsendelser');
    expect(listedIds(mail)).toContain(item.id);

    // Not in any mail, alert or log line — the stored error message had one, the file name too.
    for (const received of sink.received) {
      const text = `${received.subject}\n${received.text}`;
      expect(text).not.toContain('010203');
      expect(findCpr(text)).toEqual([]);
    }
    const stored = await createAlertStore(database.db, { tenantId: tenant }).recent(10);
    expect(stored.map((a) => `${a.message} ${JSON.stringify(a.data)}`).join('\n')).not.toContain('010203');
    expect(logLines.join('')).not.toContain('010203');
  });

  it('runs rounds on its timer and stops after the running one', async () => {
    const tenant = 'norrea-timer';
    const run = alerting(tenant);
    const [itemId] = await insertFailed(tenant, 1);
    run.start(10);
    const store = createAlertStore(database.db, { tenantId: tenant });
    await until(async () => (await store.recent(1)).length === 1, 'the timer raised the alert', 10_000);
    await run.stop();
    expect((await store.recent(1))[0]).toMatchObject({ kind: 'failed', key: `failed:${itemId}:0`, mailedAt: null });
  });
});
