import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore, HandoverRequest } from '../../../core/ports.js';
import { createFileBlobStore } from '../blob-store.js';
import { createOutboxHandover } from './outbox.js';

let dir: string;
let blobs: BlobStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  blobs = createFileBlobStore(join(dir, 'blobs'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the folder outbox', () => {
  it('writes the original and an envelope with the letter date, parties (CPR unmasked: machine-to-machine), cases, facet and message id', async () => {
    const memo = Buffer.from('<memo:Message/>');
    const blob = await blobs.put(Readable.from([memo]));
    const request: HandoverRequest = {
      transactionId: '9b7e2d10-4a3c-4f5e-8d21-6c0a9e3b7f18', destination: 'KY', kle: { nr: '32.24.04', confidence: 0.9 }, kleSuggestion: null,
      item: {
        id: 'item-1', round: 1, tenantId: 't', channel: 'digitalpost', state: 'routed', source: 'folder', contentSha256: blob.sha256, size: blob.size,
        fileName: 'd0026.xml', receivedAt: new Date('2026-01-02T08:00:00Z'),
      },
      content: {
        channel: 'digitalpost', subject: 'Ansøgning', sender: { id: '0905903117', idType: 'CPR', name: 'Jørgen Madsen' },
        recipients: [{ id: '65916169', idType: 'CVR' }], body: '', bodySource: 'none', attachments: [], warnings: [],
        metadata: {
          cpr: ['1503721848'], cvr: ['65916169'], caseIds: [{ caseId: 'S-1', system: 'SBSYS' }], kle: { activityFacet: 'A01', label: 'Kontanthjælp' },
          memo: { messageUuid: '8c2ea15d-61fb-4ba9-9366-42f8b194c365', createdDateTime: '2025-12-31T23:30:00Z' },
        },
      },
    };
    await createOutboxHandover(join(dir, 'outbox'), blobs).deliver(request);
    const folder = join(dir, 'outbox', 'KY');
    expect((await readdir(folder)).sort()).toEqual([`${request.transactionId}.json`, `${request.transactionId}.xml`]);
    expect(await readFile(join(folder, `${request.transactionId}.xml`))).toEqual(memo);
    const envelope = JSON.parse(await readFile(join(folder, `${request.transactionId}.json`), 'utf8')) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      itemId: 'item-1', originalFileName: 'd0026.xml', documentName: 'd0026.xml', letterDate: '2026-01-01', letterDateSource: 'memo',
      parties: [
        { role: 'sender', kind: 'person', id: '0905903117', idType: 'CPR', name: 'Jørgen Madsen' },
        { role: 'subject', kind: 'person', id: '1503721848', idType: 'CPR' },
      ],
      caseIds: [{ caseId: 'S-1', system: 'SBSYS' }], kle: { nr: '32.24.04', confidence: 0.9 }, kleLabel: 'Kontanthjælp', handlingFacet: 'A01',
      digitalPostMessageId: '8c2ea15d-61fb-4ba9-9366-42f8b194c365',
    });
    expect(envelope.letterDateSkipped).toBeUndefined();

    // A letter date that is no date: the received day, and the envelope says why.
    const odd = { ...request, transactionId: 'tx-2', content: { ...request.content, metadata: { memo: { createdDateTime: 'i går' } } } };
    await createOutboxHandover(join(dir, 'outbox'), blobs).deliver(odd);
    const second = JSON.parse(await readFile(join(folder, 'tx-2.json'), 'utf8')) as Record<string, unknown>;
    expect(second).toMatchObject({ letterDate: '2026-01-02', letterDateSource: 'received', letterDateSkipped: ['the memo date "i går" is not a valid time; the next source is used'] });
  });
});
