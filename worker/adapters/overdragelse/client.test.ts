import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFkEmulator, type FkEmulator } from '../../../tools/fk-emulator/emulator.js';
import { listReceiversResponse, obj, parseSoap, sendResponse, text0, transportFault, type XmlObject } from '../../../sf2900/index.js';
import {
  OverdragelseContractError, OverdragelseTransientError, createOverdragelseClient, endpointProblem, maskCpr, type SendRequest,
} from './client.js';

/** The scanned letter from samples/post, as the bytes an inline hand-over carries. */
const scannedLetter = () => readFile(new URL('../../../samples/post/d0056.pdf', import.meta.url));

function anmodningOf(xml: string): XmlObject {
  const parsed = parseSoap(xml);
  if (parsed.kind !== 'body') throw new Error('expected a body');
  return obj(parsed.content.anmodning);
}
const delAttributter = (anmodning: XmlObject) =>
  obj(obj(obj(obj(obj(obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument).Registrering).RelationListe).VariantListe).Variant).DelAttributter);

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const KSD = { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' };
const DUBU = { uuid: '0b8e4f5a-3d2c-4e1b-8f7a-9c6d5e4f3a02', name: 'DUBU' };

function request(overrides: Partial<SendRequest> = {}): SendRequest {
  return {
    transactionId: randomUUID(), kle: '32.30.04', handlingFacet: 'G01', title: 'Udbetaling af sygedagpenge <R&D> "maj"',
    documentFileName: 'fordeler-7f3a.pdf', scanned: true, documentId: randomUUID(),
    party: { type: 'Person', id: '010180-1234' }, letterDate: '2026-05-04', mimeType: 'application/pdf', size: 48_213, ...overrides,
  };
}

/** A one-response HTTP server, for answers the emulator never gives. */
async function fixedServer(status: number, body: string, contentType = 'text/xml'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(status, { 'content-type': contentType }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a document inside the request', () => {
  /** Answers MODTAGET and keeps what it was sent: the declared length and the bytes. */
  async function captureServer() {
    const seen: { declared: number; body: Buffer; complete: boolean }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('aborted', () => seen.push({ declared: Number(req.headers['content-length']), body: Buffer.concat(chunks), complete: false }));
      req.on('end', () => {
        seen.push({ declared: Number(req.headers['content-length']), body: Buffer.concat(chunks), complete: true });
        res.writeHead(200, { 'content-type': 'text/xml' }).end(sendResponse({ code: 'MODTAGET', kind: 'Teknisk' }, { transactionId: randomUUID(), senderCvr: CVR, routingCvr: CVR, kle: '32.30.04' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('streams it as base64 in DelAttributter/Indhold, with the exact Content-Length and no DokumentFilNavn', async () => {
    const pdf = await scannedLetter();
    const server = await captureServer();
    const c = createOverdragelseClient({ endpoint: server.url, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 2_000 });
    // Uneven pieces, so base64 has to carry bytes over between them.
    const pieces = async function* () {
      for (let at = 0; at < pdf.length; at += 1_000) yield pdf.subarray(at, at + 1_000);
    };
    const { receipt } = await c.send(request({ documentFileName: undefined, fileName: 'd0056.pdf', content: { open: pieces }, size: pdf.length }));
    c.close();
    await server.close();
    expect(receipt.code).toBe('MODTAGET');
    const [sent] = server.seen;
    expect(sent?.complete).toBe(true);
    expect(sent?.body.length).toBe(sent?.declared);
    const anmodning = anmodningOf(sent!.body.toString('utf8'));
    expect(obj(anmodning.DistributionContext).DokumentFilNavn).toBeUndefined();
    const del = delAttributter(anmodning);
    expect(Buffer.from(text0(del.Indhold), 'base64').equals(pdf)).toBe(true);
    expect(text0(del.DelTekst)).toBe('d0056.pdf');
    expect(text0(del.Filstoerrelse)).toBe(String(pdf.length));
    expect(text0(del.MimeType)).toBe('application/pdf');
  });

  it('abandons the request when the document is shorter than its announced size', async () => {
    const server = await captureServer();
    const c = createOverdragelseClient({ endpoint: server.url, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 2_000 });
    const short = async function* () {
      yield Buffer.from('%PDF-1.4 afskåret');
    };
    const error = await c.send(request({ content: { open: short }, size: 4_096 })).catch((e: unknown) => e);
    c.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect((error as Error).message).toMatch(/not the 4096 announced/);
    expect(error).not.toBeInstanceOf(OverdragelseContractError);
    expect(server.seen.filter((s) => s.complete)).toEqual([]);
  });
});

describe('maskCpr', () => {
  it('keeps the birth date and hides the serial, with or without the dash', () => {
    expect(maskCpr('part 010180-1234 and 0101801234, CVR 29189404')).toBe('part 010180-XXXX and 010180-XXXX, CVR 29189404');
  });
});

describe('the endpoint rule', () => {
  it('plain http only to this machine; everything else https', () => {
    for (const ok of ['https://fk.example.dk/x', 'http://127.0.0.1:9/x', 'http://[::1]:9/x', 'http://localhost/x']) expect(endpointProblem(ok)).toBeUndefined();
    expect(endpointProblem('http://fk.example.dk/x')).toMatch(/only to 127\.0\.0\.1, ::1 or localhost; use https:\/\/ for fk\.example\.dk/);
    expect(endpointProblem('http://10.0.0.5/x')).toMatch(/use https/);
    expect(endpointProblem('ftp://fk.example.dk/')).toMatch(/unsupported protocol ftp:/);
    const create = () => createOverdragelseClient({ endpoint: 'http://fk.example.dk/x', municipalityCvr: CVR, systemUuid: SYSTEM });
    expect(create).toThrow(/overdragelse endpoint: plain http/);
  });
});

describe('createOverdragelseClient against the emulator', () => {
  let emulator: FkEmulator;
  beforeAll(async () => {
    emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }, { kle: '34.10.30', system: DUBU }],
      delays: { acceptMs: 20 },
    });
  });
  afterAll(() => emulator.close());

  const client = () => createOverdragelseClient({ endpoint: emulator.endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs: 2_000 });

  it('lists the receivers of a KLE emne, matching wildcard registrations', async () => {
    const c = client();
    // The emulator answers with the emne asked (the XSD allows no 32.30.* in RoutingKLEEmne).
    expect(await c.listReceivers({ kle: '32.30.04' })).toEqual({ systems: [{ uuid: KSD.uuid, name: 'KSD', kle: '32.30.04' }] });
    expect(await c.listReceivers({ kle: '34.10.30', handlingFacet: 'G01' })).toEqual({ systems: [{ uuid: DUBU.uuid, name: 'DUBU', kle: '34.10.30' }] });
    expect(await c.listReceivers({ kle: '01.02.03' })).toEqual({ systems: [] });
    c.close();
  });

  it('sends a document and gets the technical receipt MODTAGET', async () => {
    const c = client();
    expect(await c.send(request())).toEqual({ receipt: { code: 'MODTAGET', kind: 'Teknisk' } });
    c.close();
  });

  it('turns a validation fault into a contract error that names the field but never the CPR', async () => {
    const c = client();
    const error = await c.send(request({ kle: '32.30', party: { type: 'Person', id: '0101801234' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverdragelseContractError);
    expect((error as Error).message).toMatch(/FordelingsobjektAfsend: FEJL Anmodningen overholder ikke skemaet \(Skemavalidering: Element 'RoutingKLEEmne'/);
    expect((error as OverdragelseContractError).fejl.map((f) => f.kode)).toContain('Skemavalidering');
    expect(JSON.stringify(error)).not.toMatch(/1234/);
    c.close();
  });
});

describe('error classification', () => {
  const clientFor = (endpoint: string, timeoutMs = 2_000) => createOverdragelseClient({ endpoint, municipalityCvr: CVR, systemUuid: SYSTEM, timeoutMs });

  it('keeps a wildcard registration the real service may answer with (RoutingKLEEmne 32.30.*)', async () => {
    const server = await fixedServer(200, listReceiversResponse([{ uuid: KSD.uuid, name: 'KSD', kle: '32.30.*' }], CVR));
    const answer = await clientFor(server.url).listReceivers({ kle: '32.30.04' });
    await server.close();
    expect(answer).toEqual({ systems: [{ uuid: KSD.uuid, name: 'KSD', kle: '32.30.*' }] });
  });

  it('masks a CPR number that a fault echoes back', async () => {
    const server = await fixedServer(500, transportFault('Client', 'Ugyldig part 010180-1234', [{ kode: 'UgyldigPart', tekst: 'CPR 0101801234 findes ikke' }]));
    const error = await clientFor(server.url).send(request()).catch((e: unknown) => e);
    await server.close();
    expect(error).toBeInstanceOf(OverdragelseContractError);
    expect((error as Error).message).toBe('FordelingsobjektAfsend: FEJL Ugyldig part 010180-XXXX (UgyldigPart: CPR 010180-XXXX findes ikke)');
    expect(JSON.stringify(error)).not.toMatch(/1234/);
  });

  it.each([
    [503, 'Service Unavailable', 'text/plain', OverdragelseTransientError, 'http_503'],
    [500, '<html>oops</html>', 'text/html', OverdragelseTransientError, 'http_500'],
    [400, 'Bad Request', 'text/plain', OverdragelseContractError, 'http_400'],
    [200, 'not xml at all', 'text/plain', OverdragelseContractError, 'bad_response'],
  ])('HTTP %i %s → %s', async (status, body, type, kind, code) => {
    const server = await fixedServer(status, body, type);
    const error = await clientFor(server.url).listReceivers({ kle: '32.30.04' }).catch((e: unknown) => e);
    await server.close();
    expect(error).toBeInstanceOf(kind);
    expect((error as OverdragelseContractError).code).toBe(code);
  });

  it('treats a soap:Server fault without a FEJL verdict as transient', async () => {
    const fault = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Intern fejl</faultstring></soap:Fault></soap:Body></soap:Envelope>';
    const server = await fixedServer(500, fault);
    const error = await clientFor(server.url).listReceivers({ kle: '32.30.04' }).catch((e: unknown) => e);
    await server.close();
    expect(error).toBeInstanceOf(OverdragelseTransientError);
    expect((error as Error).message).toBe('FordelingsmodtagerList: soap:Server Intern fejl');
  });

  it('reports a refused connection and a stalled server as transient', async () => {
    const server = await fixedServer(200, '');
    const url = server.url;
    await server.close();
    await expect(clientFor(url).listReceivers({ kle: '32.30.04' })).rejects.toBeInstanceOf(OverdragelseTransientError);

    const stalled = http.createServer(() => undefined);
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { port } = stalled.address() as AddressInfo;
    const error = await clientFor(`http://127.0.0.1:${port}/`, 150).listReceivers({ kle: '32.30.04' }).catch((e: unknown) => e);
    stalled.closeAllConnections();
    await new Promise((resolve) => stalled.close(resolve));
    expect(error).toBeInstanceOf(OverdragelseTransientError);
    expect((error as OverdragelseTransientError).code).toBe('timeout');
    expect((error as Error).message).toBe('FordelingsmodtagerList: no answer within 150 ms');
  });
});
