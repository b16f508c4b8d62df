import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OverdragelseContractError, OverdragelseTransientError, createOverdragelseClient, type OverdragelseClient, type SendRequest,
} from '../../worker/adapters/overdragelse/client.js';
import { obj, parseReceipt, parseSoap, text0 } from '../../sf2900/index.js';
import { REJECT_REASON, startFkEmulator, type EmulatorReceipt, type FkEmulator, type FkEmulatorOptions } from './emulator.js';

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const KSD = { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' };
const DUBU = { uuid: '0b8e4f5a-3d2c-4e1b-8f7a-9c6d5e4f3a02', name: 'DUBU' };
const RECEIVERS: FkEmulatorOptions['receivers'] = [{ kle: '32.30.*', system: KSD }, { kle: '34.10.30', system: DUBU }];

const sygedagpenge = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  transactionId: randomUUID(), kle: '32.30.04', title: 'Udbetaling af sygedagpenge', scanned: false, documentType: 'eMail',
  documentId: randomUUID(), party: { type: 'Person', id: '010180-1234' }, documentFileName: 'mail-0042.eml', ...overrides,
});

async function finalReceipt(emulator: FkEmulator, transactionId: string): Promise<EmulatorReceipt[]> {
  for (let i = 0; i < 200; i++) {
    const mine = emulator.receipts().filter((r) => r.transactionId === transactionId);
    if (mine.some((r) => r.code === 'ACCEPTERET' || r.code === 'AFVIST' || r.code === 'FEJLET')) return mine;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no business receipt');
}

describe('the FK emulator', () => {
  let emulator: FkEmulator;
  let client: OverdragelseClient;
  beforeAll(async () => {
    emulator = await startFkEmulator({ receivers: RECEIVERS, delays: { acceptMs: 20 }, reject: { klePatterns: ['34.10.*'] } });
    client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 2_000 });
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    client.close();
    await emulator.close();
  });

  it('lists the receivers for a KLE emne', async () => {
    expect((await client.listReceivers({ kle: '32.30.04' })).systems.map((s) => s.name)).toEqual(['KSD']);
    expect((await client.listReceivers({ kle: '34.10.30' })).systems.map((s) => s.name)).toEqual(['DUBU']);
  });

  it('answers MODTAGET at once, then AFLEVERET and ACCEPTERET in the receipts log', async () => {
    const req = sygedagpenge();
    expect((await client.send(req)).receipt).toEqual({ code: 'MODTAGET', kind: 'Teknisk' });
    const receipts = await finalReceipt(emulator, req.transactionId);
    expect(receipts.map((r) => [r.code, r.kind])).toEqual([['MODTAGET', 'Teknisk'], ['AFLEVERET', 'Forretning'], ['ACCEPTERET', 'Forretning']]);
    expect(receipts.map((r) => r.seq)).toEqual([1, 2, 3]);

    const res = await fetch(`${emulator.url}/receipts?since=1`);
    const body = (await res.json()) as { receipts: EmulatorReceipt[] };
    expect(body.receipts.map((r) => r.code)).toEqual(['AFLEVERET', 'ACCEPTERET']);
    expect(body.receipts[0]).toMatchObject({ seq: 2, transactionId: req.transactionId, reason: 'Afleveret til KSD' });
  });

  it('rejects (AFVIST) a KLE the receiver refuses, with a Danish reason', async () => {
    const req = sygedagpenge({ kle: '34.10.30', title: 'Underretning om barn', party: undefined });
    await client.send(req);
    const last = (await finalReceipt(emulator, req.transactionId)).at(-1);
    expect(last).toMatchObject({ code: 'AFVIST', kind: 'Forretning', reason: REJECT_REASON });
  });

  it('fails (FEJLET) when no system receives the KLE emne, and delivers nothing', async () => {
    const req = sygedagpenge({ kle: '01.02.03' });
    expect((await client.send(req)).receipt.code).toBe('MODTAGET');
    expect((await finalReceipt(emulator, req.transactionId)).map((r) => r.code)).toEqual(['MODTAGET', 'FEJLET']);
    expect(emulator.stats().deliveredPerTransaction[req.transactionId]).toBe(0);
  });

  it('refuses a schema-invalid request with a TransportKvittering FEJL fault whose FejlListe names elements, not values', async () => {
    const error = await client.send(sygedagpenge({ transactionId: 'not-a-uuid', kle: '3230' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverdragelseContractError);
    expect(error).toMatchObject({ code: 'FEJL', status: 500 });
    expect((error as OverdragelseContractError).fejl).toEqual([
      { kode: 'Skemavalidering', tekst: "Element 'AnvenderTransaktionsID': [facet 'pattern'] The value is not accepted by the pattern '[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}'." },
      { kode: 'Skemavalidering', tekst: "Element 'RoutingKLEEmne': [facet 'pattern'] The value is not accepted by the pattern '[0-9][0-9][.][0-9][0-9][.][0-9][0-9]'." },
      { kode: 'Skemavalidering', tekst: "Element 'KLEEmneForslag': [facet 'pattern'] The value is not accepted by the pattern '[0-9][0-9][.][0-9][0-9][.][0-9][0-9]'." },
    ]);
    expect(emulator.stats()).toMatchObject({ sendCalls: 1, contractFaults: 1, schemaFaults: 1, uniqueTransactions: 0 });
  });

  it('is idempotent by AnvenderTransaktionsID: the same id twice gives one delivery', async () => {
    const req = sygedagpenge();
    const first = await client.send(req);
    const second = await client.send({ ...req });
    expect(second).toEqual(first);
    await finalReceipt(emulator, req.transactionId);
    await client.send(req);
    const stats = (await (await fetch(`${emulator.url}/stats`)).json()) as ReturnType<FkEmulator['stats']>;
    expect(stats).toMatchObject({ sendCalls: 3, uniqueTransactions: 1, duplicates: 2, deliveredPerTransaction: { [req.transactionId]: 1 } });
    expect(emulator.receipts().filter((r) => r.code === 'AFLEVERET')).toHaveLength(1);
  });

  it('POSTs business receipts to the callback URL as FordelingskvitteringModtag', async () => {
    const received: string[] = [];
    const sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const withCallback = await startFkEmulator({
      receivers: RECEIVERS, delays: { acceptMs: 5 }, receiptCallbackUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/kvittering`,
    });
    const c = createOverdragelseClient({ endpoint: withCallback.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM });
    const req = sygedagpenge();
    await c.send(req);
    for (let i = 0; i < 200 && received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    c.close();
    await withCallback.close();
    await new Promise((resolve) => sink.close(resolve));
    const parsed = received.map((xml) => parseSoap(xml));
    const codes = parsed.map((p) => (p.kind === 'body' ? parseReceipt(p.content.Forretningskvittering).code : 'fault'));
    expect(codes.sort()).toEqual(['ACCEPTERET', 'AFLEVERET']);
    const first = parsed[0]!;
    expect(first.kind === 'body' && first.name).toBe('FordelingskvitteringModtagAnvenderRequest');
    expect(first.kind === 'body' && text0(obj(first.content.DistributionContext).AnvenderTransaktionsID)).toBe(req.transactionId);
  });
});

describe('fault injection', () => {
  /** Sends `count` items, retrying each (same id) until MODTAGET; returns the failure classes seen, in order. */
  async function run(seed: number, count: number) {
    const emulator = await startFkEmulator({ receivers: RECEIVERS, delays: { acceptMs: 5 }, seed, fail: { rate: 0.5, kinds: ['500', '503', 'timeout'] } });
    const client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 1_500 }); // well above a slow answer on a loaded machine: only an injected hang times out
    const seen: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const req = sygedagpenge({ transactionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
      ids.push(req.transactionId);
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(20);
        try {
          expect((await client.send(req)).receipt.code).toBe('MODTAGET');
          break;
        } catch (error) {
          expect(error).toBeInstanceOf(OverdragelseTransientError);
          const { code, status } = error as OverdragelseTransientError;
          seen.push(status ? `${code} ${status}` : code);
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    const stats = emulator.stats();
    client.close();
    await emulator.close();
    return { seen, stats, ids };
  }

  it('is deterministic for a seed, makes retries safe, and never delivers twice', async () => {
    const a = await run(42, 12);
    const b = await run(42, 12);
    expect(a.seen).toEqual(b.seen);
    expect(a.stats.faultsInjected).toEqual(b.stats.faultsInjected);
    expect(new Set(a.seen)).toEqual(new Set(['soap_server_fault 500', 'soap_server_fault 503', 'timeout']));

    const { beforeRecording, afterRecording } = a.stats.faultsInjected;
    expect(beforeRecording + afterRecording).toBe(a.seen.length);
    expect(beforeRecording - afterRecording).toBeGreaterThanOrEqual(0);
    expect(beforeRecording - afterRecording).toBeLessThanOrEqual(1);
    // Every failure after recording is retried into the idempotency check; the rest arrive fresh.
    expect(afterRecording).toBeGreaterThan(0);
    expect(a.stats.duplicates).toBeGreaterThanOrEqual(afterRecording);
    expect(a.stats.uniqueTransactions).toBe(12);
    expect(Object.keys(a.stats.deliveredPerTransaction).sort()).toEqual([...a.ids].sort());
    expect(Object.values(a.stats.deliveredPerTransaction).every((n) => n === 1)).toBe(true);

    const other = await run(7, 12);
    expect(other.seen).not.toEqual(a.seen);
  });
});

describe('documents and per-receiver rejection', () => {
  const ESDH = { uuid: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99', name: 'ESDH Sag' };
  let dir: string;
  let emulator: FkEmulator;
  let client: OverdragelseClient;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fk-filudveksling-'));
    emulator = await startFkEmulator({
      // KSD takes 32.30.* but refuses sygedagpenge for self-employed (32.30.10); ESDH takes anything sent to it.
      receivers: [{ kle: '32.30.*', rejectKle: ['32.30.10'], system: KSD }, { kle: '02.*', system: ESDH }],
      delays: { acceptMs: 5 },
      filudvekslingDir: dir,
    });
    client = createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 2_000 });
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    client.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });
  const codes = async (id: string) => (await finalReceipt(emulator, id)).map((r) => r.code);

  it('fails (FEJLET) a hand-over whose DokumentFilNavn is not on Filudveksling', async () => {
    const req = sygedagpenge({ documentFileName: 'mangler.pdf', size: 1_000 });
    expect((await client.send(req)).receipt.code).toBe('MODTAGET');
    const last = (await finalReceipt(emulator, req.transactionId)).at(-1);
    expect(last).toMatchObject({ code: 'FEJLET', reason: 'Dokumentet mangler.pdf findes ikke på Filudveksling' });
    expect(emulator.stats().documents[req.transactionId]).toBeUndefined();
    expect(emulator.stats().deliveredPerTransaction[req.transactionId]).toBe(0);
  });

  it('records the uploaded file it found, and fails one whose size differs from Filstoerrelse', async () => {
    await writeFile(join(dir, 'brev.pdf'), Buffer.alloc(2_345, 0x25));
    const ok = sygedagpenge({ documentFileName: 'brev.pdf', size: 2_345 });
    await client.send(ok);
    expect(await codes(ok.transactionId)).toEqual(['MODTAGET', 'AFLEVERET', 'ACCEPTERET']);
    expect(emulator.stats().documents[ok.transactionId]).toEqual({ name: 'brev.pdf', size: 2_345, via: 'filudveksling' });

    const wrong = sygedagpenge({ documentFileName: 'brev.pdf', size: 9_999 });
    await client.send(wrong);
    expect((await finalReceipt(emulator, wrong.transactionId)).at(-1)?.reason).toBe('Dokumentet brev.pdf på Filudveksling fylder 2345 bytes, men Filstoerrelse er 9999');
  });

  it('checks every variant: an inline letter and an uploaded attachment, and fails when a later upload is missing', async () => {
    const letter = Buffer.from('%PDF-1.4\nBrev\n%%EOF\n');
    await writeFile(join(dir, 'bilag-2.pdf'), Buffer.alloc(100, 0x25));
    const open = { open: async function* () { yield letter; } };
    const both = sygedagpenge({ documentFileName: undefined, documents: [
      { name: 'brev.pdf', mimeType: 'application/pdf', size: letter.length, content: open },
      { name: 'bilag.pdf', mimeType: 'application/pdf', size: 100, location: 'bilag-2.pdf' },
    ] });
    await client.send(both);
    expect(await codes(both.transactionId)).toEqual(['MODTAGET', 'AFLEVERET', 'ACCEPTERET']);
    const missing = sygedagpenge({ documentFileName: undefined, documents: [
      { name: 'brev.pdf', mimeType: 'application/pdf', size: letter.length, content: open },
      { name: 'bilag.pdf', mimeType: 'application/pdf', size: 100, location: 'bilag-mangler.pdf' },
    ] });
    await client.send(missing);
    expect((await finalReceipt(emulator, missing.transactionId)).at(-1)).toMatchObject({ code: 'FEJLET', reason: 'Dokumentet bilag-mangler.pdf findes ikke på Filudveksling' });
  });

  it('never looks outside the folder for a DokumentFilNavn', async () => {
    const outside = `${dir}-udenfor.pdf`;
    await writeFile(outside, 'ikke på Filudveksling');
    const req = sygedagpenge({ documentFileName: `../${outside.split('/').pop()}`, size: 21 });
    await client.send(req);
    expect((await finalReceipt(emulator, req.transactionId)).at(-1)?.code).toBe('FEJLET');
    expect(emulator.stats().documents[req.transactionId]).toBeUndefined();
    await rm(outside);
  });

  it('records a document that came inside the request', async () => {
    const letter = Buffer.from('%PDF-1.4\nAnsøgning om sygedagpenge\n%%EOF\n');
    const req = sygedagpenge({ documentFileName: undefined, fileName: 'ansoegning.pdf', content: { open: async function* () { yield letter; } }, size: letter.length });
    await client.send(req);
    expect(emulator.stats().documents[req.transactionId]).toEqual({ name: 'ansoegning.pdf', size: letter.length, via: 'inline' });
  });

  it('lets one receiver reject an emne that another system, named by RoutingModtagerAktoer, accepts', async () => {
    const byKle = sygedagpenge({ kle: '32.30.10', documentFileName: undefined });
    await client.send(byKle);
    expect((await finalReceipt(emulator, byKle.transactionId)).at(-1)).toMatchObject({ code: 'AFVIST', reason: REJECT_REASON });

    const redistributed = sygedagpenge({ kle: '32.30.10', receiverUuid: ESDH.uuid, documentFileName: undefined });
    await client.send(redistributed);
    const receipts = await finalReceipt(emulator, redistributed.transactionId);
    expect(receipts.map((r) => [r.code, r.reason])).toEqual([['MODTAGET', undefined], ['AFLEVERET', 'Afleveret til ESDH Sag'], ['ACCEPTERET', undefined]]);

    const accepted = sygedagpenge({ kle: '32.30.04', documentFileName: undefined });
    await client.send(accepted);
    expect(await codes(accepted.transactionId)).toEqual(['MODTAGET', 'AFLEVERET', 'ACCEPTERET']);
  });
});
