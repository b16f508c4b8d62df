import { describe, expect, it } from 'vitest';
import { parseSoap } from './envelope.js';
import { listReceiversRequest } from './messages.js';
import { readListRequest, readSendRequest } from './read-requests.js';
import { buildSendEnvelope, type SendRequest } from './send-request.js';
import type { XmlObject } from './xml.js';

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const TRANSACTION = '11111111-2222-4333-8444-555555555555';
const DOCUMENT = '22222222-2222-4333-8444-555555555555';

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  transactionId: TRANSACTION, kle: '32.30.04', handlingFacet: 'G01', title: 'Sygedagpenge', scanned: false, documentId: DOCUMENT,
  documentFileName: 'fordeler-7f3a.pdf', size: 48_213, ...overrides,
});

function content(xml: string): XmlObject {
  const parsed = parseSoap(xml);
  if (parsed.kind !== 'body') throw new Error('expected a body');
  return parsed.content;
}

describe('readSendRequest', () => {
  it('reads what the client sends: routing, proposal, the file on Filudveksling and its size', () => {
    const part = { name: 'fordeler-7f3a.pdf', declaredSize: 48_213, variantType: 'PDF', location: 'fordeler-7f3a.pdf' };
    expect(readSendRequest(content(buildSendEnvelope(request({ letterDate: '2026-05-04' }), CVR, SYSTEM)))).toEqual({
      ok: true,
      value: {
        transactionId: TRANSACTION, senderCvr: CVR, routingCvr: CVR, objectType: 'DOKUMENT', kle: '32.30.04', handlingFacet: 'G01',
        kleForslag: '32.30.04', handlingFacetForslag: 'G01', letterDate: '2026-05-04', documentFileName: 'fordeler-7f3a.pdf', part, parts: [part],
      },
    });
  });

  it('measures an inline document from its base64 length, padding included', () => {
    for (const bytes of [1, 2, 3, 10]) {
      const indhold = Buffer.alloc(bytes, 7).toString('base64');
      const xml = buildSendEnvelope(request({ documentFileName: undefined, fileName: 'brev.pdf', size: bytes }), CVR, SYSTEM, new Date(), indhold);
      const read = readSendRequest(content(xml));
      if (!read.ok) throw new Error('expected a valid request');
      expect(read.value.part).toEqual({ name: 'brev.pdf', declaredSize: bytes, inlineBytes: bytes, variantType: 'PDF' });
    }
  });

  it('reads every variant, every party, the Digital Post message id and a proposal apart from the routing facet', () => {
    const xml = buildSendEnvelope(request({
      documentFileName: undefined, handlingFacet: undefined, handlingFacetProposal: 'A01', digitalPostMessageId: '8c2ea15d-61fb-4ba9-9366-42f8b194c365',
      documents: [
        { name: 'brev.pdf', mimeType: 'application/pdf', size: 3, content: { open: async function* () { yield Buffer.from('abc'); } } },
        { name: 'bilag.png', mimeType: 'image/png', size: 20_000, location: `${TRANSACTION}-2.png` },
      ],
      parties: [{ role: 'PrimaerPart', type: 'Virksomhed', id: '12345678' }, { role: 'SekundaerPart', type: 'Person', id: '0101801234' }],
    }), CVR, SYSTEM, new Date(), ['YWJj']);
    const read = readSendRequest(content(xml));
    if (!read.ok) throw new Error('expected a valid request');
    expect(read.value).toMatchObject({
      digitalPostMessageId: '8c2ea15d-61fb-4ba9-9366-42f8b194c365', handlingFacetForslag: 'A01',
      parts: [
        { name: 'brev.pdf', declaredSize: 3, inlineBytes: 3, mimeType: 'application/pdf', variantType: 'PDF' },
        { name: 'bilag.png', declaredSize: 20_000, mimeType: 'image/png', variantType: 'PNG', location: `${TRANSACTION}-2.png` },
      ],
      parties: [{ role: 'PrimaerPart', type: 'Virksomhed', reference: '12345678' }, { role: 'SekundaerPart', type: 'Person', reference: '0101801234' }],
    });
    expect(read.value.handlingFacet).toBeUndefined();
    // The first variant is inline: DokumentFilNavn stays empty, the second names its file in Location only.
    expect(read.value.documentFileName).toBeUndefined();
  });

  it('routes to one receiving system by RoutingModtagerAktoer', () => {
    const receiverUuid = '7a1c9e2d-4b3f-4e5a-8c6d-0f1e2d3c4b5a';
    const read = readSendRequest(content(buildSendEnvelope(request({ receiverUuid }), CVR, SYSTEM)));
    if (!read.ok) throw new Error('expected a valid request');
    expect(read.value.receiverUuid).toBe(receiverUuid);
    expect(read.value.kle).toBeUndefined();
    expect(read.value.kleForslag).toBe('32.30.04');
  });

  it('names every wrong field, but never quotes a value (it may be a CPR number)', () => {
    const xml = buildSendEnvelope(request({ transactionId: '010180-1234', kle: '3230', handlingFacet: 'g1', documentId: 'x' }), '1234', SYSTEM);
    const read = readSendRequest(content(xml));
    if (read.ok) throw new Error('expected errors');
    expect(read.fejl.map((f) => f.tekst)).toEqual([
      'AuthorityContext/MunicipalityCVR er ikke et CVR-nummer (8 cifre)', 'AnvenderTransaktionsID er ikke et UUID',
      'AfsendendeMyndighed er ikke et CVR-nummer (8 cifre)', 'RoutingMyndighed er ikke et CVR-nummer (8 cifre)',
      'RoutingKLEEmne er ikke et KLE-emne (NN.NN.NN)', 'RoutingHandlingFacet er ikke en handlingsfacet (fx G01)',
      'ID er ikke et UUID', 'KLEEmneForslag er ikke et KLE-emne (NN.NN.NN)', 'HandlingFacetForslag er ikke en handlingsfacet (fx G01)',
    ]);
    expect(JSON.stringify(read.fejl)).not.toContain('010180');
  });

  it('reports missing routing and object content', () => {
    const read = readSendRequest(content(buildSendEnvelope(request(), CVR, SYSTEM).replace(/<ds2:RoutingValg>.*<\/ds2:RoutingValg>/, '')
      .replace(/<ds2:ObjektType>DOKUMENT<\/ds2:ObjektType><ds2:ObjektIndhold>.*<\/ds2:ObjektIndhold>/, '<ds2:ObjektType>BREV</ds2:ObjektType>')));
    if (read.ok) throw new Error('expected errors');
    expect(read.fejl.map((f) => f.kode)).toEqual(['ManglendeFelt', 'UgyldigVaerdi', 'ManglendeFelt']);
    expect(read.fejl[0]!.tekst).toMatch(/RoutingValg/);
    expect(read.fejl[2]!.tekst).toMatch(/ObjektIndhold/);
  });
});

describe('readListRequest', () => {
  it('reads what the client asks', () => {
    expect(readListRequest(content(listReceiversRequest(CVR, '32.30.04', 'G01')))).toEqual({
      ok: true, value: { senderCvr: CVR, routingCvr: CVR, kle: '32.30.04', handlingFacet: 'G01' },
    });
  });

  it('refuses a missing KLE emne and a missing authority', () => {
    const read = readListRequest({ Routing: { AfsendendeMyndighed: CVR, RoutingMyndighed: CVR } });
    if (read.ok) throw new Error('expected errors');
    expect(read.fejl).toEqual([
      { kode: 'ManglendeFelt', tekst: 'AuthorityContext/MunicipalityCVR mangler' }, { kode: 'ManglendeFelt', tekst: 'RoutingKLEEmne mangler' },
    ]);
  });
});
