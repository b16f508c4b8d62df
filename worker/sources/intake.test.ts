import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryItemStore } from '../../test/fakes/memory-item-store.js';
import { createFileBlobStore } from '../adapters/blob-store.js';
import { createIntake } from './intake.js';

const letter = (extra = '') =>
  (async function* () {
    yield Buffer.from(`Message-ID: <7f3a.ansoegning@borger.example>\r\nSubject: =?utf-8?q?Ans=C3=B8gning_om_hj=C3=A6lp?=\r\n${extra}\r\nJeg søger om hjælp til en ny vaskemaskine.\r\n`);
  })();

describe('intake', () => {
  const dirs: string[] = [];
  afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

  async function setUp() {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-intake-'));
    dirs.push(dir);
    const items = createMemoryItemStore();
    const started: string[] = [];
    const blobs = createFileBlobStore(dir);
    const intake = createIntake({ blobs, items, clock: { now: () => new Date('2026-12-01T09:00:00Z') }, startPipeline: async (id) => void started.push(id) });
    return { intake, items, started, blobs };
  }

  it('stores the bytes before the item and starts its pipeline', async () => {
    const { intake, items, started, blobs } = await setUp();
    const result = await intake.receive({ channel: 'email', source: 'imap:post/INBOX', fileName: '17.eml', messageId: '<7f3a.ansoegning@borger.example>', bytes: letter() });
    expect(result).toMatchObject({ created: true, duplicate: false });
    const item = await items.getItem(result.itemId);
    expect(await blobs.has(item!.contentSha256)).toBe(true);
    expect(started).toEqual([result.itemId]);
    expect((await items.listEvents(result.itemId)).map((e) => e.type)).toEqual(['received']);
  });

  it('records a re-sent message with the same Message-ID on the first item and does not process it again', async () => {
    const { intake, items, started } = await setUp();
    const first = await intake.receive({ channel: 'email', source: 'imap:post/INBOX', fileName: '17.eml', messageId: '<7f3a.ansoegning@borger.example>', bytes: letter() });
    const again = await intake.receive({ channel: 'email', source: 'imap:post/INBOX', fileName: '18.eml', messageId: '<7f3a.ansoegning@borger.example>', bytes: letter('Received: from mx2.example\r\n') });
    expect(again).toEqual({ itemId: first.itemId, created: false, duplicate: true });
    expect(started).toEqual([first.itemId]);
    const events = await items.listEvents(first.itemId);
    expect(events.map((e) => e.type)).toEqual(['received', 'duplicate']);
    expect(events[1]?.data).toMatchObject({ duplicateFileName: '18.eml' });
  });

  it('queues the pipeline again when the same bytes are fetched again (a crash before the first job)', async () => {
    const { intake, started } = await setUp();
    const first = await intake.receive({ channel: 'email', source: 'imap:post/INBOX', fileName: '17.eml', bytes: letter() });
    const again = await intake.receive({ channel: 'email', source: 'imap:post/INBOX', fileName: '17.eml', bytes: letter() });
    expect(again).toEqual({ itemId: first.itemId, created: false, duplicate: false });
    expect(started).toEqual([first.itemId, first.itemId]);
  });
});
