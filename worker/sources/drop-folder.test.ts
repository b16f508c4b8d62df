// Drop folders against real temp folders, the real Intake and file blob store, and the in-memory item
// store. Timings are small; every wait polls for an outcome with a generous timeout, and "not taken"
// is checked against a witness file dropped at the same time that was taken.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, copyFile, mkdir, mkdtemp, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryItemStore, type MemoryItemStore } from '../../test/fakes/memory-item-store.js';
import { createFileBlobStore } from '../adapters/blob-store.js';
import { createDropFolderSource } from './drop-folder.js';
import { DropFolderSchema, type DropFolderInput } from './drop-folder-config.js';
import { createIntake, type IncomingItem, type Intake, type IntakeResult } from './intake.js';
import type { Source } from './source.js';

const SAMPLES = new URL('../../samples/post/', import.meta.url).pathname;
const TENANT = 'noerreaa';
// Local noon, so the day folder is the same date in every time zone.
const NOW = new Date(2026, 9, 6, 12, 0, 0);
const DAY = '2026-10-06';
const FAST = { pollSeconds: 0.05, settleSeconds: 0.2 };

interface Received {
  incoming: IncomingItem;
  /** Date.now() when receive() was called. */
  at: number;
  result?: IntakeResult;
}

interface Harness {
  inbox: string;
  processed: string;
  failed: string;
  items: MemoryItemStore;
  intake: Intake;
  started: string[];
  received: Received[];
  logs: Record<string, unknown>[];
  source: Source;
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

type FolderOptions = Partial<Omit<DropFolderInput, 'kind'>> & { kind: 'digitalpost' | 'scan'; sidecarWaitSeconds?: number };

/** A started (unless told otherwise) drop folder; `wrap` may put a misbehaving Intake in front of the real one. */
async function startFolder(options: FolderOptions, wrap: (real: Intake) => Intake = (real) => real, { start = true } = {}): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'drop-folder-test-'));
  const inbox = join(root, 'indbakke');
  await mkdir(inbox);
  const items = createMemoryItemStore({ tenantId: TENANT });
  const started: string[] = [];
  const clock = { now: () => new Date(NOW) };
  const intake = createIntake({ blobs: createFileBlobStore(join(root, 'blobs')), items, clock, startPipeline: async (id) => void started.push(id) });
  const received: Received[] = [];
  const recording = wrap({
    async receive(incoming) {
      const call: Received = { incoming, at: Date.now() };
      received.push(call);
      call.result = await intake.receive(incoming);
      return call.result;
    },
  });
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const folder = DropFolderSchema.parse({ id: 'post', path: inbox, ...FAST, ...options });
  const source = createDropFolderSource({ folder, intake: recording, logger: pino({ level: 'debug' }, logStream), clock });
  cleanups.push(async () => {
    await source.stop();
    await rm(root, { recursive: true, force: true });
  });
  if (start) await source.start();
  return { inbox, processed: join(inbox, 'processed', DAY), failed: join(inbox, 'failed'), items, intake, started, received, logs, source };
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** In processed/<day>/ and gone from the folder (the move links first, then removes the original). */
const moved = (h: Harness, name: string, as = name): boolean => existsSync(join(h.processed, as)) && !existsSync(join(h.inbox, name));
/** In failed/ with its error.json and gone from the folder. */
const failedWithNote = (h: Harness, name: string): boolean =>
  existsSync(join(h.failed, `${name}.error.json`)) && existsSync(join(h.failed, name)) && !existsSync(join(h.inbox, name));
const drop = (h: Harness, sample: string, as = sample): Promise<void> => copyFile(join(SAMPLES, sample), join(h.inbox, as));
const sha256Of = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');
const listItems = (h: Harness) => h.items.listItems();
const receivedNames = (h: Harness): string[] => h.received.map((r) => r.incoming.fileName);
const logsWith = (h: Harness, code: string) => h.logs.filter((entry) => entry.code === code);

describe('a Digital Post drop folder', () => {
  it('stores a MeMo file as one item and moves it to processed/<day>/', async () => {
    const h = await startFolder({ kind: 'digitalpost' });
    await drop(h, 'd0021.xml');
    await waitFor('d0021.xml in processed/', () => moved(h, 'd0021.xml'));
    const items = await listItems(h);
    expect(items).toEqual([
      expect.objectContaining({
        channel: 'digitalpost',
        source: 'folder:post',
        fileName: 'd0021.xml',
        messageId: '52be525b-5689-47d8-bbd3-264ce6507bee',
        contentSha256: await sha256Of(join(SAMPLES, 'd0021.xml')),
      }),
    ]);
    expect(items[0]?.sidecarSha256).toBeUndefined();
    expect(h.started).toEqual([items[0]!.id]);
    expect(await readdir(h.inbox)).toEqual(expect.arrayContaining(['processed', 'failed']));
    expect(await readdir(h.inbox)).toHaveLength(2);
    expect(logsWith(h, 'intake.stored')).toEqual([expect.objectContaining({ source: 'folder:post', file: 'd0021.xml', itemId: items[0]!.id })]);
    // The sender's CPR number and the subject are in the file; they never reach the log.
    expect(JSON.stringify(h.logs)).not.toMatch(/0811490294|Rotter i haven/);
  });

  it('ignores partial uploads until they are renamed', async () => {
    const h = await startFolder({ kind: 'digitalpost' });
    const partial = ['d0024.xml.part', 'd0026.xml.filepart', 'd0041.xml.tmp', 'd0041.xml~', '.d0041.xml.Xy12Zq', 'd0041.xml.crdownload', 'd0041.xml.partial'];
    for (const name of partial) await drop(h, name.includes('0024') ? 'd0024.xml' : name.includes('0026') ? 'd0026.xml' : 'd0041.xml', name);
    await drop(h, 'd0021.xml');
    await waitFor('the witness d0021.xml in processed/', () => moved(h, 'd0021.xml'));
    expect(receivedNames(h)).toEqual(['d0021.xml']);
    expect((await readdir(h.inbox)).sort()).toEqual([...partial, 'failed', 'processed'].sort());
    expect(await readdir(h.failed)).toEqual([]);

    await rename(join(h.inbox, 'd0024.xml.part'), join(h.inbox, 'd0024.xml'));
    await waitFor('d0024.xml in processed/', () => moved(h, 'd0024.xml'));
    expect(receivedNames(h)).toEqual(['d0021.xml', 'd0024.xml']);
  });

  it('waits until a file that is still being written has settled', async () => {
    const h = await startFolder({ kind: 'digitalpost', pollSeconds: 0.05, settleSeconds: 0.3 });
    const bytes = await readFile(join(SAMPLES, 'd0024.xml'));
    const target = await open(join(h.inbox, 'd0024.xml'), 'w');
    // Written in place in small pieces over about 1.5 s, like an SFTP upload: longer than the settle time.
    const pieces = 30;
    for (let index = 0; index < pieces; index++) {
      await target.write(bytes.subarray(Math.floor((index * bytes.length) / pieces), Math.floor(((index + 1) * bytes.length) / pieces)));
      await target.sync();
      await sleep(50);
    }
    await target.close();
    const finishedAt = Date.now();
    await waitFor('d0024.xml in processed/', () => moved(h, 'd0024.xml'));
    expect(receivedNames(h)).toEqual(['d0024.xml']);
    expect(await listItems(h)).toEqual([expect.objectContaining({ size: bytes.length })]);
    // Taken no earlier than the settle time after the last write (a lower bound only; slowness is fine).
    expect(h.received[0]!.at - finishedAt).toBeGreaterThanOrEqual(300 - 100);
  });

  it('moves a file that is not a MeMo message to failed/ with an error.json', async () => {
    const h = await startFolder({ kind: 'digitalpost' });
    await drop(h, 'd0051.pdf', 'faktura.pdf');
    await waitFor('the error file', () => failedWithNote(h, 'faktura.pdf'));
    expect((await readdir(h.failed)).sort()).toEqual(['faktura.pdf', 'faktura.pdf.error.json']);
    const note = JSON.parse(await readFile(join(h.failed, 'faktura.pdf.error.json'), 'utf8')) as Record<string, unknown>;
    expect(note).toMatchObject({ code: 'intake.unexpected_file', file: 'faktura.pdf', folder: 'post', kind: 'digitalpost', at: NOW.toISOString() });
    expect(note.message).toMatch(/only takes Digital Post messages \(MeMo, \.xml\)/);
    expect(await sha256Of(join(h.failed, 'faktura.pdf'))).toBe(await sha256Of(join(SAMPLES, 'd0051.pdf')));
    expect(h.received).toEqual([]);
    expect(await listItems(h)).toEqual([]);
  });

  it('stores the same file dropped twice once and keeps both copies in processed/', async () => {
    const h = await startFolder({ kind: 'digitalpost' });
    await drop(h, 'd0021.xml');
    await waitFor('the first copy in processed/', () => moved(h, 'd0021.xml'));
    await drop(h, 'd0021.xml');
    await waitFor('the second copy in processed/', () => moved(h, 'd0021.xml', 'd0021-2.xml'));
    expect(h.received.map((r) => r.result)).toEqual([
      { itemId: expect.any(String), created: true, duplicate: false },
      { itemId: h.received[0]!.result!.itemId, created: false, duplicate: false },
    ]);
    expect(await listItems(h)).toHaveLength(1);
    expect((await readdir(h.processed)).sort()).toEqual(['d0021-2.xml', 'd0021.xml']);
  });

  it('records a second delivery of the same message (same messageUUID, other bytes) as a duplicate', async () => {
    const h = await startFolder({ kind: 'digitalpost' });
    await drop(h, 'd0021.xml');
    await waitFor('the first delivery in processed/', () => moved(h, 'd0021.xml'));
    await writeFile(join(h.inbox, 'gensendt.xml'), `${await readFile(join(SAMPLES, 'd0021.xml'), 'utf8')}\n`);
    await waitFor('the second delivery in processed/', () => moved(h, 'gensendt.xml'));
    expect(h.received[1]?.incoming.messageId).toBe('52be525b-5689-47d8-bbd3-264ce6507bee');
    expect(h.received[1]?.result).toEqual({ itemId: h.received[0]!.result!.itemId, created: false, duplicate: true });
    expect(await listItems(h)).toHaveLength(1);
  });

  it('leaves a file in place when the Intake fails for an infrastructure reason and stores it on a later poll', async () => {
    let calls = 0;
    let presentOnRetry: boolean | undefined;
    const h = await startFolder({ kind: 'digitalpost' }, (real) => ({
      async receive(incoming) {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        presentOnRetry = existsSync(join(h.inbox, 'd0021.xml'));
        return real.receive(incoming);
      },
    }));
    await drop(h, 'd0021.xml');
    await waitFor('d0021.xml in processed/', () => moved(h, 'd0021.xml'));
    expect(calls).toBe(2);
    expect(presentOnRetry).toBe(true);
    expect(await readdir(h.failed)).toEqual([]);
    expect(await listItems(h)).toHaveLength(1);
    expect(logsWith(h, 'intake.receive_failed')).toEqual([expect.objectContaining({ level: 50, file: 'd0021.xml', attempts: 1 })]);
  });

  it('takes files left in the folder by a crash, storing an already stored one again as the same item', async () => {
    const h = await startFolder({ kind: 'digitalpost' }, undefined, { start: false });
    // The crash came after the Intake stored d0021.xml but before it was moved; d0026.xml was not stored yet.
    await drop(h, 'd0021.xml');
    await drop(h, 'd0026.xml');
    const before = await h.intake.receive({ channel: 'digitalpost', source: 'folder:post', fileName: 'd0021.xml', bytes: (async function* () {
      yield await readFile(join(SAMPLES, 'd0021.xml'));
    })() });
    await h.source.start();
    await waitFor('both in processed/', () => moved(h, 'd0021.xml') && moved(h, 'd0026.xml'));
    const again = h.received.find((r) => r.incoming.fileName === 'd0021.xml');
    expect(again?.result).toEqual({ itemId: before.itemId, created: false, duplicate: false });
    expect(await listItems(h)).toHaveLength(2);
  });

  it('does not move a file that was written to while it was stored, and takes the complete file once it settles', async () => {
    let first = true;
    const h = await startFolder({ kind: 'digitalpost' }, (real) => ({
      async receive(incoming) {
        const result = await real.receive(incoming);
        if (first) await appendFile(join(h.inbox, 'd0021.xml'), '\n<!-- resten af overførslen -->\n');
        first = false;
        return result;
      },
    }));
    await drop(h, 'd0021.xml');
    await waitFor('d0021.xml in processed/', () => moved(h, 'd0021.xml'));
    expect(receivedNames(h)).toEqual(['d0021.xml', 'd0021.xml']);
    expect(await readdir(h.processed)).toEqual(['d0021.xml']);
    // The complete file is an item of its own, not a duplicate (same messageUUID) of the incomplete one.
    expect(h.received[1]?.incoming.messageId).toBeUndefined();
    expect(h.received[1]?.result).toMatchObject({ created: true, duplicate: false });
    expect(await sha256Of(join(h.processed, 'd0021.xml'))).toBe((await listItems(h)).find((item) => item.id === h.received[1]!.result!.itemId)?.contentSha256);
    expect(logsWith(h, 'intake.file_changed_while_reading')).toEqual([expect.objectContaining({ itemId: h.received[0]!.result!.itemId })]);
  });

  it('forgets a file that vanished while it was stored, without failing the folder', async () => {
    const h = await startFolder({ kind: 'digitalpost' }, (real) => ({
      async receive(incoming) {
        if (incoming.fileName === 'd0026.xml') await unlink(join(h.inbox, 'd0026.xml'));
        return real.receive(incoming);
      },
    }));
    await drop(h, 'd0026.xml');
    await waitFor('the vanished warning', () => logsWith(h, 'intake.file_vanished').length > 0);
    await drop(h, 'd0021.xml');
    await waitFor('d0021.xml in processed/', () => moved(h, 'd0021.xml'));
    expect(await readdir(h.failed)).toEqual([]);
    expect(await readdir(h.processed)).toEqual(['d0021.xml']);
    expect(logsWith(h, 'intake.file_vanished')).toEqual([expect.objectContaining({ file: 'd0026.xml' })]);
  });

  it.skipIf(process.getuid?.() === 0)('moves a file it may not read to failed/', async () => {
    const h = await startFolder({ kind: 'digitalpost' });
    await drop(h, 'd0021.xml');
    await chmod(join(h.inbox, 'd0021.xml'), 0o000);
    await waitFor('the error file', () => failedWithNote(h, 'd0021.xml'));
    const note = JSON.parse(await readFile(join(h.failed, 'd0021.xml.error.json'), 'utf8')) as Record<string, unknown>;
    expect(note).toMatchObject({ code: 'intake.file_unreadable', file: 'd0021.xml' });
    expect(await listItems(h)).toEqual([]);
  });

  it('stop() waits for the file in hand, then takes no more', async () => {
    let inHand = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = await startFolder({ kind: 'digitalpost' }, (real) => ({
      async receive(incoming) {
        inHand = true;
        await gate;
        return real.receive(incoming);
      },
    }));
    await drop(h, 'd0021.xml');
    await waitFor('d0021.xml in hand', () => inHand);
    let stopped = false;
    const stopping = h.source.stop().then(() => (stopped = true));
    await sleep(200);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await readdir(h.processed)).toEqual(['d0021.xml']);
    // Stopped: a new file is not taken, though it has had several settle times.
    await drop(h, 'd0026.xml');
    await sleep(1000);
    expect(existsSync(join(h.inbox, 'd0026.xml'))).toBe(true);
    expect(receivedNames(h)).toEqual(['d0021.xml']);
  });

  it('refuses to start on a folder that does not exist', async () => {
    const folder = DropFolderSchema.parse({ id: 'post', kind: 'digitalpost', path: join(tmpdir(), 'findes-ikke-7f3a'), ...FAST });
    const source = createDropFolderSource({ folder, intake: { receive: () => Promise.reject(new Error('unused')) }, logger: pino({ level: 'silent' }) });
    await expect(source.start()).rejects.toThrow(/drop folder "post": .*findes-ikke-7f3a is not a folder/);
  });
});

describe('a scanning-bureau drop folder', () => {
  it('waits for a scan\'s sidecar and stores the scan with it', async () => {
    const h = await startFolder({ kind: 'scan', sidecarWaitSeconds: 60 });
    await drop(h, 'd0051.pdf');
    await drop(h, 'd0056.pdf');
    await drop(h, 'd0056.meta.xml');
    await waitFor('the witness d0056 in processed/', () => moved(h, 'd0056.pdf'));
    expect(receivedNames(h)).toEqual(['d0056.pdf']);
    expect(existsSync(join(h.inbox, 'd0051.pdf'))).toBe(true);

    await drop(h, 'd0051.meta.xml');
    await waitFor('d0051 in processed/', () => moved(h, 'd0051.pdf'));
    expect((await readdir(h.processed)).sort()).toEqual(['d0051.meta.xml', 'd0051.pdf', 'd0056.meta.xml', 'd0056.pdf']);
    const items = await listItems(h);
    expect(items).toHaveLength(2);
    expect(items.find((item) => item.fileName === 'd0051.pdf')).toMatchObject({
      channel: 'scan',
      source: 'folder:post',
      contentSha256: await sha256Of(join(SAMPLES, 'd0051.pdf')),
      sidecarSha256: await sha256Of(join(SAMPLES, 'd0051.meta.xml')),
    });
  });

  it('takes a scan without its sidecar once the sidecar wait is over', async () => {
    const h = await startFolder({ kind: 'scan', sidecarWaitSeconds: 1 });
    await drop(h, 'd0017.png');
    const droppedAt = Date.now();
    await waitFor('d0017.png in processed/', () => moved(h, 'd0017.png'));
    const [item] = await listItems(h);
    expect(item).toMatchObject({ channel: 'scan', fileName: 'd0017.png' });
    expect(item?.sidecarSha256).toBeUndefined();
    expect(h.received[0]?.incoming.sidecar).toBeUndefined();
    // Not before settle + sidecar wait (a lower bound only).
    expect(h.received[0]!.at - droppedAt).toBeGreaterThanOrEqual(1200 - 100);
  });

  it('never makes an item of a sidecar alone, and warns once that it waits', async () => {
    const h = await startFolder({ kind: 'scan', sidecarWaitSeconds: 0.3 });
    await drop(h, 'd0051.meta.xml');
    await waitFor('the lonely-sidecar warning', () => logsWith(h, 'intake.sidecar_without_scan').length > 0);
    await drop(h, 'd0056.pdf');
    await drop(h, 'd0056.meta.xml');
    await waitFor('the witness d0056 in processed/', () => moved(h, 'd0056.pdf'));
    expect(receivedNames(h)).toEqual(['d0056.pdf']);
    expect(existsSync(join(h.inbox, 'd0051.meta.xml'))).toBe(true);
    expect(await readdir(h.failed)).toEqual([]);
    expect(logsWith(h, 'intake.sidecar_without_scan')).toEqual([expect.objectContaining({ level: 40, file: 'd0051.meta.xml' })]);
  });

  it('keeps a scan and its sidecar under one name when a copy is already in processed/', async () => {
    const h = await startFolder({ kind: 'scan', sidecarWaitSeconds: 60 });
    for (let copy = 1; copy <= 2; copy++) {
      await drop(h, 'd0051.pdf');
      await drop(h, 'd0051.meta.xml');
      await waitFor(`copy ${copy} in processed/`, () => h.received.length === copy && !existsSync(join(h.inbox, 'd0051.pdf')));
    }
    expect((await readdir(h.processed)).sort()).toEqual(['d0051-2.meta.xml', 'd0051-2.pdf', 'd0051.meta.xml', 'd0051.pdf']);
    expect(await listItems(h)).toHaveLength(1);
  });

  it('moves a file that is neither a scan nor a sidecar to failed/', async () => {
    const h = await startFolder({ kind: 'scan', sidecarWaitSeconds: 60 });
    await drop(h, 'd0021.xml');
    await waitFor('the error file', () => failedWithNote(h, 'd0021.xml'));
    const note = JSON.parse(await readFile(join(h.failed, 'd0021.xml.error.json'), 'utf8')) as Record<string, unknown>;
    expect(note).toMatchObject({ code: 'intake.unexpected_file', kind: 'scan', file: 'd0021.xml' });
    expect(JSON.stringify(note)).not.toMatch(/0811490294|Rotter/);
    expect(h.received).toEqual([]);
  });
});
