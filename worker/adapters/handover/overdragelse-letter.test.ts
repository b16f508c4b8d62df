// What the hand-over says about the letter: a Digital Post letter's own documents (not its MeMo XML),
// the Digital Post message id, the letter's date and handling facet, the parties, and an e-mail's name
// and sender. A fake SF2900 client and Filudveksling; the real ones in test/integration/memo-handover.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedAttachment, ExtractedContent, Item } from '../../../core/model.js';
import type { BlobStore, HandoverRequest } from '../../../core/ports.js';
import { createFileBlobStore } from '../blob-store.js';
import type { Filudveksling } from '../filudveksling/port.js';
import type { OverdragelseClient, SendRequest } from '../overdragelse/client.js';
import { createOverdragelseHandover, type OverdragelseDestination } from './overdragelse-handover.js';

const MESSAGE_UUID = '8c2ea15d-61fb-4ba9-9366-42f8b194c365';
const files = {
  memo: Buffer.from('<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1">…</memo:Message>'),
  letter: Buffer.from('%PDF-1.4 afgørelse\n%%EOF\n'),
  appendix: Buffer.alloc(300, 0x41),
  photo: Buffer.alloc(500, 0x89),
  mail: Buffer.from('From: Jens Hansen <jens@example.dk>\r\nSubject: Flytning\r\n\r\nHej\r\n'),
};
let dir: string;
let blobs: BlobStore;
const stored: Partial<Record<keyof typeof files, { sha256: string; size: number }>> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overdragelse-letter-'));
  blobs = createFileBlobStore(dir);
  for (const [key, bytes] of Object.entries(files)) stored[key as keyof typeof files] = await blobs.put(Readable.from([bytes]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const attachment = (key: keyof typeof files, name: string, mimeType: string): ExtractedAttachment => ({
  name, mimeType, blob: stored[key]!, size: stored[key]!.size, text: '', textSource: 'none',
});

function memoRequest(overrides: Partial<ExtractedContent> = {}): HandoverRequest {
  const item: Item = {
    id: randomUUID(), round: 1, tenantId: 't', channel: 'digitalpost', state: 'routed', source: 'folder:digital-post', contentSha256: stored.memo!.sha256,
    size: stored.memo!.size, fileName: 'd0021.xml', receivedAt: new Date('2026-01-02T08:00:00Z'),
  };
  const content: ExtractedContent = {
    channel: 'digitalpost', subject: 'Afgørelse om tandpleje', body: 'afgørelse', bodySource: 'text-layer', warnings: [],
    sender: { id: '12345678', idType: 'CVR', name: 'Tandlæge ApS' }, recipients: [{ id: '65916169', idType: 'CVR', name: 'Nørreå Kommune' }],
    mainDocuments: [attachment('letter', 'Afgørelse.pdf', 'application/pdf'), attachment('appendix', 'Afgørelse side 2.pdf', 'application/pdf')],
    attachments: [attachment('photo', 'røntgen.png', 'image/png')],
    metadata: {
      memo: { messageUuid: MESSAGE_UUID, createdDateTime: '2025-12-31T23:30:00Z' }, date: '2025-12-31T23:30:00Z',
      kle: { subjectKey: '29.09.00', activityFacet: 'A01' }, cpr: ['0101801234'], cvr: ['65916169'],
    },
    ...overrides,
  };
  return { transactionId: randomUUID(), destination: 'TAND', item, content, kle: { nr: '29.09.00', confidence: 1 } };
}

function setUp(destination: OverdragelseDestination = {}, inlineLimitBytes = 10_000) {
  const sends: SendRequest[] = [];
  const puts: { name: string; bytes: Buffer }[] = [];
  const client: OverdragelseClient = {
    listReceivers: async () => ({ systems: [{ uuid: randomUUID(), name: 'Tand', kle: '29.*' }] }),
    send: async (request) => {
      sends.push(request);
      return { receipt: { code: 'MODTAGET', kind: 'Teknisk' } };
    },
    close() {},
  };
  const filudveksling: Filudveksling = {
    async put(name, open) {
      const chunks: Buffer[] = [];
      for await (const chunk of open()) chunks.push(chunk as Buffer);
      puts.push({ name, bytes: Buffer.concat(chunks) });
      return { remoteName: name };
    },
    exists: async () => false,
    close: async () => {},
  };
  const handover = createOverdragelseHandover({ client, blobs, filudveksling, inlineLimitBytes, checkReceivers: true, destination: () => destination });
  return { handover, sends, puts };
}

async function bytesOf(document: NonNullable<SendRequest['documents']>[number]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of document.content!.open()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('a Digital Post letter', () => {
  it('is handed over as its own documents, with its message id, date, facet and parties — not as the MeMo XML', async () => {
    const { handover, sends } = setUp();
    await handover.deliver(memoRequest());
    const [sent] = sends;
    expect(sent!.documents!.map((d) => [d.name, d.mimeType, d.size])).toEqual([
      ['Afgørelse.pdf', 'application/pdf', files.letter.length], ['Afgørelse side 2.pdf', 'application/pdf', files.appendix.length], ['røntgen.png', 'image/png', files.photo.length],
    ]);
    expect(await Promise.all(sent!.documents!.map(bytesOf))).toEqual([files.letter, files.appendix, files.photo]);
    expect(sent).toMatchObject({
      digitalPostMessageId: MESSAGE_UUID, letterDate: '2026-01-01', title: 'Afgørelse om tandpleje', documentType: 'Brev', scanned: false,
      handlingFacetProposal: 'A01',
      parties: [{ role: 'PrimaerPart', type: 'Virksomhed', id: '12345678' }, { role: 'SekundaerPart', type: 'Person', id: '0101801234' }],
    });
    // The letter's facet is a proposal: it does not change where Fordelingskomponenten routes.
    expect(sent!.handlingFacet).toBeUndefined();
  });

  it('takes the destination\'s facet over the letter\'s, for routing and proposal alike', async () => {
    const { handover, sends } = setUp({ handlingFacet: 'G01' });
    await handover.deliver(memoRequest());
    expect(sends[0]).toMatchObject({ handlingFacet: 'G01', handlingFacetProposal: 'G01' });
  });

  it('adds the MeMo XML as the last variant only when the destination asks, and sends it when there is nothing else', async () => {
    const asked = setUp({ includeMemoXml: true });
    await asked.handover.deliver(memoRequest());
    expect(asked.sends[0]!.documents!.map((d) => [d.name, d.mimeType])).toEqual([
      ['Afgørelse.pdf', 'application/pdf'], ['Afgørelse side 2.pdf', 'application/pdf'], ['røntgen.png', 'image/png'], ['d0021.xml', 'application/xml'],
    ]);
    expect(await bytesOf(asked.sends[0]!.documents![3]!)).toEqual(files.memo);

    const nemSms = setUp();
    await nemSms.handover.deliver(memoRequest({ mainDocuments: undefined, attachments: [] }));
    expect(nemSms.sends[0]!.documents!.map((d) => d.name)).toEqual(['d0021.xml']);
  });

  it('uploads each document that does not fit inline as its own file, named by transaction id and index, the same on a retry', async () => {
    const { handover, sends, puts } = setUp({}, files.letter.length + 100);
    const request = memoRequest();
    await handover.deliver(request);
    await handover.deliver(request);
    const t = request.transactionId;
    expect(puts.map((p) => p.name)).toEqual([`${t}-2.pdf`, `${t}-3.png`, `${t}-2.pdf`, `${t}-3.png`]);
    expect(puts[0]!.bytes).toEqual(files.appendix);
    expect(puts[1]!.bytes).toEqual(files.photo);
    const documents = sends[0]!.documents!;
    expect(documents[0]!.content).toBeDefined();
    expect(documents.slice(1).map((d) => [d.location, d.size])).toEqual([[`${t}-2.pdf`, files.appendix.length], [`${t}-3.png`, files.photo.length]]);
    // DokumentFilNavn names the first variant's file only, and the first variant travelled inline.
    expect(sends[0]!.documentFileName).toBeUndefined();
  });
});

describe('an e-mail', () => {
  it('is named by its subject, dated by its Date header, and its sender is the PrimaerPart by name and address', async () => {
    const { handover, sends } = setUp();
    const request = memoRequest();
    const item: Item = { ...request.item, channel: 'email', fileName: '5.eml', contentSha256: stored.mail!.sha256, size: stored.mail!.size };
    const content: ExtractedContent = {
      channel: 'email', subject: 'Flytning: ny adresse', sender: { id: 'jens@example.dk', idType: 'EMAIL', name: 'Jens Hansen', email: 'jens@example.dk' },
      recipients: [], body: 'Hej', bodySource: 'plain', attachments: [], metadata: { date: '2025-12-31T22:59:00.000Z' }, warnings: [],
    };
    await handover.deliver({ ...request, item, content });
    expect(sends[0]!.documents!.map((d) => [d.name, d.mimeType, d.size])).toEqual([['Flytning ny adresse.eml', 'message/rfc822', files.mail.length]]);
    expect(sends[0]).toMatchObject({ documentType: 'eMail', letterDate: '2025-12-31', parties: [{ role: 'PrimaerPart', type: 'Person', id: 'Jens Hansen <jens@example.dk>' }] });
    expect(sends[0]!.digitalPostMessageId).toBeUndefined();
  });
});
