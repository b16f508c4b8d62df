// The retention purge (db/retention-purge.ts, worker/follow-ups/retention-purge.ts) on PGlite and on a real
// PostgreSQL: after a purge with a clock past the retention, a scan of EVERY table (every column as text)
// and of the blob folder finds nothing of the purged items — no id, subject, body word or blob hash — while
// an item under legal hold, a recent item, an unfinished (parked) item and another tenant's item are
// untouched; one kind at a time removes only that kind; a second run and a dry run change nothing.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemState } from '../../core/lifecycle.js';
import type { ExtractedContent } from '../../core/model.js';
import { finalityRule, type RetentionDays } from '../../core/retention.js';
import type { Database } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { createLegalHoldStore } from '../../db/legal-hold-store.js';
import { createRetentionBlobs } from '../../db/retention-blobs.js';
import { createRetentionStore } from '../../db/retention-purge.js';
import { accessLog, alerts, attachments, configAudit, confirmations, decisions, deliveries, itemEvents, items, webhookDeliveries } from '../../db/schema.js';
import { dumpAllTables } from '../../db/table-dump.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createBlobFiles } from '../../worker/follow-ups/blob-files.js';
import { purgeRetention, startRetentionPurge } from '../../worker/follow-ups/retention-purge.js';
import type { Runtime } from '../../worker/runtime/compose.js';
import { createLoggerTo } from '../../worker/runtime/logger.js';
import type { WorkConfig } from '../../worker/runtime/work-config.js';
import { openTestDatabase, type ThrowawayDatabase } from '../support/test-databases.js';

const DAY = 24 * 60 * 60 * 1000;
const TENANT = 'norrea';
const OTHER = 'kommune-b';
const ALL_90: RetentionDays = { originalDays: 90, extractedDays: 90, metadataDays: 90, eventsDays: 90, accessLogDays: 90, configAuditDays: 90 };
const YEAR: RetentionDays = { originalDays: 365, extractedDays: 365, metadataDays: 365, eventsDays: 365, accessLogDays: 365, configAuditDays: 365 };
const bytes = (text: string) => (async function* () { yield Buffer.from(text); })();
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

interface Seeded {
  id: string;
  word: string;
  subject: string;
  shas: string[];
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`retention purge on ${kind}`, () => {
    let database: Database;
    let throwaway: ThrowawayDatabase | undefined;
    let root: string;
    let counter = 0;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'fordeler-retention-'));
      ({ database, throwaway } = await openTestDatabase(kind, 'retention'));
    }, 60_000);
    afterAll(async () => {
      await database?.close();
      await throwaway?.drop();
      rmSync(root, { recursive: true, force: true });
    });

    const blobStore = () => createFileBlobStore(join(root, 'blobs'));
    const deps = (days: RetentionDays, tenantId = TENANT, receiptless: string[] = ['ARKIV']) => ({
      store: createRetentionStore(database.db, { tenantId }, finalityRule(receiptless)),
      blobs: createRetentionBlobs(database.db),
      // The file system's clock a day on: files written in this test are past the grace period.
      files: createBlobFiles(blobStore(), { now: () => Date.now() + DAY }),
      days,
      clock: { now: () => new Date() },
    });

    /** An item through the real write path, its final state reached at `at`: blobs, text, decisions, events, and rows hanging on it. */
    async function seed(options: { at: Date; state: Extract<ItemState, 'accepted' | 'parked' | 'delivered'>; tenantId?: string; destination?: string; sharedAttachment?: string }): Promise<Seeded> {
      const tenantId = options.tenantId ?? TENANT;
      const n = ++counter;
      const word = `zqvorde${n}x${kind}`;
      const subject = `Sagsemne${n}q ${kind}`;
      const store = createItemStore(database.db, { tenantId, clock: { now: () => options.at } });
      const source = await blobStore().put(bytes(`Subject: ${subject}\r\n\r\n${word} kloakrotter\r\n`));
      const attachment = await blobStore().put(bytes(options.sharedAttachment ?? `vedhæftet ${word}`));
      const sidecar = await blobStore().put(bytes(`<meta>${word}</meta>`));
      const { item } = await store.createItem({ channel: 'email', source: `test:${word}`, fileName: `brev-${word}.eml`, contentSha256: source.sha256, size: source.size, receivedAt: options.at, sidecarSha256: sidecar.sha256 });
      const at = options.at;
      const step = async (commit: Omit<Parameters<typeof store.commit>[0], 'itemId'>) => expect((await store.commit({ itemId: item.id, ...commit })).committed).toBe(true);
      const content: ExtractedContent = {
        channel: 'email', subject, sender: { email: `afsender${n}@example.dk`, idType: 'EMAIL' }, recipients: [], body: `Hej, ${word} om kloakrotter`, bodySource: 'plain',
        attachments: [{ name: `bilag-${word}.pdf`, mimeType: 'application/pdf', blob: { sha256: attachment.sha256, size: attachment.size }, size: attachment.size, text: `bilagstekst ${word}`, textSource: 'text-layer' }],
        metadata: {}, warnings: [],
      };
      await step({ from: 'received', to: 'extracted', content, event: { stage: 'extract', type: 'extracted', at }, decision: { stage: 'extract', outcome: { status: 'extracted' }, reasons: [] }, patch: { subject } });
      await step({ from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at }, decision: { stage: 'classify', outcome: { nr: '09.13.01', confidence: 0.9, source: 'classifier', candidates: [], sensitive: [] }, reasons: [{ code: 'classify.terms', message: `ord ${word}` }] }, patch: { kleNr: '09.13.01' } });
      if (options.state === 'parked') {
        await step({ from: 'classified', to: 'parked', event: { stage: 'route', type: 'parked', at }, decision: { stage: 'route', outcome: { status: 'parked', suggestions: [] }, reasons: [{ code: 'route.no_rule', message: 'ingen regel' }] } });
      } else {
        const destination = options.destination ?? 'KY';
        await step({ from: 'classified', to: 'routed', event: { stage: 'route', type: 'routed', at, data: { destination } }, decision: { stage: 'route', outcome: { status: 'routed', destination, ruleId: 'R1' }, reasons: [{ code: 'route.rule_matched', message: 'R1' }], ruleId: 'R1' }, patch: { destination } });
        await step({ from: 'routed', to: options.state, event: { stage: options.state === 'accepted' ? 'receipt' : 'deliver', type: options.state, at, data: { note: word } } });
      }
      const db = database.db;
      await db.insert(deliveries).values({ tenantId, itemId: item.id, destination: 'KY' });
      await db.insert(confirmations).values({ tenantId, itemId: item.id, kleNr: '09.13.01', source: 'manual', senderKeys: [`email:afsender${n}@example.dk`] });
      await db.insert(alerts).values({ tenantId, kind: 'test', key: `k-${word}`, itemId: item.id, message: `Forsendelse ${subject}` });
      const [event] = await db.select({ id: itemEvents.id }).from(itemEvents).where(eq(itemEvents.itemId, item.id)).limit(1);
      await db.insert(webhookDeliveries).values({ tenantId, subscriber: 'esdh', eventId: event!.id, payload: JSON.stringify({ itemId: item.id, subject }) });
      await db.insert(accessLog).values({ tenantId, at: new Date(at.getTime() + DAY), actor: 'sb1', actorName: 'Sagsbehandler', via: 'api', action: 'item.read', itemId: item.id, shown: ['metadata'] });
      return { id: item.id, word, subject, shas: [source.sha256, attachment.sha256, sidecar.sha256] };
    }

    /** Every table row (all columns as text) and every blob file that still names one of the items. */
    async function traces(seeded: Seeded[]): Promise<string[]> {
      const found: string[] = [];
      const dump = await dumpAllTables(database.db);
      for (const s of seeded) {
        const needles = [s.id, s.word, s.subject.split(' ')[0]!, ...s.shas];
        for (const [table, rows] of Object.entries(dump)) {
          for (const row of rows) for (const needle of needles) if (row.includes(needle)) found.push(`${table}: ${needle}`);
        }
        const files = readdirSync(join(root, 'blobs'), { recursive: true }).map(String);
        for (const sha of s.shas) if (files.some((f) => f.includes(sha))) found.push(`blob file ${sha}`);
      }
      return found;
    }
    const itemRow = async (id: string) => (await database.db.select().from(items).where(eq(items.id, id)))[0];
    const countOf = async (table: typeof decisions | typeof itemEvents, id: string) => (await database.db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.itemId, id)))[0]!.n;

    it('after a purge past the retention, no table and no blob file holds anything of the purged items; held, recent, unfinished and other tenants\' items stay', async () => {
      const old = daysAgo(200);
      const purged = [await seed({ at: old, state: 'accepted' }), await seed({ at: old, state: 'delivered', destination: 'ARKIV' })];
      const held = await seed({ at: old, state: 'accepted' });
      const recent = await seed({ at: daysAgo(10), state: 'accepted' });
      const parked = await seed({ at: old, state: 'parked' });
      const awaitingReceipt = await seed({ at: old, state: 'delivered', destination: 'KY' });
      const otherTenant = await seed({ at: old, state: 'accepted', tenantId: OTHER });
      const kept = [held, recent, parked, awaitingReceipt, otherTenant];
      expect(await createLegalHoldStore(database.db, { tenantId: TENANT }).place(held.id, { reason: 'Klagesag 2026-17', by: 'jurist' })).toMatchObject({ outcome: 'placed' });
      await database.db.insert(configAudit).values({ tenantId: TENANT, at: old, actor: 'admin', action: 'rule_set.published', subject: `v-${purged[0]!.word}` });
      expect((await traces(purged)).length).toBeGreaterThan(20);
      const before = await traces(kept);

      const result = await purgeRetention(deps(ALL_90));
      // Access-log lines go by their own age: the old lines of the purged, parked and awaiting items (not the held one's).
      expect(result.counts).toMatchObject({ metadata: 2, events: 0, extracted: 0, original: 0, accessLog: 4, configAudit: 1 });
      expect(result.blobsRemoved).toBe(6);
      expect(await traces(purged)).toEqual([]);
      // Everything else of the kept items is where it was, the held item's old access-log line too.
      const heldLines = await database.db.select().from(accessLog).where(eq(accessLog.itemId, held.id));
      expect(heldLines).toHaveLength(1);
      const notAccessLog = (found: string[]) => found.filter((f) => !f.startsWith('access_log:'));
      expect(notAccessLog(await traces(kept))).toEqual(notAccessLog(before));
      for (const s of kept) {
        expect((await itemRow(s.id))?.extracted).not.toBeNull();
        expect(await countOf(decisions, s.id)).toBeGreaterThan(0);
        for (const sha of s.shas) expect(existsSync(blobStore().pathOf(sha))).toBe(true);
      }
      // A second run finds nothing more to do.
      const again = await purgeRetention(deps(ALL_90));
      expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    });

    it('one kind at a time: an original past 30 days goes, the rest stays for its 365 days; a blob another item needs stays', async () => {
      const shared = `delt bilag ${kind}`;
      const item = await seed({ at: daysAgo(60), state: 'accepted', sharedAttachment: shared });
      const sharer = await seed({ at: daysAgo(60), state: 'parked', sharedAttachment: shared });
      const result = await purgeRetention(deps({ ...YEAR, originalDays: 30 }));
      expect(result.counts).toMatchObject({ original: 1, metadata: 0, events: 0, extracted: 0 });
      const [source, attachment, sidecar] = item.shas;
      expect(existsSync(blobStore().pathOf(source!))).toBe(false);
      expect(existsSync(blobStore().pathOf(sidecar!))).toBe(false);
      expect(existsSync(blobStore().pathOf(attachment!))).toBe(true);
      for (const sha of sharer.shas) expect(existsSync(blobStore().pathOf(sha))).toBe(true);
      const row = await itemRow(item.id);
      expect(row).toMatchObject({ subject: item.subject, sidecarSha256: null });
      expect(row?.extracted?.body).toContain(item.word);
      expect(await countOf(decisions, item.id)).toBeGreaterThan(0);
      // The attachment rows stay (names for the detail view) without their blobs: the original is gone.
      const rows = await database.db.select().from(attachments).where(eq(attachments.itemId, item.id));
      expect(rows.map((r) => r.role).sort()).toEqual(['attachment', 'source']);
      expect(rows.every((r) => r.blobSha256 === null)).toBe(true);
      // Once the sharer is gone too, the shared blob goes with the next run.
      await database.db.delete(items).where(eq(items.id, sharer.id));
      expect((await purgeRetention(deps({ ...YEAR, originalDays: 30 }))).blobsRemoved).toBeGreaterThanOrEqual(1);
      expect(existsSync(blobStore().pathOf(attachment!))).toBe(false);
    });

    it('extracted text and then decisions and events go on their own days; the search follows the text', async () => {
      const item = await seed({ at: daysAgo(60), state: 'accepted' });
      const searchable = async () => (await database.db.execute(sql`select count(*)::int as n from items where id = ${item.id} and search_vector @@ plainto_tsquery('danish', 'kloakrotter')`));
      const n = (result: unknown) => Number((Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows)[0]!.n);
      expect(n(await searchable())).toBe(1);
      // (Items of the tests before are in the same database: counts are at least this item.)
      expect((await purgeRetention(deps({ ...YEAR, extractedDays: 30 }))).counts).toMatchObject({ extracted: expect.any(Number), events: 0, original: 0, metadata: 0 });
      expect((await itemRow(item.id))?.extracted).toBeNull();
      expect(n(await searchable())).toBe(0);
      expect(await countOf(decisions, item.id)).toBeGreaterThan(0);
      expect((await purgeRetention(deps({ ...YEAR, eventsDays: 30 }))).counts).toMatchObject({ extracted: 0, original: 0, metadata: 0 });
      expect(await countOf(decisions, item.id)).toBe(0);
      expect(await countOf(itemEvents, item.id)).toBe(0);
      expect((await itemRow(item.id))?.subject).toBe(item.subject);
      for (const sha of item.shas) expect(existsSync(blobStore().pathOf(sha))).toBe(true);
    });

    it('a dry run counts what a run would do and writes nothing; a lifted hold lets the item go', async () => {
      const item = await seed({ at: daysAgo(200), state: 'accepted' });
      const holds = createLegalHoldStore(database.db, { tenantId: TENANT });
      await holds.place(item.id, { reason: 'Tilsyn', by: 'jurist' });
      expect((await purgeRetention(deps(ALL_90), { dryRun: true })).counts.metadata).toBe(0);
      expect(await holds.lift(item.id, { by: 'jurist' })).toMatchObject({ outcome: 'lifted' });
      const before = await dumpAllTables(database.db);
      const dry = await purgeRetention(deps(ALL_90), { dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, counts: { metadata: 1, events: 0, extracted: 0, original: 0 } });
      expect(await dumpAllTables(database.db)).toEqual(before);
      expect((await purgeRetention(deps(ALL_90))).counts.metadata).toBe(1);
      expect(await itemRow(item.id)).toBeUndefined();
    });

    it('in fordeler work: runs at start, logs one line per run with counts per kind and no subject, one run at a time, stop waits', async () => {
      const logs: Record<string, unknown>[] = [];
      const logger = createLoggerTo('info', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
      const item = await seed({ at: daysAgo(400), state: 'delivered', destination: 'ARKIV' });
      const config = { app: { tenantId: TENANT }, file: { retention: { ...YEAR, intervalHours: 24 }, destinations: { ARKIV: { kind: 'folder' }, KY: { kind: 'overdragelse' } } } } as unknown as WorkConfig;
      const runtime = { database, blobs: blobStore(), clock: { now: () => new Date() } } as unknown as Runtime;
      const purge = startRetentionPurge(config, runtime, logger);
      try {
        // The run at start erases the delivered-to-a-folder item past 365 days (a folder sends no receipt).
        await expect.poll(() => logs.filter((l) => l.code === 'retention.purged').length, { timeout: 20_000 }).toBe(1);
        expect(await itemRow(item.id)).toBeUndefined();
        const [line] = logs.filter((l) => l.code === 'retention.purged');
        expect(line).toMatchObject({ tenant: TENANT, metadata: expect.any(Number), events: 0, extracted: 0, original: 0, accessLog: expect.any(Number), configAudit: expect.any(Number) });
        expect(line!.metadata).toBeGreaterThanOrEqual(1);
        expect(JSON.stringify(logs)).not.toContain(item.word);
        // Two runs asked for at once run one after the other, each logging once.
        const [a, b] = await Promise.all([purge.runOnce(), purge.runOnce()]);
        expect(a.counts.metadata + b.counts.metadata).toBe(0);
        expect(logs.filter((l) => l.code === 'retention.purged')).toHaveLength(3);
      } finally {
        await purge.stop();
      }
      const lines = logs.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(logs.length).toBe(lines);
    });

    it('a crash between purging an original and releasing its blobs is finished by the next run', async () => {
      const item = await seed({ at: daysAgo(60), state: 'accepted' });
      const store = createRetentionStore(database.db, { tenantId: TENANT }, finalityRule());
      // The step commits, then the process dies before the release: rows say "gone", the files are still there.
      expect((await store.purge('original', item.id, { before: daysAgo(30) })).purged).toBe(true);
      expect(existsSync(blobStore().pathOf(item.shas[0]!))).toBe(true);
      expect(await createRetentionBlobs(database.db).unneededBlobs(1000)).toEqual(expect.arrayContaining(item.shas));
      await purgeRetention(deps({ ...YEAR, originalDays: 30 }));
      // The source, the attachment, and the sidecar too (the step gave its bytes a blob row for this).
      for (const sha of item.shas) expect(existsSync(blobStore().pathOf(sha))).toBe(false);
    });

    if (kind === 'postgres') {
      it('an ingest of the same bytes that refers to the blob but has not committed keeps it: the release waits and then leaves it', async () => {
        const item = await seed({ at: daysAgo(60), state: 'accepted' });
        const [source] = item.shas;
        const ingest = new pg.Client({ connectionString: throwaway!.url });
        await ingest.connect();
        try {
          await ingest.query('begin');
          const { rows } = await ingest.query<{ id: string }>(`insert into items (tenant_id, channel, source, file_name, content_sha256, size, received_at) values ($1, 'email', 'same-bytes', 'x.eml', $2, 1, now()) returning id`, [OTHER, source]);
          await ingest.query('insert into blobs (sha256, size) values ($1, 1) on conflict do nothing', [source]);
          await ingest.query(`insert into attachments (item_id, tenant_id, role, name, blob_sha256, size) values ($1, $2, 'source', 'x.eml', $3, 1)`, [rows[0]!.id, OTHER, source]);
          const purging = purgeRetention(deps({ ...YEAR, originalDays: 30 }));
          await expect.poll(async () => (await ingest.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n, { timeout: 10_000 }).toBe(1);
          await ingest.query('commit');
          expect((await purging).counts.original).toBeGreaterThanOrEqual(1);
        } finally {
          await ingest.end();
        }
        expect(existsSync(blobStore().pathOf(source!))).toBe(true);
        expect(existsSync(blobStore().pathOf(item.shas[1]!))).toBe(false);
      });

      it('a hold being placed while the purge reaches the item wins: the purge waits for it and then leaves the item', async () => {
        const item = await seed({ at: daysAgo(200), state: 'accepted' });
        const store = createRetentionStore(database.db, { tenantId: TENANT }, finalityRule());
        const holder = new pg.Client({ connectionString: throwaway!.url });
        await holder.connect();
        try {
          await holder.query('begin');
          await holder.query(`insert into legal_holds (tenant_id, item_id, reason, placed_by) values ($1, $2, 'Retssag', 'jurist')`, [TENANT, item.id]);
          const purging = store.purge('metadata', item.id, { before: daysAgo(90) });
          // The purge's lock on the item waits for the hold's (bounded wait, no timing asserted).
          await expect.poll(async () => (await holder.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n, { timeout: 10_000 }).toBe(1);
          await holder.query('commit');
          expect(await purging).toEqual({ purged: false, blobs: [] });
        } finally {
          await holder.end();
        }
        expect(await itemRow(item.id)).toBeDefined();
        expect(await countOf(decisions, item.id)).toBeGreaterThan(0);
      });
    }

    it('legal holds: placed once, listed, lifted, audited without a CPR number; another tenant\'s item is not found', async () => {
      const item = await seed({ at: daysAgo(5), state: 'accepted' });
      const theirs = await seed({ at: daysAgo(5), state: 'accepted', tenantId: OTHER });
      const holds = createLegalHoldStore(database.db, { tenantId: TENANT });
      const placed = await holds.place(item.id, { reason: 'Klage fra 010190-1234 (sag 17)', by: 'jurist' });
      expect(placed).toMatchObject({ outcome: 'placed', hold: { itemId: item.id, placedBy: 'jurist' } });
      expect(JSON.stringify(placed)).not.toContain('1234');
      expect(await holds.place(item.id, { reason: 'igen', by: 'jurist' })).toMatchObject({ outcome: 'already_held' });
      expect(await holds.place(theirs.id, { reason: 'x', by: 'jurist' })).toEqual({ outcome: 'not_found' });
      expect(await holds.lift(theirs.id, { by: 'jurist' })).toEqual({ outcome: 'not_found' });
      expect((await holds.list()).map((h) => h.itemId)).toContain(item.id);
      expect(await holds.lift(item.id, { by: 'jurist' })).toMatchObject({ outcome: 'lifted' });
      expect(await holds.lift(item.id, { by: 'jurist' })).toEqual({ outcome: 'not_held' });
      const audit = await database.db.select().from(configAudit).where(eq(configAudit.subject, item.id));
      expect(audit.map((a) => a.action).sort()).toEqual(['legal_hold.lifted', 'legal_hold.placed']);
      expect(JSON.stringify(audit)).not.toMatch(/010190|1234/);
    });
  });
}
