import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractionInput } from '../../../core/ports.js';
import { createContentExtractor } from './index.js';
import { combineSidecarFormats } from './sidecar.js';
import { FIXTURES, fakeDocuments, tempStore, type TempStore } from './test-support.js';
import { MAX_LIST, MAX_XML_ATTACHMENTS } from './xml-facts.js';
import { parseXmlMappings } from './xml-mapping.js';

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';

const MAPPINGS = parseXmlMappings([
  {
    id: 'skanning-vest',
    appliesTo: 'sidecar',
    document: { namespace: 'urn:example:skanningvest:3', root: 'Leverance' },
    facts: [
      { name: 'sagsnummer', path: 'Brev/Sag/@nummer', type: 'string' },
      { name: 'afdeling', path: 'Brev/Afdeling', type: 'string' },
      { name: 'sider', path: 'Brev/@sider', type: 'integer' },
      { name: 'modtaget', path: 'Brev/Modtaget', type: 'date' },
      { name: 'borger', path: 'Brev/Borger/@cpr', type: 'cpr' },
      { name: 'emner', path: 'Brev/Emne', type: 'list-of-kle' },
      { name: 'haster', path: 'Brev/@haster', type: 'boolean' },
    ],
  },
  {
    id: 'nordscan-ekstra',
    appliesTo: 'sidecar',
    document: { namespace: 'urn:nordscan:scanmeta:2', root: 'ScanJob' },
    facts: [{ name: 'nordscanBatch', path: 'Batch/@id', type: 'string' }],
  },
  {
    id: 'ydelsesdata',
    appliesTo: 'memo-additional-content',
    contentDataType: 'Ydelse',
    facts: [
      { name: 'ydelse', contentDataName: 'Ydelsestype', type: 'string' },
      { name: 'beloeb', contentDataName: 'Beløb', type: 'number' },
      { name: 'perioder', contentDataName: 'Periode', type: 'list-of-date' },
    ],
  },
  {
    id: 'oioubl-faktura',
    appliesTo: 'xml-attachment',
    document: { namespace: UBL, root: 'Invoice' },
    namespaces: { cbc: CBC, cac: CAC },
    facts: [
      { name: 'fakturanummer', path: 'cbc:ID', type: 'string' },
      { name: 'leverandoerCvr', path: 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID', type: 'cvr' },
      { name: 'fakturabeloeb', path: 'cac:LegalMonetaryTotal/cbc:PayableAmount', type: 'number' },
    ],
  },
]);

function vestSidecar(inner: string, attrs = 'sider="3" haster="ja"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sv:Leverance xmlns:sv="urn:example:skanningvest:3">
  <sv:Brev ${attrs}>
    <sv:Sag nummer="2026-0417"/>
    <sv:Afdeling>  Børn og   Unge </sv:Afdeling>
    ${inner}
  </sv:Brev>
</sv:Leverance>`;
}

function invoice(id: string, cvr = '65916169'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="${UBL}" xmlns:cbc="${CBC}" xmlns:cac="${CAC}">
  <cbc:ID>${id}</cbc:ID>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity><cbc:CompanyID schemeID="DK:CVR">DK${cvr}</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="DKK">1250.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>`;
}

function memo(contentData: string, documents = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b11</memo:messageUUID>
    <memo:label>Ansøgning</memo:label>
    <memo:Sender><memo:senderID>0101801234</memo:senderID><memo:idType>CPR</memo:idType></memo:Sender>
    <memo:Recipient><memo:recipientID>65916169</memo:recipientID><memo:idType>CVR</memo:idType></memo:Recipient>
    <memo:ContentData>${contentData}</memo:ContentData>
  </memo:MessageHeader>
  <memo:MessageBody><memo:createdDateTime>2026-10-01T08:00:00Z</memo:createdDateTime>
    <memo:MainDocument>${memoFile('text/plain', 'brev.txt', 'Jeg søger om hjælp.')}</memo:MainDocument>${documents}
  </memo:MessageBody>
</memo:Message>`;
}

function memoFile(type: string, name: string, text: string): string {
  return `<memo:File><memo:encodingFormat>${type}</memo:encodingFormat><memo:filename>${name}</memo:filename><memo:content>${Buffer.from(text).toString('base64')}</memo:content></memo:File>`;
}

const entry = (type: string, name: string, value: string) =>
  `<memo:AdditionalContentData><memo:contentDataType>${type}</memo:contentDataType><memo:contentDataName>${name}</memo:contentDataName><memo:contentDataValue>${value}</memo:contentDataValue></memo:AdditionalContentData>`;

function email(attachments: { name: string; type: string; text: string }[]): string {
  const parts = attachments.map(
    (a) => `--b1\nContent-Type: ${a.type}; name="${a.name}"\nContent-Disposition: attachment; filename="${a.name}"\nContent-Transfer-Encoding: base64\n\n${Buffer.from(a.text).toString('base64')}\n`,
  );
  return `From: Leverandør <faktura@leverandoer.dk>\nTo: post@noerreaa.dk\nSubject: Faktura\nMessage-ID: <f1@leverandoer.dk>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\nSe vedhæftede faktura.\n${parts.join('')}--b1--\n`.replace(/\n/g, '\r\n');
}

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.cleanup());

async function extract(input: Omit<ExtractionInput, 'blob'> & { bytes: string }, mappings = MAPPINGS) {
  const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments(), xmlMappings: mappings, sidecarFormats: combineSidecarFormats([]) });
  const blob = input.channel === 'scan' ? await store.putFile(join(FIXTURES, 'd0004.pdf')) : await store.put(input.bytes);
  const sidecar = input.channel === 'scan' ? await store.put(input.bytes) : undefined;
  return extractor.extract({ channel: input.channel, fileName: input.fileName, blob, ...(sidecar ? { sidecar } : {}) });
}

describe('XML mappings of a scan sidecar', () => {
  it('reads a bureau format no sidecar format knows: typed facts, no warning', async () => {
    const content = await extract({ channel: 'scan', fileName: 'd0004.pdf', bytes: vestSidecar('<sv:Modtaget>4.10.2026</sv:Modtaget><sv:Borger cpr="010180-1234"/><sv:Emne>32.18.08</sv:Emne><sv:Emne>32.18</sv:Emne>') });
    expect(content.warnings).toEqual([]);
    expect(content.metadata).toEqual({
      mapped: { sagsnummer: '2026-0417', afdeling: 'Børn og Unge', sider: 3, modtaget: '2026-10-04', borger: '0101801234', emner: ['32.18.08', '32.18'], haster: true },
    });
  });

  it('leaves out a value that does not convert, with a warning naming mapping and fact — never the CPR value', async () => {
    const content = await extract({ channel: 'scan', fileName: 'd0004.pdf', bytes: vestSidecar('<sv:Modtaget>i går</sv:Modtaget><sv:Borger cpr="3213801234"/><sv:Emne>32.18.08</sv:Emne><sv:Emne>ukendt</sv:Emne>', 'sider="tre"') });
    expect(content.metadata.mapped).toEqual({ sagsnummer: '2026-0417', afdeling: 'Børn og Unge', emner: ['32.18.08'] });
    expect(content.warnings.map((w) => [w.code, w.data])).toEqual([
      ['extract.xml_mapping_value_invalid', { mapping: 'skanning-vest', fact: 'sider', type: 'integer' }],
      ['extract.xml_mapping_value_invalid', { mapping: 'skanning-vest', fact: 'modtaget', type: 'date' }],
      ['extract.xml_mapping_value_invalid', { mapping: 'skanning-vest', fact: 'borger', type: 'cpr' }],
      ['extract.xml_mapping_value_invalid', { mapping: 'skanning-vest', fact: 'emner', type: 'list-of-kle', invalid: 1 }],
    ]);
    expect(content.warnings[0]!.message).toBe('XML mapping "skanning-vest", fact "sider": "tre" is not a integer; the fact is left out');
    expect(JSON.stringify(content.warnings)).not.toMatch(/3213801234|321380/);
  });

  it('keeps at most MAX_LIST values of a list and cuts long strings, saying so', async () => {
    const many = Array.from({ length: MAX_LIST + 5 }, () => '<sv:Emne>32.18.08</sv:Emne>').join('');
    const content = await extract({ channel: 'scan', fileName: 'd0004.pdf', bytes: vestSidecar(many).replace('  Børn og   Unge ', 'x'.repeat(1500)) });
    expect((content.metadata.mapped?.emner as string[]).length).toBe(MAX_LIST);
    expect((content.metadata.mapped?.afdeling as string).length).toBe(1000);
    expect(content.warnings.map((w) => [w.code, w.data?.fact])).toEqual([
      ['extract.xml_mapping_value_clipped', 'afdeling'],
      ['extract.xml_mapping_value_clipped', 'emner'],
    ]);
  });

  it('adds facts to a NordScan sidecar whose ScanMetadata is still read', async () => {
    const content = await extract({ channel: 'scan', fileName: 'd0004.pdf', bytes: await readFile(join(FIXTURES, 'd0004.meta.xml'), 'utf8') });
    expect(content.metadata.scan).toMatchObject({ batchId: 'NS-NRA-20261004-05', customerCvr: '65916169' });
    expect(content.metadata.mapped).toEqual({ nordscanBatch: 'NS-NRA-20261004-05' });
  });

  it('still warns about a sidecar that neither a format nor a mapping recognises', async () => {
    const content = await extract({ channel: 'scan', fileName: 'd0004.pdf', bytes: '<Andet xmlns="urn:example:andet"/>' });
    expect(content.metadata).toEqual({});
    expect(content.warnings).toEqual([expect.objectContaining({ code: 'extract.sidecar_unreadable', data: { cause: 'sidecar_unknown_format' } })]);
  });
});

describe('XML mappings of MeMo AdditionalContentData', () => {
  it('reads the entries of the mapped names and type', async () => {
    const data = entry('Ydelse', 'Ydelsestype', 'Enkeltydelse') + entry('Ydelse', 'Beløb', '4995,00') + entry('Ydelse', 'Periode', '2026-10-01') + entry('Ydelse', 'Periode', '2026-11-01') + entry('Andet', 'Ydelsestype', 'Ikke denne');
    const content = await extract({ channel: 'digitalpost', fileName: 'besked.xml', bytes: memo(data) });
    expect(content.metadata.mapped).toEqual({ ydelse: 'Enkeltydelse', beloeb: 4995, perioder: ['2026-10-01', '2026-11-01'] });
    expect(content.warnings).toEqual([]);
    expect(content.body).toBe('Jeg søger om hjælp.');
  });

  it('gives nothing for a letter without AdditionalContentData', async () => {
    const content = await extract({ channel: 'digitalpost', fileName: 'besked.xml', bytes: memo('') });
    expect(content.metadata.mapped).toBeUndefined();
  });
});

describe('XML mappings of XML attachments', () => {
  it('reads an OIOUBL invoice attached to an e-mail, with prefixed paths', async () => {
    const content = await extract({ channel: 'email', fileName: 'faktura.eml', bytes: email([{ name: 'faktura.xml', type: 'application/xml', text: invoice('F-1001') }]) });
    expect(content.metadata.mapped).toEqual({ fakturanummer: 'F-1001', leverandoerCvr: '65916169', fakturabeloeb: 1250 });
    expect(content.attachments).toEqual([expect.objectContaining({ name: 'faktura.xml', textSource: 'none' })]);
  });

  it('reads an XML document of a MeMo letter', async () => {
    const documents = `<memo:AdditionalDocument>${memoFile('text/xml', 'faktura.xml', invoice('F-2002'))}</memo:AdditionalDocument>`;
    const content = await extract({ channel: 'digitalpost', fileName: 'besked.xml', bytes: memo('', documents) });
    expect(content.metadata.mapped).toMatchObject({ fakturanummer: 'F-2002' });
  });

  it('reads the first of two matching attachments and warns about the second; other XML is ignored', async () => {
    const content = await extract({
      channel: 'email',
      fileName: 'faktura.eml',
      bytes: email([
        { name: 'andet.xml', type: 'text/xml', text: '<Noget xmlns="urn:x"/>' },
        { name: 'f1.xml', type: 'application/octet-stream', text: invoice('F-1') },
        { name: 'f2.xml', type: 'application/xml', text: invoice('F-2') },
      ]),
    });
    expect(content.metadata.mapped?.fakturanummer).toBe('F-1');
    expect(content.warnings.map((w) => [w.code, w.data?.source])).toEqual([['extract.xml_mapping_repeated', 'attachment f2.xml']]);
  });

  it('records an unreadable or hostile XML attachment as a warning; the mail is still read', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice xmlns="' + UBL + '">&e;</Invoice>';
    const content = await extract({ channel: 'email', fileName: 'faktura.eml', bytes: email([{ name: 'ond.xml', type: 'application/xml', text: xxe }, { name: 'brudt.xml', type: 'application/xml', text: '<Invoice><x></Invoice>' }]) });
    expect(content.body).toContain('Se vedhæftede faktura.');
    expect(content.metadata.mapped).toBeUndefined();
    expect(content.warnings.map((w) => [w.code, w.data?.cause])).toEqual([
      ['extract.xml_mapping_unreadable', 'xml_doctype_forbidden'],
      ['extract.xml_mapping_unreadable', 'xml_malformed'],
    ]);
  });

  it(`reads at most ${MAX_XML_ATTACHMENTS} XML attachments per item`, async () => {
    const files = Array.from({ length: MAX_XML_ATTACHMENTS + 2 }, (_, i) => ({ name: `n${i}.xml`, type: 'application/xml', text: '<Noget/>' }));
    files.push({ name: 'faktura.xml', type: 'application/xml', text: invoice('F-9') });
    const content = await extract({ channel: 'email', fileName: 'mange.eml', bytes: email(files) });
    expect(content.metadata.mapped).toBeUndefined();
    expect(content.warnings).toEqual([expect.objectContaining({ code: 'extract.xml_mapping_skipped', data: { file: `n${MAX_XML_ATTACHMENTS}.xml`, limit: MAX_XML_ATTACHMENTS } })]);
  });

  it('does not parse XML attachments when no mapping reads them', async () => {
    const mappings = MAPPINGS.filter((m) => m.appliesTo !== 'xml-attachment');
    const content = await extract({ channel: 'email', fileName: 'f.eml', bytes: email([{ name: 'brudt.xml', type: 'application/xml', text: '<x>' }]) }, mappings);
    expect(content.warnings).toEqual([]);
  });
});
