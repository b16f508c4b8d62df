// Every answer the FK emulator gives, and every receipt it posts, judged by the XSD oracle on the bytes as
// they travel (raw POSTs, so no client smooths anything over): the send answer, each kind of fault, the
// receiver list, the business receipts. And the other direction: the emulator refuses schema-invalid
// requests with the service's fault, while a schema-valid request that breaks a rule keeps its own fault.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSendEnvelope, el, listReceiversRequest, parseReceipt, parseSoap, soapEnvelope, v2, v3, type ParsedFault, type SendRequest,
} from '../../sf2900/index.js';
import { validateEnvelope } from '../../test/support/xsd.js';
import { startFkEmulator, type FkEmulator } from './emulator.js';

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const KSD = { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' };
const DUBU = { uuid: '0b8e4f5a-3d2c-4e1b-8f7a-9c6d5e4f3a02', name: 'DUBU' };

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  transactionId: randomUUID(), kle: '32.30.04', title: 'Udbetaling af sygedagpenge', scanned: true, documentType: 'Brev',
  documentId: randomUUID(), party: { type: 'Person', id: '010180-1234' }, documentFileName: 'mangler.pdf', size: 1_000, ...overrides,
});
const letter = (overrides: Partial<SendRequest> = {}) => buildSendEnvelope(request(overrides), CVR, SYSTEM, new Date('2026-05-04T08:00:00Z'));

async function post(emulator: FkEmulator, body: string | Buffer): Promise<{ status: number; text: string }> {
  const res = await fetch(emulator.endpoint, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}

async function expectValid(xml: string): Promise<void> {
  expect(await validateEnvelope(xml)).toEqual({ valid: true, errors: [] });
}

function faultOf(text: string): ParsedFault {
  const parsed = parseSoap(text);
  if (parsed.kind !== 'fault') throw new Error(`expected a fault, got ${parsed.kind === 'body' ? parsed.name : ''}`);
  return parsed.fault;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the emulator\'s answers and receipts are schema-valid', () => {
  let emulator: FkEmulator;
  let sink: http.Server;
  const posted: string[] = [];
  beforeAll(async () => {
    sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    emulator = await startFkEmulator({
      receivers: [{ kle: '32.30.*', system: KSD }, { kle: '34.10.30', handlingFacet: 'G01', system: DUBU }],
      delays: { acceptMs: 5 }, reject: { klePatterns: ['34.10.*'] }, log: () => {},
      receiptCallbackUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/fk/kvittering`,
    });
  });
  afterEach(() => {
    emulator.reset();
    posted.length = 0;
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise((resolve) => sink.close(resolve));
  });

  it('the send answer (MODTAGET), the same bytes again for a repeat, and the receipts AFLEVERET, ACCEPTERET, AFVIST and FEJLET', async () => {
    const accepted = letter({ documentFileName: undefined });
    const first = await post(emulator, accepted);
    expect(first.status).toBe(200);
    await expectValid(first.text);
    expect(await post(emulator, accepted)).toEqual(first);
    await post(emulator, letter({ kle: '34.10.30', handlingFacet: 'G01', documentFileName: undefined })); // AFVIST
    await post(emulator, letter({ kle: '01.02.03', documentFileName: undefined })); // no receiver: FEJLET
    await post(emulator, letter()); // DokumentFilNavn without a Filudveksling folder is not checked: delivered
    // The repeat may come after the first settled (a loaded machine): its ACCEPTERET is then posted once more.
    const expected = () => 7 + emulator.stats().callbacks.resent;
    await waitFor(() => emulator.stats().callbacks.sent + emulator.stats().callbacks.failed >= expected(), 'seven business receipts');
    expect(emulator.stats().callbacks).toMatchObject({ sent: expected(), failed: 0 });
    const codes = posted.map((xml) => {
      const parsed = parseSoap(xml);
      return parsed.kind === 'body' ? parseReceipt(parsed.content.Forretningskvittering).code : 'fault';
    });
    const again = emulator.stats().callbacks.resent ? ['ACCEPTERET'] : [];
    expect(codes.sort()).toEqual([...again, 'ACCEPTERET', 'ACCEPTERET', 'AFLEVERET', 'AFLEVERET', 'AFLEVERET', 'AFVIST', 'FEJLET']);
    for (const xml of posted) await expectValid(xml);
  });

  it('the receiver list, answering a wildcard registration with the emne that was asked', async () => {
    const wildcard = await post(emulator, listReceiversRequest(CVR, '32.30.04'));
    await expectValid(wildcard.text);
    expect(wildcard.text).toContain('<ds2:RoutingKLEEmne>32.30.04</ds2:RoutingKLEEmne>');
    expect(wildcard.text).not.toContain('32.30.*');
    await expectValid((await post(emulator, listReceiversRequest(CVR, '34.10.30', 'G01'))).text);
    const none = await post(emulator, listReceiversRequest(CVR, '01.02.03'));
    await expectValid(none.text);
    expect(none.text).not.toContain('<ds2:System>');
    // The oracle is not a rubber stamp: the registered pattern in that field would fail it.
    expect((await validateEnvelope(wildcard.text.replace('>32.30.04<', '>32.30.*<'))).valid).toBe(false);
  });

  it('the fault for a schema-valid request that breaks a rule (no AuthorityContext), an unknown operation, and a DOCTYPE', async () => {
    const noAuthority = letter().replace(/<auth:AuthorityContext>.*?<\/auth:AuthorityContext>/, '');
    expect(noAuthority).not.toContain('AuthorityContext>');
    await expectValid(noAuthority);
    const rule = await post(emulator, noAuthority);
    expect(rule.status).toBe(500);
    await expectValid(rule.text);
    expect(faultOf(rule.text)).toMatchObject({ faultcode: 'soap:Client', kode: 'FEJL', begrundelse: 'Anmodningen er ugyldig', fejl: [{ kode: 'ManglendeFelt', tekst: 'AuthorityContext/MunicipalityCVR mangler' }] });

    const validate = soapEnvelope(v3('FordelingsmodtagerValiderRequest', v3('AfsendendeMyndighed', CVR),
      v3('RoutingListe', v2('Routing', v2('RoutingMyndighed', CVR), v2('RoutingModtagerAktoer', KSD.uuid)))));
    await expectValid(validate);
    const unknown = await post(emulator, validate);
    expect(unknown.status).toBe(500);
    await expectValid(unknown.text);
    expect(faultOf(unknown.text)).toMatchObject({ faultcode: 'soap:Client', kode: 'FEJL', begrundelse: 'Ukendt operation' });
    // libxml2 takes a DOCTYPE with an internal entity; the codec never reads one.
    const doctype = listReceiversRequest(CVR, '32.30.04').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>');
    await expectValid(doctype);
    const unreadable = await post(emulator, doctype);
    expect(unreadable.status).toBe(500);
    await expectValid(unreadable.text);
    expect(faultOf(unreadable.text)).toMatchObject({ faultcode: 'soap:Client', kode: 'FEJL', begrundelse: 'Anmodningen kan ikke læses', fejl: [{ kode: 'UgyldigXML' }] });
    expect(emulator.stats()).toMatchObject({ contractFaults: 3, schemaFaults: 0 });
  });

  it('the injected 500 and 503: bare soap:Server faults', async () => {
    const failing = await startFkEmulator({ receivers: [], fail: { rate: 1, kinds: ['500', '503'] }, seed: 3 });
    try {
      const answers = [];
      for (let i = 0; i < 16; i++) answers.push(await post(failing, letter()));
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([500, 503]));
      for (const answer of answers) {
        await expectValid(answer.text);
        expect(faultOf(answer.text)).toMatchObject({ faultcode: 'soap:Server', fejl: [] });
        expect(faultOf(answer.text).kode).toBeUndefined();
      }
    } finally {
      await failing.close();
    }
  });
});

describe('the emulator refuses schema-invalid requests as the service does', () => {
  let emulator: FkEmulator;
  beforeAll(async () => {
    emulator = await startFkEmulator({ receivers: [{ kle: '32.30.*', system: KSD }], delays: { acceptMs: 5 } });
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());

  /** Posts the request, checks the fault's shape and validity, and returns its FejlTekst lines. */
  async function refused(xml: string): Promise<string[]> {
    expect((await validateEnvelope(xml)).valid).toBe(false);
    const answer = await post(emulator, xml);
    expect(answer.status).toBe(500);
    await expectValid(answer.text);
    const fault = faultOf(answer.text);
    expect(fault).toMatchObject({ faultcode: 'soap:Client', kode: 'FEJL', begrundelse: 'Anmodningen overholder ikke skemaet' });
    expect(fault.fejl.length).toBeGreaterThan(0);
    expect(fault.fejl.every((f) => f.kode === 'Skemavalidering')).toBe(true);
    return fault.fejl.map((f) => f.tekst);
  }

  it('an empty DelvistScannet, a Dokumenttype Foo, a bad UUID, a missing required element', async () => {
    expect(await refused(letter().replace('<ds2:DelvistScannet>true</ds2:DelvistScannet>', '<ds2:DelvistScannet/>'))).toEqual([
      "Element 'DelvistScannet': The value is not a valid value of the atomic type 'xs:boolean'.",
    ]);
    expect((await refused(letter().replace('<ds2:Dokumenttype>Brev<', '<ds2:Dokumenttype>Foo<'))).join()).toMatch(/^Element 'Dokumenttype': \[facet 'enumeration'\] The value is not an element of the set/);
    expect((await refused(letter({ documentId: 'ikke-et-uuid' }))).join()).toMatch(/^Element 'ID': \[facet 'pattern'\] The value is not accepted/);
    expect((await refused(letter().replace(/<ds2:KLEEmneForslag>[^<]+<\/ds2:KLEEmneForslag>/, ''))).join()).toMatch(/KLEEmneForslag/);
    expect(emulator.stats()).toMatchObject({ sendCalls: 4, contractFaults: 4, schemaFaults: 4, uniqueTransactions: 0 });
    expect(emulator.receipts()).toEqual([]);
  });

  it('a receiver list asking for a wildcard, XML that is not well-formed, and an unknown element', async () => {
    expect((await refused(listReceiversRequest(CVR, '32.30.*'))).join()).toMatch(/RoutingKLEEmne/);
    await refused(letter().slice(0, -30));
    await refused(soapEnvelope(v3('FordelingsobjektSlet', el('ds3:anmodning'))));
    expect(emulator.stats()).toMatchObject({ listCalls: 1, schemaFaults: 3 });
  });

  it('never echoes a value: not the CPR number in a bad field, not a huge content', async () => {
    const cpr = letter().replace(/<ds2:AfsendendeMyndighed>\d+</, '<ds2:AfsendendeMyndighed>0101801234<');
    const texts = await refused(cpr);
    expect(texts.join()).toMatch(/AfsendendeMyndighed/);
    expect(texts.join()).not.toMatch(/0101801234|010180/);
    const huge = letter().replace('<ds2:Dokumenttype>Brev<', `<ds2:Dokumenttype>${'x'.repeat(100_000)}<`);
    const hugeTexts = await refused(huge);
    expect(hugeTexts.join().length).toBeLessThan(1_000);
  });

  it('caps the FejlListe: ten of libxml2\'s messages and a count of the rest', async () => {
    const many = soapEnvelope(v3('FordelingsmodtagerListRequest', v3('Routing',
      ...Array.from({ length: 15 }, () => v2('Ukendt', 'x')))));
    const direct = await validateEnvelope(many);
    expect(direct.valid).toBe(false);
    const texts = await refused(many);
    expect(texts.length).toBeLessThanOrEqual(11);
    if (direct.errors.length > 10) expect(texts.at(-1)).toBe(`… og ${direct.errors.length - 10} fejl mere`);
  });

  it('accepts a request carrying a 10 MB document inline, validated whole', async () => {
    const data = Buffer.alloc(10 * 1024 * 1024, 0x25);
    const xml = letter({ documentFileName: undefined, fileName: 'stor.pdf', size: data.length })
      .replace('<ds2:Filstoerrelse>', `<ds2:Indhold>${data.toString('base64')}</ds2:Indhold><ds2:Filstoerrelse>`);
    const answer = await post(emulator, Buffer.from(xml));
    expect(answer.status).toBe(200);
    await expectValid(answer.text);
    expect(emulator.stats()).toMatchObject({ schemaFaults: 0, documents: { [emulator.receipts()[0]!.transactionId]: { name: 'stor.pdf', size: data.length, via: 'inline' } } });
  });
});
