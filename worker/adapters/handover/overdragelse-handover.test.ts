// The handover's own decisions, with a fake SF2900 client and a fake Filudveksling: inline or by SFTP,
// asking who receives the emne (and remembering the answer), and routing to one receiving system.
// The real client, emulator and SFTP server are in test/integration/filudveksling.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../core/errors.js';
import type { ExtractedContent, Item } from '../../../core/model.js';
import type { BlobStore, HandoverRequest } from '../../../core/ports.js';
import { createFileBlobStore } from '../blob-store.js';
import { FiludvekslingConfigError, type Filudveksling } from '../filudveksling/port.js';
import { OverdragelseContractError, OverdragelseTransientError, type OverdragelseClient, type Receipt, type ReceiverSystem, type SendRequest } from '../overdragelse/client.js';
import { createOverdragelseHandover, type OverdragelseDestination, type OverdragelseHandoverDeps } from './overdragelse-handover.js';

const KSD: ReceiverSystem = { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD', kle: '32.30.*' };
const JOBCENTER_UUID = '9e8d7c6b-5a49-4837-a261-5f4e3d2c1b0a';
const LIMIT = 1_024;

const letter = Buffer.from('%PDF-1.4\nAnsøgning om sygedagpenge — Jens Hansen, Nørregade 12, 8000 Nørreå\n%%EOF\n', 'utf8');
const drawings = Buffer.alloc(LIMIT * 5, 0x42);

const content: ExtractedContent = {
  channel: 'scan',
  subject: 'Ansøgning om sygedagpenge',
  sender: { id: '010180-1234', idType: 'CPR', name: 'Jens Hansen' },
  recipients: [],
  body: 'Jeg søger hermed om sygedagpenge fra 1. december.',
  bodySource: 'ocr',
  attachments: [],
  metadata: {},
  warnings: [],
};

/** A fake SF2900 client: records calls, answers from `systems` and `answer`. */
function fakeClient(options: { systems?: ReceiverSystem[]; answer?: Receipt | Error; listError?: Error } = {}) {
  const lists: { kle: string; handlingFacet?: string }[] = [];
  const sends: SendRequest[] = [];
  const client: OverdragelseClient = {
    async listReceivers(query) {
      lists.push(query);
      if (options.listError) throw options.listError;
      return { systems: options.systems ?? [KSD] };
    },
    async send(request) {
      sends.push(request);
      if (options.answer instanceof Error) throw options.answer;
      return { receipt: options.answer ?? { code: 'MODTAGET', kind: 'Teknisk' } };
    },
    close() {},
  };
  return { client, lists, sends };
}

/** A fake Filudveksling that reads what it is given, so the bytes can be compared. */
function fakeFiludveksling(failWith?: Error) {
  const puts: { name: string; size: number; bytes: Buffer }[] = [];
  const filudveksling: Filudveksling = {
    async put(name: string, open: () => Readable, size: number) {
      if (failWith) throw failWith;
      const chunks: Buffer[] = [];
      for await (const chunk of open()) chunks.push(chunk as Buffer);
      puts.push({ name, size, bytes: Buffer.concat(chunks) });
      return { remoteName: name };
    },
    exists: async () => false,
    close: async () => {},
  };
  return { filudveksling, puts };
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('createOverdragelseHandover', () => {
  let dir: string;
  let blobs: BlobStore;
  const items: Record<'letter' | 'drawings', Item> = {} as never;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overdragelse-handover-'));
    blobs = createFileBlobStore(dir);
    for (const [key, bytes, fileName] of [['letter', letter, 'd0051.pdf'], ['drawings', drawings, 'tegninger-2026-1234.PDF']] as const) {
      const blob = await blobs.put(Readable.from([bytes]));
      items[key] = {
        id: randomUUID(), round: 1, tenantId: 'noerreaa', channel: 'scan', state: 'routed', source: 'scan:nordscan', contentSha256: blob.sha256,
        size: blob.size, fileName, receivedAt: new Date('2026-12-01T08:00:00Z'),
      };
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const request = (item: Item, overrides: Partial<HandoverRequest> = {}): HandoverRequest => ({
    transactionId: randomUUID(), destination: 'KSD', item, content, kle: { nr: '32.30.04', confidence: 0.93 }, ...overrides,
  });

  function handover(parts: { client: OverdragelseClient } & Partial<OverdragelseHandoverDeps>, destinations: Record<string, OverdragelseDestination> = { KSD: {} }) {
    return createOverdragelseHandover({ blobs, inlineLimitBytes: LIMIT, checkReceivers: true, destination: (id) => destinations[id], ...parts });
  }

  describe('the document', () => {
    it('travels inside the request up to the inline limit, with its size and type', async () => {
      const { client, sends } = fakeClient();
      const { filudveksling, puts } = fakeFiludveksling();
      const receipt = await handover({ client, filudveksling }).deliver(request(items.letter));
      expect(receipt.code).toBe('MODTAGET');
      expect(puts).toEqual([]);
      const [sent] = sends;
      expect(sent?.documentFileName).toBeUndefined();
      expect(sent?.documents).toHaveLength(1);
      const [document] = sent!.documents!;
      expect(await readAll(document!.content!.open())).toEqual(letter);
      expect(document).toMatchObject({ size: letter.length, mimeType: 'application/pdf', name: 'd0051.pdf' });
      expect(sent).toMatchObject({ scanned: true, parties: [{ role: 'PrimaerPart', type: 'Person', id: '0101801234' }] });
    });

    it('goes by Filudveksling above the limit, named after the transaction id, and the request only names it', async () => {
      const { client, sends } = fakeClient();
      const { filudveksling, puts } = fakeFiludveksling();
      const req = request(items.drawings);
      await handover({ client, filudveksling }).deliver(req);
      expect(puts.map((p) => [p.name, p.size])).toEqual([[`${req.transactionId}.pdf`, drawings.length]]);
      expect(puts[0]?.bytes.equals(drawings)).toBe(true);
      expect(sends[0]?.documentFileName).toBe(`${req.transactionId}.pdf`);
      expect(sends[0]?.documents).toEqual([{ name: 'tegninger-2026-1234.PDF', mimeType: 'application/pdf', size: drawings.length, location: `${req.transactionId}.pdf` }]);
    });

    it('is refused as too large when Filudveksling is not configured, before anything is sent', async () => {
      const { client, sends } = fakeClient();
      const error = await handover({ client }).deliver(request(items.drawings)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).code).toBe('overdragelse_too_large');
      expect((error as Error).message).toMatch(/Filudveksling \(SFTP\) is not configured/);
      expect(sends).toEqual([]);
    });

    it('makes an SFTP configuration error a failed shipment, and leaves a network error to be retried', async () => {
      const refused = fakeFiludveksling(new FiludvekslingConfigError('Filudveksling sftp.serviceplatformen.dk:22: user nrk was refused'));
      const error = await handover({ client: fakeClient().client, filudveksling: refused.filudveksling }).deliver(request(items.drawings)).catch((e: unknown) => e);
      expect((error as BadInputError).code).toBe('filudveksling_config');

      const down = new Error('Filudveksling sftp.serviceplatformen.dk:22: cannot connect (ECONNREFUSED)');
      const { client, sends } = fakeClient();
      await expect(handover({ client, filudveksling: fakeFiludveksling(down).filudveksling }).deliver(request(items.drawings))).rejects.toBe(down);
      expect(sends).toEqual([]);
    });
  });

  describe('who receives it', () => {
    it('sends the item back when no system is registered for the emne, naming the emne and facet', async () => {
      const { client, sends, lists } = fakeClient({ systems: [] });
      const error = await handover({ client }, { KSD: { handlingFacet: 'G01' } }).deliver(request(items.letter)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).code).toBe('overdragelse_no_receiver');
      expect((error as Error).message).toBe('Ingen modtager er tilmeldt KLE-emnet 32.30.04 med handlingsfacetten G01 i Fordelingskomponenten; henvendelsen skal placeres manuelt');
      expect(lists).toEqual([{ kle: '32.30.04', handlingFacet: 'G01' }]);
      expect(sends).toEqual([]);
    });

    it('asks once per emne and facet within ten minutes, and again after', async () => {
      let now = new Date('2026-12-01T09:00:00Z');
      const { client, lists, sends } = fakeClient();
      const h = handover({ client, now: () => now }, { KSD: {}, KSD_G01: { handlingFacet: 'G01' } });
      await h.deliver(request(items.letter));
      await h.deliver(request(items.letter));
      await h.deliver(request(items.letter, { destination: 'KSD_G01' }));
      await h.deliver(request(items.letter, { kle: { nr: '32.30.02', confidence: 0.9 } }));
      expect(lists).toEqual([{ kle: '32.30.04' }, { kle: '32.30.04', handlingFacet: 'G01' }, { kle: '32.30.02' }]);
      now = new Date(now.getTime() + 9 * 60_000);
      await h.deliver(request(items.letter));
      expect(lists).toHaveLength(3);
      now = new Date(now.getTime() + 60_000);
      await h.deliver(request(items.letter));
      expect(lists).toHaveLength(4);
      expect(sends).toHaveLength(6);
    });

    it('does not remember a failed question, and passes a transient failure on', async () => {
      const outage = new OverdragelseTransientError('FordelingsmodtagerList: HTTP 503 from the service', 'FordelingsmodtagerList', 'http_503', 503);
      const failing = fakeClient({ listError: outage });
      const h = handover({ client: failing.client });
      await expect(h.deliver(request(items.letter))).rejects.toBe(outage);
      await expect(h.deliver(request(items.letter))).rejects.toBe(outage);
      expect(failing.lists).toHaveLength(2);
      expect(failing.sends).toEqual([]);
    });

    it('does not ask when told not to', async () => {
      const { client, lists, sends } = fakeClient({ systems: [] });
      await handover({ client, checkReceivers: false }).deliver(request(items.letter));
      expect(lists).toEqual([]);
      expect(sends).toHaveLength(1);
    });

    it('routes to the configured receiving system by RoutingModtagerAktoer, without asking who receives the emne', async () => {
      const { client, lists, sends } = fakeClient({ systems: [] });
      await handover({ client }, { JOBCENTER: { receiverSystemUuid: JOBCENTER_UUID } }).deliver(request(items.letter, { destination: 'JOBCENTER' }));
      expect(lists).toEqual([]);
      expect(sends[0]).toMatchObject({ receiverUuid: JOBCENTER_UUID, kle: '32.30.04' });
    });

    it('proposes the facet detected in the text when the letter gave none; a configured facet still wins', async () => {
      const { client, sends } = fakeClient();
      const aktindsigt = { ...content, subject: 'Anmodning om aktindsigt i byggesag', body: 'Jeg beder om aktindsigt i byggesagen for Skovvej 14.' };
      await handover({ client }).deliver(request(items.letter, { content: aktindsigt }));
      await handover({ client }, { KSD: { handlingFacet: 'G01' } }).deliver(request(items.letter, { content: aktindsigt }));
      expect(sends.map((s) => [s.handlingFacet, s.handlingFacetProposal])).toEqual([[undefined, 'A53'], ['G01', 'G01']]);
    });

    it('routes by KLE emne and facet otherwise', async () => {
      const { client, sends } = fakeClient();
      await handover({ client }, { KSD: { handlingFacet: 'G01' } }).deliver(request(items.letter));
      expect(sends[0]?.receiverUuid).toBeUndefined();
      expect(sends[0]).toMatchObject({ kle: '32.30.04', handlingFacet: 'G01' });
    });
  });

  describe('as before', () => {
    it('needs a KLE emne proposal, and takes the best candidate when the item has no emne', async () => {
      const { client, sends } = fakeClient();
      const h = handover({ client });
      const error = await h.deliver(request(items.letter, { kle: { nr: null, confidence: null }, kleSuggestion: '32.30' })).catch((e: unknown) => e);
      expect((error as BadInputError).code).toBe('overdragelse_no_kle');
      await h.deliver(request(items.letter, { kle: { nr: null, confidence: null }, kleSuggestion: '32.30.10' }));
      expect(sends.map((s) => s.kle)).toEqual(['32.30.10']);
    });

    it('turns AFVIST and FEJLET answers and contract faults into bad input, and throws transient errors as they are', async () => {
      const afvist = fakeClient({ answer: { code: 'AFVIST', kind: 'Forretning', reason: 'Modtager: henvendelsen hører ikke til dette system' } });
      expect(await handover({ client: afvist.client }).deliver(request(items.letter)).catch((e: BadInputError) => [e.code, e.message])).toEqual([
        'overdragelse_afvist', 'Fordelingskomponenten answered AFVIST: Modtager: henvendelsen hører ikke til dette system',
      ]);
      const contract = fakeClient({ answer: new OverdragelseContractError('FordelingsobjektAfsend: FEJL Anmodningen er ugyldig', 'FordelingsobjektAfsend', 'FEJL', 500) });
      expect(await handover({ client: contract.client }).deliver(request(items.letter)).catch((e: BadInputError) => e.code)).toBe('overdragelse_contract');
      const timeout = new OverdragelseTransientError('FordelingsobjektAfsend: no answer within 30000 ms', 'FordelingsobjektAfsend', 'timeout');
      await expect(handover({ client: fakeClient({ answer: timeout }).client }).deliver(request(items.letter))).rejects.toBe(timeout);
    });
  });
});
