// Erasing kept junk (db/item-erasure.ts, db/junk-queries.ts) on PGlite and on a real PostgreSQL: every row
// that names the item goes, the blob files nobody needs go, a blob another item (of any tenant) holds
// stays, a fresh file is never removed, a crash between the steps is finished by the next run, and — on
// PostgreSQL, where transactions really run side by side — an ingest of the same bytes during the
// erasure keeps its blob row and its file.
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import { openDatabase, type Database, type Db } from '../../db/connect.js';
import { createItemErasure } from '../../db/item-erasure.js';
import { createItemStore } from '../../db/item-store.js';
import { createJunkQueries } from '../../db/junk-queries.js';
import { createRestPostingStore } from '../../db/rest-posting-store.js';
import { alerts, attachments, blobs, confirmations, decisions, deliveries, itemEvents, items, redistributions, restPostings } from '../../db/schema.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createBlobFiles } from '../../worker/follow-ups/blob-files.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/test-databases.js';
import { cliDataDir } from '../support/cli-data-dir.js';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const TENANT = 'norrea';
const OTHER = 'kommune-b';
const bytes = (text: string) => (async function* () { yield Buffer.from(text); })();

interface Setup {
  database: Database;
  url?: string;
  root: string;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`item erasure on ${kind}`, () => {
    let setup: Setup;
    let throwaway: ThrowawayDatabase | undefined;

    beforeAll(async () => {
      const root = mkdtempSync(join(tmpdir(), 'fordeler-erasure-'));
      if (kind === 'postgres') {
        throwaway = await createThrowawayDatabase('erasure');
        setup = { database: await openDatabase({ databaseUrl: throwaway.url }), url: throwaway.url, root };
      } else {
        setup = { database: await openDatabase({ dataDir: 'memory://' }), root };
      }
    }, 60_000);
    afterAll(async () => {
      await setup?.database.close();
      await throwaway?.drop();
      if (setup) rmSync(setup.root, { recursive: true, force: true });
    });

    const blobStore = () => createFileBlobStore(join(setup.root, 'blobs'));
    /** The file system's clock for the file remover: a day on, so files written in this test are old. */
    const fileNow = Date.now() + DAY;
    const files = () => createBlobFiles(blobStore(), { now: () => fileNow });
    const store = (tenantId: string) => createItemStore(setup.database.db, { tenantId });

    /** A kept junk item through the real write path: its own source bytes, an attachment, and a route decision. */
    async function keptJunk(tenantId: string, text: string, options: { attachment?: string; keepUntil?: Date; action?: 'keep' | 'park' } = {}) {
      const items = store(tenantId);
      const source = await blobStore().put(bytes(text));
      const attachment = options.attachment !== undefined ? await blobStore().put(bytes(options.attachment)) : undefined;
      const { item } = await items.createItem({ channel: 'email', source: `test:${tenantId}:${text}`, fileName: 'nyhedsbrev.eml', contentSha256: source.sha256, size: source.size, receivedAt: new Date('2026-03-01T08:00:00Z') });
      await items.commit({ itemId: item.id, from: 'received', to: 'extracted', event: { stage: 'extract', type: 'extracted', at: new Date() }, content: content(attachment?.sha256) });
      await items.commit({ itemId: item.id, from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at: new Date() } });
      const action = options.action ?? 'keep';
      const keepUntil = (options.keepUntil ?? new Date('2026-03-31T08:00:00Z')).toISOString();
      await items.commit({
        itemId: item.id, from: 'classified', to: 'parked',
        event: { stage: 'park', type: 'parked', at: new Date(), data: { junk: { kinds: ['bulk'], action } } },
        decision: { stage: 'route', outcome: { status: 'parked', destination: null, junk: { kinds: ['bulk'], action, ...(action === 'keep' ? { keepUntil } : {}) } }, reasons: [{ code: 'route.junk', message: 'Junk eller maskinpost (bulk)' }] },
      });
      return { item, source: source.sha256, attachment: attachment?.sha256 };
    }

    async function rowsNaming(db: Db, itemId: string): Promise<number> {
      let total = 0;
      for (const table of [itemEvents, attachments, decisions, deliveries, redistributions, restPostings, confirmations, alerts]) {
        total += (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.itemId, itemId)))[0]!.n;
      }
      return total + (await db.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.id, itemId)))[0]!.n;
    }
    const blobRows = async (shas: string[]) => (await setup.database.db.select({ sha: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, shas))).map((r) => r.sha);
    const fileExists = (sha: string) => existsSync(blobStore().pathOf(sha));

    it('lists only parked junk kept past its date, of this tenant, in its current round', async () => {
      const junk = createJunkQueries(setup.database.db, { tenantId: TENANT });
      const expired = await keptJunk(TENANT, 'list: expired', { keepUntil: new Date('2026-03-10T00:00:00Z') });
      const later = await keptJunk(TENANT, 'list: later', { keepUntil: new Date('2026-06-10T00:00:00Z') });
      const parkedJunk = await keptJunk(TENANT, 'list: parked, not kept', { action: 'park' });
      const otherTenant = await keptJunk(OTHER, 'list: other tenant', { keepUntil: new Date('2026-03-10T00:00:00Z') });
      const ids = (rows: { itemId: string }[]) => rows.map((r) => r.itemId);
      const now = new Date('2026-04-01T00:00:00Z');
      expect(ids(await junk.listExpired(now, 100))).toContain(expired.item.id);
      expect(ids(await junk.listExpired(now, 100))).not.toContain(later.item.id);
      expect(ids(await junk.listKept(100))).toEqual(expect.arrayContaining([expired.item.id, later.item.id]));
      for (const id of [parkedJunk.item.id, otherTenant.item.id]) expect(ids(await junk.listKept(100))).not.toContain(id);
      const [row] = (await junk.listKept(100)).filter((r) => r.itemId === expired.item.id);
      expect(row).toMatchObject({ round: 1, kinds: ['bulk'], keepUntil: new Date('2026-03-10T00:00:00Z') });
      // A person placed it since (a new round): no longer junk to purge.
      await setup.database.db.update(items).set({ round: 2 }).where(eq(items.id, expired.item.id));
      expect(ids(await junk.listExpired(now, 100))).not.toContain(expired.item.id);
    });

    it('erases the item with every row that names it, and the blob files no one else needs', async () => {
      const db = setup.database.db;
      const erasure = createItemErasure(db, { tenantId: TENANT });
      const junk = await keptJunk(TENANT, 'erase: own bytes', { attachment: 'erase: own attachment' });
      // Rows in every table that hangs on an item.
      await createRestPostingStore(db, { tenantId: TENANT }).record({ itemId: junk.item.id, round: 1, mailbox: 'Restpost/Junk', messageId: '<x@fordeler.invalid>' });
      await db.insert(alerts).values({ tenantId: TENANT, kind: 'test', key: `erase-${junk.item.id}`, itemId: junk.item.id, message: 'Nyhedsbrev fra …' });
      await db.insert(confirmations).values({ tenantId: TENANT, itemId: junk.item.id, kleNr: null, destination: 'KY', source: 'manual' });
      await db.insert(deliveries).values({ tenantId: TENANT, itemId: junk.item.id, destination: 'KY' });
      await db.insert(redistributions).values({ tenantId: TENANT, itemId: junk.item.id, toDestination: 'KY', by: 'test', via: 'cli' });
      expect(await rowsNaming(db, junk.item.id)).toBeGreaterThan(8);

      const erased = await erasure.erase(junk.item.id, { state: 'parked', round: 1 });
      expect(erased).toEqual({ erased: true, blobs: [junk.source, junk.attachment].sort() });
      expect(await rowsNaming(db, junk.item.id)).toBe(0);
      // The blob rows stay until they are released: a crash here is finished by the next run.
      expect(await erasure.unreferencedBlobs(100)).toEqual(expect.arrayContaining(erased.blobs));
      expect(fileExists(junk.source) && fileExists(junk.attachment!)).toBe(true);

      expect(await erasure.releaseBlobs(erased.blobs, files())).toEqual({ removed: 2, kept: 0 });
      expect(await blobRows(erased.blobs)).toEqual([]);
      expect(fileExists(junk.source) || fileExists(junk.attachment!)).toBe(false);
      // Idempotent: erasing and releasing again changes nothing and fails nothing.
      expect(await erasure.erase(junk.item.id)).toEqual({ erased: false, blobs: [] });
      expect(await erasure.releaseBlobs(erased.blobs, files())).toEqual({ removed: 2, kept: 0 });
    });

    it('keeps a blob another item holds, of this tenant or any other', async () => {
      const erasure = createItemErasure(setup.database.db, { tenantId: TENANT });
      const junk = await keptJunk(TENANT, 'shared: junk', { attachment: 'shared: the same attachment' });
      const other = await keptJunk(OTHER, 'shared: kept item of another tenant', { attachment: 'shared: the same attachment' });
      expect(other.attachment).toBe(junk.attachment);
      const erased = await erasure.erase(junk.item.id);
      expect(await erasure.releaseBlobs(erased.blobs, files())).toEqual({ removed: 1, kept: 1 });
      expect(fileExists(junk.attachment!)).toBe(true);
      expect(await blobRows([junk.attachment!])).toEqual([junk.attachment]);
      expect(fileExists(junk.source)).toBe(false);
    });

    it('is bound to its tenant and to the state it was asked for', async () => {
      const erasure = createItemErasure(setup.database.db, { tenantId: TENANT });
      const theirs = await keptJunk(OTHER, 'bound: another tenant');
      expect(await erasure.erase(theirs.item.id)).toEqual({ erased: false, blobs: [] });
      const mine = await keptJunk(TENANT, 'bound: placed since');
      expect(await erasure.erase(mine.item.id, { state: 'parked', round: 2 })).toEqual({ erased: false, blobs: [] });
      expect(await erasure.erase(mine.item.id, { state: 'failed', round: 1 })).toEqual({ erased: false, blobs: [] });
      expect(await rowsNaming(setup.database.db, theirs.item.id)).toBeGreaterThan(0);
      expect(await rowsNaming(setup.database.db, mine.item.id)).toBeGreaterThan(0);
      expect(await erasure.erase('not-a-uuid')).toEqual({ erased: false, blobs: [] });
    });

    it('never removes a file written within the grace period, and removes it once it is old', async () => {
      const erasure = createItemErasure(setup.database.db, { tenantId: TENANT });
      const junk = await keptJunk(TENANT, 'fresh: junk');
      const erased = await erasure.erase(junk.item.id);
      const young = createBlobFiles(blobStore(), { now: () => Date.now(), graceMs: HOUR });
      expect(await erasure.releaseBlobs(erased.blobs, young)).toEqual({ removed: 0, kept: 1 });
      expect(fileExists(junk.source)).toBe(true);
      // The row stays too, so the next run finds the blob again.
      expect(await erasure.unreferencedBlobs(1000)).toContain(junk.source);
      const path = blobStore().pathOf(junk.source);
      utimesSync(path, new Date(Date.now() - 2 * HOUR), new Date(Date.now() - 2 * HOUR));
      expect(await erasure.releaseBlobs(await erasure.unreferencedBlobs(1000), young)).toMatchObject({ kept: 0 });
      expect(fileExists(junk.source)).toBe(false);
    });

    it('a blob put again after the check stays: the remover puts the new file back', async () => {
      const remover = createBlobFiles(blobStore(), { now: () => fileNow });
      const blob = await blobStore().put(bytes('race: the same bytes'));
      // Old by the remover's clock, but the "file system" writes it again between its check and its rename:
      // simulated by a clock that makes the first look old and the second look fresh.
      let calls = 0;
      const racing = createBlobFiles(blobStore(), { now: () => (++calls === 1 ? Date.now() + DAY : Date.now()), graceMs: HOUR });
      expect(await racing.remove(blob.sha256)).toBe('fresh');
      expect(fileExists(blob.sha256)).toBe(true);
      expect(await remover.remove(blob.sha256)).toBe('removed');
      expect(await remover.remove(blob.sha256)).toBe('absent');
    });

    if (kind === 'postgres') {
      it('an ingest of the same bytes that has referred to the blob but not committed: the erasure waits and keeps it', async () => {
        const erasure = createItemErasure(setup.database.db, { tenantId: TENANT });
        const junk = await keptJunk(TENANT, 'concurrent: shared bytes');
        expect((await erasure.erase(junk.item.id)).erased).toBe(true);
        const ingest = new pg.Client({ connectionString: setup.url });
        await ingest.connect();
        try {
          await ingest.query('begin');
          const { rows } = await ingest.query<{ id: string }>(
            `insert into items (tenant_id, channel, source, file_name, content_sha256, size, received_at) values ($1, 'email', 'concurrent', 'x.eml', $2, 1, now()) returning id`,
            [OTHER, junk.source],
          );
          await ingest.query('insert into blobs (sha256, size) values ($1, 1) on conflict do nothing', [junk.source]);
          await ingest.query(`insert into attachments (item_id, tenant_id, role, name, blob_sha256, size) values ($1, $2, 'source', 'x.eml', $3, 1)`, [rows[0]!.id, OTHER, junk.source]);
          const releasing = erasure.releaseBlobs([junk.source], files());
          // The erasure's DELETE waits for the ingest's lock on the blob row (bounded wait, no timing asserted).
          await expect.poll(async () => (await ingest.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0]!.n, { timeout: 10_000 }).toBe(1);
          await ingest.query('commit');
          expect(await releasing).toEqual({ removed: 0, kept: 1 });
        } finally {
          await ingest.end();
        }
        expect(fileExists(junk.source)).toBe(true);
        expect(await blobRows([junk.source])).toEqual([junk.source]);
      });

      it('an ingest of the same bytes that has stored its file but no row yet: the file stays, the ingest commits', async () => {
        const erasure = createItemErasure(setup.database.db, { tenantId: TENANT });
        const junk = await keptJunk(TENANT, 'in flight: shared bytes');
        const erased = await erasure.erase(junk.item.id);
        expect(erased.blobs).toEqual([junk.source]);
        // The intake stores the bytes again (a fresh file) and begins its item row …
        await blobStore().put(bytes('in flight: shared bytes'));
        const ingest = new pg.Client({ connectionString: setup.url });
        await ingest.connect();
        try {
          await ingest.query('begin');
          const { rows } = await ingest.query<{ id: string }>(
            `insert into items (tenant_id, channel, source, file_name, content_sha256, size, received_at) values ($1, 'email', 'in-flight', 'x.eml', $2, 1, now()) returning id`,
            [OTHER, junk.source],
          );
          // … while the purge releases the blob with the real file system clock and the default grace.
          expect(await erasure.releaseBlobs(erased.blobs, createBlobFiles(blobStore()))).toEqual({ removed: 0, kept: 1 });
          await ingest.query('insert into blobs (sha256, size) values ($1, 1) on conflict do nothing', [junk.source]);
          await ingest.query(`insert into attachments (item_id, tenant_id, role, name, blob_sha256, size) values ($1, $2, 'source', 'x.eml', $3, 1)`, [rows[0]!.id, OTHER, junk.source]);
          await ingest.query('commit');
        } finally {
          await ingest.end();
        }
        expect(fileExists(junk.source)).toBe(true);
        expect(await blobRows([junk.source])).toEqual([junk.source]);
      });
    }

  });
}

describe('fordeler junk list / purge', () => {
  const cli = cliDataDir('fordeler-junk-cli-', TENANT);
  const dataDir = cli.dataDir;
  let itemId = '';
  let sha = '';
  beforeAll(async () => {
    await cli.prepare(async (database) => {
    const blob = await createFileBlobStore(join(dataDir, 'blobs')).put(bytes('cli: a newsletter from 0101701234'));
    utimesSync(createFileBlobStore(join(dataDir, 'blobs')).pathOf(blob.sha256), new Date(Date.now() - 40 * DAY), new Date(Date.now() - 40 * DAY));
    const items = createItemStore(database.db, { tenantId: TENANT });
    const { item } = await items.createItem({ channel: 'email', source: 'cli', fileName: 'nyhedsbrev 010170-1234.eml', contentSha256: blob.sha256, size: blob.size, receivedAt: new Date('2026-03-01T08:00:00Z') });
    await items.commit({ itemId: item.id, from: 'received', to: 'extracted', event: { stage: 'extract', type: 'extracted', at: new Date() }, content: content(undefined), patch: { subject: 'Nyhedsbrev til 010170-1234' } });
    await items.commit({ itemId: item.id, from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at: new Date() } });
    await items.commit({
      itemId: item.id, from: 'classified', to: 'parked', event: { stage: 'park', type: 'parked', at: new Date() },
      decision: { stage: 'route', outcome: { status: 'parked', destination: null, junk: { kinds: ['bulk', 'phishing'], action: 'keep', keepUntil: '2026-03-31T08:00:00.000Z' } }, reasons: [{ code: 'route.junk', message: 'Junk' }] },
    });
    itemId = item.id;
    sha = blob.sha256;
    });
  }, 60_000);
  afterAll(() => cli.restore());

  const io = (at: string) => {
    const lines: string[] = [];
    return { lines, io: { out: (text: string) => void lines.push(text), clock: { now: () => new Date(at) } } };
  };

  it('lists kept junk with ids, dates and kinds only, never the subject or a CPR number', async () => {
    const { junkListCommand } = await import('../../cli/commands/junk.js');
    const run = io('2026-04-01T00:00:00Z');
    expect(await junkListCommand({}, run.io)).toBe(0);
    const text = run.lines.join('');
    expect(text).toContain(itemId);
    expect(text).toContain('gemmes til 2026-03-31T08:00 (udløbet)  nyhedsbrev eller masseudsendelse, mulig phishing');
    expect(text).not.toMatch(/Nyhedsbrev til|0101|010170/);
    const json = io('2026-03-15T00:00:00Z');
    await junkListCommand({ json: true }, json.io);
    expect(JSON.parse(json.lines.join(''))).toEqual([expect.objectContaining({ itemId, kinds: ['bulk', 'phishing'], expired: false })]);
  });

  it('purges what is past its date: --dry-run only counts, the purge erases the item and its file', async () => {
    const { junkPurgeCommand } = await import('../../cli/commands/junk.js');
    const early = io('2026-03-15T00:00:00Z');
    await junkPurgeCommand({ json: true }, early.io);
    expect(JSON.parse(early.lines.join(''))).toEqual({ items: 0, blobsRemoved: 0, blobsKept: 0, dryRun: false });
    const dry = io('2026-04-01T00:00:00Z');
    await junkPurgeCommand({ dryRun: true }, dry.io);
    expect(dry.lines.join('')).toBe('1 kept junk item(s) past their date would be erased\n');
    expect(existsSync(createFileBlobStore(join(dataDir, 'blobs')).pathOf(sha))).toBe(true);
    const purge = io('2026-04-01T00:00:00Z');
    await junkPurgeCommand({}, purge.io);
    expect(purge.lines.join('')).toBe('erased 1 kept junk item(s); removed 1 blob file(s), kept 0 still in use or too new\n');
    expect(existsSync(createFileBlobStore(join(dataDir, 'blobs')).pathOf(sha))).toBe(false);
    const { junkListCommand } = await import('../../cli/commands/junk.js');
    const after = io('2026-04-01T00:00:00Z');
    await junkListCommand({}, after.io);
    expect(after.lines.join('')).toBe('no kept junk\n');
  });
});

function content(attachment: string | undefined): ExtractedContent {
  return {
    channel: 'email',
    subject: 'Nyhedsbrev marts',
    sender: { email: 'nyt@forening.example', idType: 'EMAIL' },
    recipients: [{ email: 'post@norrea.dk' }],
    body: 'Månedens nyheder',
    bodySource: 'plain',
    attachments: attachment ? [{ name: 'program.pdf', mimeType: 'application/pdf', blob: { sha256: attachment, size: 30 }, size: 30, text: '', textSource: 'none' }] : [],
    metadata: {},
    warnings: [],
  };
}
