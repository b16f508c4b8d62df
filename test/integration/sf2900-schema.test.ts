// Every SF2900 request shape Fordeler can send, validated by libxml2 against KOMBIT's official
// DistributionService XSDs (sf2900/xsd/): the oracle is the contract, not our own reading of it. The
// requests are built through the same codec functions the overdragelse client uses, with the inputs the
// hand-over adapter derives from an item (channel → document type, MIME type, scan flag, party).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSendBody, buildSendEnvelope, listReceiversRequest, receiptCallbackRequest, receiptCallbackResponse, sendResponse, type RequestBody, type SendRequest,
} from '../../sf2900/index.js';
import { validateEnvelope } from '../support/xsd.js';

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const NOW = new Date('2026-05-04T08:00:00Z');

/** A letter-shaped request, as overdragelse-handover.ts builds it; each case overrides what its channel changes. */
function request(overrides: Partial<SendRequest> = {}): SendRequest {
  return {
    transactionId: randomUUID(), kle: '32.30.04', title: 'Ansøgning om hjælp til medicin', fileName: 'ansoegning.pdf',
    scanned: false, documentType: 'Brev', documentId: randomUUID(), mimeType: 'application/pdf', size: 6, ...overrides,
  };
}

const inline = (data: Buffer): Pick<SendRequest, 'content' | 'size'> => ({
  content: { open: async function* () { yield data; } }, size: data.length,
});

async function text(body: RequestBody): Promise<string> {
  if (typeof body === 'string') return body;
  const pieces: Buffer[] = [];
  for await (const piece of body.chunks()) pieces.push(piece);
  return Buffer.concat(pieces).toString('utf8');
}

async function expectValid(xml: string): Promise<void> {
  const result = await validateEnvelope(xml);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('the schema oracle', () => {
  it('rejects an empty DelvistScannet (not an xs:boolean)', async () => {
    const xml = buildSendEnvelope(request({ scanned: true }), CVR, SYSTEM, NOW).replace('<ds2:DelvistScannet>true</ds2:DelvistScannet>', '<ds2:DelvistScannet></ds2:DelvistScannet>');
    const result = await validateEnvelope(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/DelvistScannet/);
  });

  it('rejects a Dokumenttype outside the enumeration', async () => {
    const xml = buildSendEnvelope(request(), CVR, SYSTEM, NOW).replace('<ds2:Dokumenttype>Brev<', '<ds2:Dokumenttype>Foo<');
    const result = await validateEnvelope(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Dokumenttype/);
  });

  it('rejects XML that is not well-formed', async () => {
    const xml = buildSendEnvelope(request({ title: 'TITLE' }), CVR, SYSTEM, NOW).replace('>TITLE<', '>a\u000Bb<');
    expect((await validateEnvelope(xml)).valid).toBe(false);
  });
});

describe('FordelingsobjektAfsend requests are schema-valid', () => {
  it('a letter with the document inside the request (Indhold)', async () => {
    const body = buildSendBody(request(inline(Buffer.from('%PDF-1'))), CVR, SYSTEM, NOW);
    expect(typeof body).not.toBe('string');
    await expectValid(await text(body));
  });

  it('a large document uploaded to Filudveksling and named (DokumentFilNavn, Location)', async () => {
    const transactionId = randomUUID();
    await expectValid(await text(buildSendBody(request({ transactionId, documentFileName: `${transactionId}.pdf`, size: 48_213_000 }), CVR, SYSTEM, NOW)));
  });

  it('to a named receiving system (RoutingModtagerAktoer) with a handling facet proposal', async () => {
    await expectValid(buildSendEnvelope(request({ receiverUuid: randomUUID(), handlingFacet: 'G01' }), CVR, SYSTEM, NOW));
  });

  it('an e-mail from a citizen (eMail, message/rfc822, CPR party)', async () => {
    await expectValid(await text(buildSendBody(request({
      title: 'Spørgsmål om "boligstøtte" & <flytning>', fileName: 'mail.eml', documentType: 'eMail', mimeType: 'message/rfc822',
      party: { type: 'Person', id: '010180-1234' }, ...inline(Buffer.from('From: a@b\r\n\r\nHej\r\n')),
    }), CVR, SYSTEM, NOW)));
  });

  it('an e-mail whose subject carries control characters (U+000B, U+0001)', async () => {
    await expectValid(buildSendEnvelope(request({
      title: 'Klage\u000B over\u0001 afgørelse', fileName: 'klage\u0001.eml', documentType: 'eMail', mimeType: 'message/rfc822',
    }), CVR, SYSTEM, NOW));
  });

  it('a MeMo from Digital Post (application/xml, CVR party)', async () => {
    await expectValid(await text(buildSendBody(request({
      title: 'Faktura 2026-118', fileName: 'memo.xml', mimeType: 'application/xml', party: { type: 'Virksomhed', id: '12345678' },
      ...inline(Buffer.from('<?xml version="1.0"?><Message/>')),
    }), CVR, SYSTEM, NOW)));
  });

  it('a scan (DelvistScannet true, image/tiff)', async () => {
    const xml = buildSendEnvelope(request({ scanned: true, fileName: 'scan-0042.tif', title: 'scan-0042.tif', mimeType: 'image/tiff', documentFileName: 'x.tif' }), CVR, SYSTEM, NOW);
    expect(xml).toContain('<ds2:DelvistScannet>true</ds2:DelvistScannet>');
    await expectValid(xml);
  });

  it('a letter that is not a scan (DelvistScannet false, written out)', async () => {
    const xml = buildSendEnvelope(request({ scanned: false, mimeType: 'application/octet-stream' }), CVR, SYSTEM, NOW);
    expect(xml).toContain('<ds2:DelvistScannet>false</ds2:DelvistScannet>');
    await expectValid(xml);
  });

  it('a re-distribution (round 2: a new transaction, the kle a person gave)', async () => {
    await expectValid(buildSendEnvelope(request({ transactionId: randomUUID(), kle: '27.24.00', handlingFacet: 'A00', fileName: undefined }), CVR, SYSTEM, NOW));
  });

  it('a MeMo letter as its own documents: several variants inline and on Filudveksling, the message id, the letter\'s facet, sender and subject parties', async () => {
    const transactionId = randomUUID();
    const body = buildSendBody(request({
      transactionId, title: 'Afgørelse om tandpleje', fileName: undefined, mimeType: undefined, size: undefined, letterDate: '2026-01-01',
      digitalPostMessageId: 'b6a1f2c4-3d5e-4f60-8a7b-9c0d1e2f3a4b', handlingFacetProposal: 'G01',
      documents: [
        { name: 'Afgørelse.pdf', mimeType: 'application/pdf', ...inline(Buffer.from('%PDF-1.4 a')) },
        { name: 'Afgørelse – begrundelse.pdf', mimeType: 'application/pdf', size: 48_213_000, location: `${transactionId}-2.pdf` },
        { name: 'Udgiftsoversigt.txt', mimeType: 'text/plain', ...inline(Buffer.from('1.250 kr. æøå')) },
        { name: 'd9001.xml', mimeType: 'application/xml', ...inline(Buffer.from('<memo:Message/>')) },
      ],
      parties: [
        { role: 'PrimaerPart', type: 'Virksomhed', id: '10103940' }, { role: 'SekundaerPart', type: 'Person', id: '2512169996' },
        { role: 'SekundaerPart', type: 'Virksomhed', id: '29189404' },
      ],
    }), CVR, SYSTEM, NOW);
    await expectValid(await text(body));
  });

  it('an e-mail with its sender as DokumentPart (Person, ReferenceID Tekst "name <address>") and DelTekst from its subject', async () => {
    await expectValid(await text(buildSendBody(request({
      title: 'Flytning: ny adresse', fileName: undefined, mimeType: undefined, size: undefined, documentType: 'eMail', letterDate: '2025-12-31',
      documents: [{ name: 'Flytning ny adresse.eml', mimeType: 'message/rfc822', ...inline(Buffer.from('From: a@b\r\n\r\nHej\r\n')) }],
      parties: [{ role: 'PrimaerPart', type: 'Person', id: 'Jens Hansen <jens.hansen@example.dk>' }],
    }), CVR, SYSTEM, NOW)));
  });

  it('a scan dated by the bureau, named by the bureau\'s file name, on Filudveksling', async () => {
    const transactionId = randomUUID();
    await expectValid(buildSendEnvelope(request({
      transactionId, scanned: true, title: 'NS-NRA-20261005-06-0067.pdf', letterDate: '2026-10-05', fileName: undefined, mimeType: undefined, size: undefined,
      documents: [{ name: 'NS-NRA-20261005-06-0067.pdf', mimeType: 'application/pdf', size: 2_400_000, location: `${transactionId}.pdf` }],
    }), CVR, SYSTEM, NOW));
  });
});

describe('FordelingsmodtagerList requests are schema-valid', () => {
  it('with and without a handling facet', async () => {
    await expectValid(listReceiversRequest(CVR, '32.30.04'));
    await expectValid(listReceiversRequest(CVR, '32.30.04', 'G01'));
  });
});

describe('the answers the codec writes (FK emulator, receipt callback)', () => {
  it('FordelingsobjektAfsendResponse, FordelingskvitteringModtagAnvenderRequest and its response', async () => {
    const context = { transactionId: randomUUID(), distributionTransactionId: randomUUID(), senderCvr: CVR, routingCvr: CVR, kle: '32.30.04' };
    await expectValid(sendResponse({ code: 'MODTAGET', kind: 'Teknisk' }, context));
    await expectValid(receiptCallbackRequest({ code: 'AFVIST', kind: 'Forretning', reason: 'Ukendt \u0001sag' }, { ...context, kle: undefined, receiverUuid: randomUUID() }));
    await expectValid(receiptCallbackResponse());
  });
});

describe('any subject, name and file name', () => {
  it('gives a well-formed, schema-valid envelope', async () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('a', 'æ', ']]>', '&', '<', '>', '"', '\u0000', '\u000B', '\u0001', '\uFFFE', '\uD800', '\uDC00', '\u{1F600}', '\t'), maxLength: 20 }),
    );
    await fc.assert(fc.asyncProperty(anyText, anyText, anyText, fc.boolean(), async (title, name, fileName, byReference) => {
      const r = request({
        title, fileName, party: { type: 'Person', id: name }, documentType: 'eMail', mimeType: 'message/rfc822',
        ...(byReference ? { documentFileName: fileName } : inline(Buffer.from(name, 'utf8'))),
      });
      const result = await validateEnvelope(await text(buildSendBody(r, CVR, SYSTEM, NOW)));
      expect(result.errors).toEqual([]);
    }), { numRuns: 100 });
  }, 120_000);
});
