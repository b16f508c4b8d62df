import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContentExtractor } from './index.js';
import { combineSidecarFormats, NORDSCAN_V2, parseSidecarFormats, SIDECAR_FORMATS, SidecarFormatSchema } from './sidecar.js';
import { FIXTURES, fakeDocuments, tempStore, type TempStore } from './test-support.js';

// A second, invented scanning bureau ("Skanningscentralen Syd") with its own namespace and Danish
// element names, configured as JSON the way an operator would write it.
const SKANNING_SYD = {
  id: 'skanning-syd-1',
  namespace: 'urn:example:skanning:1',
  root: 'Forsendelse',
  fields: {
    batchId: 'Parti/@nummer',
    scanDate: 'Parti/@skannet',
    documentId: 'Dokument/@løbenummer',
    customerCvr: 'Dokument/Kunde/@cvr',
    addressee: 'Dokument/Kuvert/Modtager',
    postmarkDate: 'Dokument/Kuvert/Poststempel',
    returnAddress: 'Dokument/Kuvert/Afsender',
    remarks: 'Dokument/Kuvert/Bemærkning',
    pageCount: 'Dokument/Sider/@antal',
    documentType: 'Dokument/Dokumenttype',
    documentTypeConfidence: 'Dokument/Dokumenttype/@sikkerhed',
  },
  files: { path: 'Dokument/Filer/Fil', name: '@navn', mimeType: '@type', sha256: '@sha256' },
};

function skanningSydSidecar(sha256: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sk:Forsendelse xmlns:sk="urn:example:skanning:1" version="1.0">
  <sk:Parti nummer="SKS-20261006-014" skannet="2026-10-06T09:14:00+02:00"/>
  <sk:Dokument løbenummer="SKS-20261006-014-0007">
    <sk:Kunde cvr="65916169">Nørreå Kommune</sk:Kunde>
    <sk:Kuvert>
      <sk:Modtager>Nørreå Kommune, Borgerservice, Rådhustorvet 1, 8891 Nørreå</sk:Modtager>
      <sk:Poststempel>2026-10-04</sk:Poststempel>
      <sk:Afsender>Karen Mølgaard Iversen, Skovbrynet 14, 8893 Vesterå</sk:Afsender>
      <sk:Bemærkning>Kuverten var åbnet ved modtagelsen</sk:Bemærkning>
    </sk:Kuvert>
    <sk:Sider antal="2"/>
    <sk:Dokumenttype sikkerhed="0.74">Ansøgning</sk:Dokumenttype>
    <sk:Filer>
      <sk:Fil navn="d0004.pdf" type="application/pdf" sha256="${sha256.toUpperCase()}"/>
    </sk:Filer>
  </sk:Dokument>
</sk:Forsendelse>
`;
}

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.cleanup());

describe('a configured sidecar format', () => {
  it('reads another bureau\'s sidecar through the extractor when configured', async () => {
    const formats = combineSidecarFormats(parseSidecarFormats(JSON.parse(JSON.stringify([SKANNING_SYD]))));
    const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments(), sidecarFormats: formats });
    const pdf = await store.putFile(join(FIXTURES, 'd0004.pdf'));
    const sidecar = await store.put(skanningSydSidecar(pdf.sha256));
    const content = await extractor.extract({ channel: 'scan', fileName: 'd0004.pdf', blob: pdf, sidecar });
    expect(content.warnings).toEqual([]);
    expect(content.metadata.scan).toEqual({
      batchId: 'SKS-20261006-014',
      scanDate: '2026-10-06T09:14:00+02:00',
      documentId: 'SKS-20261006-014-0007',
      customerCvr: '65916169',
      addressee: 'Nørreå Kommune, Borgerservice, Rådhustorvet 1, 8891 Nørreå',
      postmarkDate: '2026-10-04',
      returnAddress: 'Karen Mølgaard Iversen, Skovbrynet 14, 8893 Vesterå',
      remarks: 'Kuverten var åbnet ved modtagelsen',
      pageCount: 2,
      documentType: 'Ansøgning',
      documentTypeConfidence: 0.74,
      files: [{ name: 'd0004.pdf', mimeType: 'application/pdf', sha256: pdf.sha256 }],
    });
    expect(content.sender).toEqual({ name: 'Karen Mølgaard Iversen' });
    expect(content.recipients).toEqual([{ name: 'Nørreå Kommune, Borgerservice, Rådhustorvet 1, 8891 Nørreå', id: '65916169', idType: 'CVR' }]);
  });

  it('is not known to an extractor without it: the sidecar is ignored with a warning', async () => {
    const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments() });
    const pdf = await store.putFile(join(FIXTURES, 'd0004.pdf'));
    const content = await extractor.extract({ channel: 'scan', fileName: 'd0004.pdf', blob: pdf, sidecar: await store.put(skanningSydSidecar(pdf.sha256)) });
    expect(content.metadata).toEqual({});
    expect(content.warnings).toEqual([expect.objectContaining({ code: 'extract.sidecar_unreadable', data: { cause: 'sidecar_unknown_format' } })]);
  });

  it('still reads NordScan sidecars next to it', async () => {
    const formats = combineSidecarFormats(parseSidecarFormats([SKANNING_SYD]));
    const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments(), sidecarFormats: formats });
    const pdf = await store.putFile(join(FIXTURES, 'd0004.pdf'));
    const content = await extractor.extract({ channel: 'scan', fileName: 'd0004.pdf', blob: pdf, sidecar: await store.putFile(join(FIXTURES, 'd0004.meta.xml')) });
    expect(content.metadata.scan).toMatchObject({ batchId: 'NS-NRA-20261004-05', customerCvr: '65916169', documentType: 'Brev' });
  });
});

describe('SidecarFormatSchema', () => {
  it('accepts the shipped NordScan mapping as configuration', () => {
    expect(SidecarFormatSchema.parse(NORDSCAN_V2)).toEqual(NORDSCAN_V2);
  });

  it.each([
    [{ ...SKANNING_SYD, fields: { ...SKANNING_SYD.fields, kundeCvr: 'Dokument/Kunde/@cvr' } }, /"skanning-syd-1": fields: unknown field kundeCvr \(known: batchId, /],
    [{ ...SKANNING_SYD, fields: { customerCvr: '/Forsendelse/Dokument/Kunde/@cvr' } }, /"skanning-syd-1": fields\.customerCvr: element names below the root/],
    [{ ...SKANNING_SYD, fields: { pageCount: 'Dokument/@Sider/@antal' } }, /fields\.pageCount: /],
    [{ ...SKANNING_SYD, fields: { documentType: 'sk:Dokument/sk:Dokumenttype' } }, /fields\.documentType: /],
    [{ ...SKANNING_SYD, files: { path: 'Dokument/Filer/@Fil', name: '@navn' } }, /files\.path: element names below the root/],
    [{ ...SKANNING_SYD, files: { path: 'Dokument/Filer/Fil' } }, /files\.name: /],
    [{ ...SKANNING_SYD, id: 'Skanning Syd' }, /"Skanning Syd": id: lower-case letters/],
    [{ ...SKANNING_SYD, namespace: '' }, /namespace: /],
    [{ ...SKANNING_SYD, root: 'sk:Forsendelse' }, /root: the root element's name without prefix/],
    [{ ...SKANNING_SYD, fields: {}, files: undefined }, /fields: maps no field and no files/],
    [{ ...SKANNING_SYD, kunde: 'Nørreå Kommune' }, /\(format\): Unrecognized key: "kunde"/],
  ])('names what is wrong (%#)', (format, message) => {
    expect(() => parseSidecarFormats([format])).toThrow(message);
  });

  it('names a format without a usable id by its position', () => {
    expect(() => parseSidecarFormats([SKANNING_SYD, { namespace: 'urn:example:skanning:2', root: 'Forsendelse', fields: {} }])).toThrow(/sidecar format #1: id: /);
  });
});

describe('combineSidecarFormats', () => {
  it('puts the shipped formats first and keeps the configured ones in order', () => {
    const second = { ...SKANNING_SYD, id: 'skanning-syd-2', namespace: 'urn:example:skanning:2' };
    expect(combineSidecarFormats(parseSidecarFormats([SKANNING_SYD, second])).map((f) => f.id)).toEqual([...SIDECAR_FORMATS.map((f) => f.id), 'skanning-syd-1', 'skanning-syd-2']);
    expect(combineSidecarFormats([])).toEqual(SIDECAR_FORMATS);
  });

  it('rejects a format that clashes by id or by namespace and root', () => {
    expect(() => combineSidecarFormats([{ ...SKANNING_SYD, id: 'nordscan-2' }])).toThrow(/"nordscan-2" clashes with "nordscan-2"/);
    expect(() => combineSidecarFormats([{ ...SKANNING_SYD, namespace: 'urn:nordscan:scanmeta:2', root: 'ScanJob' }])).toThrow(/"skanning-syd-1" clashes with "nordscan-2"/);
  });
});
