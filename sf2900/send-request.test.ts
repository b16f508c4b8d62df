import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NS, parseSoap } from './envelope.js';
import { buildSendBody, buildSendEnvelope, type SendRequest } from './send-request.js';
import { obj, text0, type XmlObject } from './xml.js';

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';

function request(overrides: Partial<SendRequest> = {}): SendRequest {
  return {
    transactionId: randomUUID(), kle: '32.30.04', handlingFacet: 'G01', title: 'Udbetaling af sygedagpenge <R&D> "maj"',
    documentFileName: 'fordeler-7f3a.pdf', scanned: true, documentId: randomUUID(),
    party: { type: 'Person', id: '010180-1234' }, letterDate: '2026-05-04', mimeType: 'application/pdf', size: 48_213, ...overrides,
  };
}

function anmodningOf(xml: string): XmlObject {
  const parsed = parseSoap(xml);
  if (parsed.kind !== 'body') throw new Error('expected a body');
  return obj(parsed.content.anmodning);
}
const delAttributter = (anmodning: XmlObject) =>
  obj(obj(obj(obj(obj(obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument).Registrering).RelationListe).VariantListe).Variant).DelAttributter);

async function bodyText(body: ReturnType<typeof buildSendBody>): Promise<string> {
  if (typeof body === 'string') return body;
  const pieces: Buffer[] = [];
  for await (const piece of body.chunks()) pieces.push(piece);
  return Buffer.concat(pieces).toString('utf8');
}

async function* pieces(data: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('the FordelingsobjektAfsend envelope', () => {
  it('uses the v3 namespace for operation elements, v2 for their content, and escapes every value', () => {
    const xml = buildSendEnvelope(request({ transactionId: '11111111-2222-4333-8444-555555555555' }), CVR, SYSTEM, new Date('2026-05-04T08:00:00Z'));
    expect(xml).toContain(`xmlns:ds3="${NS.v3}"`);
    expect(xml).toContain(`xmlns:ds2="${NS.v2}"`);
    expect(xml).toContain('<ds3:anmodning><ds2:DistributionContext><ds2:AnvenderTransaktionsID>11111111-2222-4333-8444-555555555555<');
    expect(xml).toContain('<ds2:TitelTekst>Udbetaling af sygedagpenge &lt;R&amp;D&gt; &quot;maj&quot;</ds2:TitelTekst>');
    expect(xml).not.toContain('<R&D>');

    const parsed = parseSoap(xml);
    if (parsed.kind !== 'body') throw new Error('expected a body');
    expect(parsed.name).toBe('FordelingsobjektAfsendRequest');
    const anmodning = obj(parsed.content.anmodning);
    const context = obj(anmodning.DistributionContext);
    expect(text0(obj(obj(context.RoutingValg).RoutingKLEEmneHandling).RoutingKLEEmne)).toBe('32.30.04');
    expect(text0(context.DokumentFilNavn)).toBe('fordeler-7f3a.pdf');
    const dokument = obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument);
    expect(text0(dokument.KLEEmneForslag)).toBe('32.30.04');
    expect(text0(dokument.HandlingFacetForslag)).toBe('G01');
    const registrering = obj(dokument.Registrering);
    const variant = obj(obj(obj(registrering.RelationListe).VariantListe).Variant);
    expect(text0(obj(variant.VariantAttributter).DelvistScannet)).toBe('true');
    const attributter = obj(obj(registrering.AttributListe).Attributter);
    expect(text0(attributter.TitelTekst)).toBe('Udbetaling af sygedagpenge <R&D> "maj"');
    expect(text0(attributter.Retning)).toBe('Indgaaende');
    expect(text0(attributter.Dokumenttype)).toBe('Brev');
    expect(text0(attributter.Brevdato)).toBe('2026-05-04');
    const part = obj(obj(obj(obj(registrering.RelationListe).DokumentPartListe).DokumentPart).Part);
    expect(text0(part.ObjektType)).toBe('Person');
    expect(text0(obj(part.ReferenceID).Tekst)).toBe('010180-1234');
  });

  it('routes to one receiving system by RoutingModtagerAktoer, keeping the KLE as proposal', () => {
    const receiver = '7a1c9e2d-4b3f-4e5a-8c6d-0f1e2d3c4b5a';
    const anmodning = anmodningOf(buildSendEnvelope(request({ receiverUuid: receiver }), CVR, SYSTEM));
    const routing = obj(obj(anmodning.DistributionContext).RoutingValg);
    expect(text0(routing.RoutingModtagerAktoer)).toBe(receiver);
    expect(routing.RoutingKLEEmneHandling).toBeUndefined();
    expect(text0(obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument).KLEEmneForslag)).toBe('32.30.04');
  });
});

describe('values the schema is strict about', () => {
  it('writes DelvistScannet false for an item that is not a scan (xs:boolean has no empty form)', () => {
    const variant = obj(obj(obj(obj(obj(obj(obj(anmodningOf(buildSendEnvelope(request({ scanned: false }), CVR, SYSTEM)).DistributionObject)
      .ObjektIndhold).DistributionDokument).Registrering).RelationListe).VariantListe).Variant);
    expect(text0(obj(variant.VariantAttributter).DelvistScannet)).toBe('false');
  });

  it('drops characters XML 1.0 forbids from the title, description and file names', () => {
    const xml = buildSendEnvelope(request({ title: 'Klage\u000B over\u0001 afgørelse \u{1F600}', fileName: 'a\u0000b.eml' }), CVR, SYSTEM);
    expect(xml).toContain('<ds2:TitelTekst>Klage over afgørelse \u{1F600}</ds2:TitelTekst>');
    expect(xml).toContain('<ds2:BeskrivelseTekst>Klage over afgørelse \u{1F600}</ds2:BeskrivelseTekst>');
    expect(xml).toContain('<ds2:DelTekst>ab.eml</ds2:DelTekst>');
  });
});

describe('the request body', () => {
  it('is the envelope itself when the document is on Filudveksling', async () => {
    const r = request();
    const now = new Date('2026-05-04T08:00:00Z');
    expect(buildSendBody(r, CVR, SYSTEM, now)).toBe(buildSendEnvelope(r, CVR, SYSTEM, now));
  });

  it('streams an inline document as base64 in Indhold, in pieces of any size, with the exact length announced', async () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    for (const pieceSize of [1, 2, 3, 4, 7, 1000]) {
      const body = buildSendBody(request({ documentFileName: undefined, size: data.length, content: { open: () => pieces(data, pieceSize) } }), CVR, SYSTEM);
      if (typeof body === 'string') throw new Error('expected a streamed body');
      const text = await bodyText(body);
      expect(Buffer.byteLength(text)).toBe(body.length);
      const del = delAttributter(anmodningOf(text));
      expect(text0(del.Indhold)).toBe(data.toString('base64'));
      expect(text0(del.Filstoerrelse)).toBe('1000');
      expect(del.Location).toBeUndefined();
    }
  });

  it('refuses a document whose length differs from the size announced', async () => {
    const data = Buffer.alloc(10, 1);
    const shorter = buildSendBody(request({ size: 11, content: { open: () => pieces(data, 4) } }), CVR, SYSTEM);
    await expect(bodyText(shorter)).rejects.toThrow(/has 10 bytes, not the 11 announced/);
    const longer = buildSendBody(request({ size: 9, content: { open: () => pieces(data, 4) } }), CVR, SYSTEM);
    await expect(bodyText(longer)).rejects.toThrow(/longer than the 9 bytes announced/);
  });

  it('needs the size of an inline document', () => {
    const { size: _size, ...withoutSize } = request({ content: { open: () => pieces(Buffer.alloc(1), 1) } });
    expect(() => buildSendBody(withoutSize, CVR, SYSTEM)).toThrow(/needs its size/);
  });
});

describe('a letter with several documents and parties', () => {
  const main = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
  const note = Buffer.from('Bilag: kvittering for medicin æøå', 'utf8');
  const letter = (overrides: Partial<SendRequest> = {}) => request({
    documentFileName: undefined, size: undefined, mimeType: undefined, party: undefined, handlingFacet: undefined,
    handlingFacetProposal: 'A01', digitalPostMessageId: '8c2ea15d-61fb-4ba9-9366-42f8b194c365',
    documents: [
      { name: 'Afgørelse.pdf', mimeType: 'application/pdf', size: main.length, content: { open: () => pieces(main, 7) } },
      { name: 'tegning.tif', mimeType: 'image/tiff', size: 48_000_000, location: 'c0ffee-2.tif' },
      { name: 'kvittering.txt', mimeType: 'text/plain', size: note.length, content: { open: () => pieces(note, 5) } },
    ],
    parties: [
      { role: 'PrimaerPart', type: 'Virksomhed', id: '12345678' },
      { role: 'SekundaerPart', type: 'Person', id: '0101801234' },
    ],
    ...overrides,
  });
  const variants = (anmodning: XmlObject) =>
    obj(obj(obj(obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument).Registrering).RelationListe).VariantListe).Variant as XmlObject[];

  it('streams each inline document into its own variant, in order, with the exact length announced', async () => {
    const body = buildSendBody(letter(), CVR, SYSTEM);
    if (typeof body === 'string') throw new Error('expected a streamed body');
    const text = await bodyText(body);
    expect(Buffer.byteLength(text)).toBe(body.length);
    const all = variants(anmodningOf(text));
    expect(all.map((v) => text0(v.Indeks))).toEqual(['1', '2', '3']);
    expect(all.map((v) => text0(obj(v.VariantAttributter).VariantType))).toEqual(['PDF', 'TIFF', 'TXT']);
    const del = all.map((v) => obj(v.DelAttributter));
    expect(del.map((d) => text0(d.DelTekst))).toEqual(['Afgørelse.pdf', 'tegning.tif', 'kvittering.txt']);
    expect(Buffer.from(text0(del[0]!.Indhold), 'base64').equals(main)).toBe(true);
    expect(del[1]!.Indhold).toBeUndefined();
    expect(text0(del[1]!.Location)).toBe('c0ffee-2.tif');
    expect(Buffer.from(text0(del[2]!.Indhold), 'base64').equals(note)).toBe(true);
    expect(del.map((d) => text0(d.Filstoerrelse))).toEqual([String(main.length), '48000000', String(note.length)]);
  });

  it('names the sender PrimaerPart and the persons it is about SekundaerPart, Indeks 1..n', () => {
    const anmodning = anmodningOf(buildSendEnvelope(letter(), CVR, SYSTEM));
    const registrering = obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument);
    const parts = obj(obj(obj(registrering.Registrering).RelationListe).DokumentPartListe).DokumentPart as XmlObject[];
    expect(parts.map((p) => [text0(p.Rolle), text0(p.Indeks), text0(obj(p.Part).ObjektType), text0(obj(obj(p.Part).ReferenceID).Tekst)])).toEqual([
      ['PrimaerPart', '1', 'Virksomhed', '12345678'], ['SekundaerPart', '2', 'Person', '0101801234'],
    ]);
  });

  it('proposes the letter\'s facet without routing by it, and carries the Digital Post message id', () => {
    const anmodning = anmodningOf(buildSendEnvelope(letter(), CVR, SYSTEM));
    const context = obj(anmodning.DistributionContext);
    expect(text0(context.DigitalPostMeddelelsesID)).toBe('8c2ea15d-61fb-4ba9-9366-42f8b194c365');
    expect(obj(obj(context.RoutingValg).RoutingKLEEmneHandling).RoutingHandlingFacet).toBeUndefined();
    expect(text0(obj(obj(obj(anmodning.DistributionObject).ObjektIndhold).DistributionDokument).HandlingFacetForslag)).toBe('A01');
    // The first variant is inline, so no DokumentFilNavn: the uploaded second one is named by its Location.
    expect(context.DokumentFilNavn).toBeUndefined();
  });

  it('names the first variant\'s uploaded file in DokumentFilNavn', () => {
    const [, second] = letter().documents!;
    const anmodning = anmodningOf(buildSendEnvelope(letter({ documents: [second!] }), CVR, SYSTEM));
    expect(text0(obj(anmodning.DistributionContext).DokumentFilNavn)).toBe('c0ffee-2.tif');
  });
});
