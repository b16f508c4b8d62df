// metadata.memo: every MeMo field rules may use, identifier checks as warnings, and the bounds on
// hostile sizes and repetitions.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../../core/model.js';
import { createContentExtractor, type ExtractLimits } from './index.js';
import { fakeDocuments, tempStore, type TempStore } from './test-support.js';

const FULL_EXAMPLE = join(import.meta.dirname, '../../../test/fixtures/memo-examples/MeMo_Full_Example.xml');
const CHILD_CPR = '2512169996';

let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.cleanup());

async function extract(xml: string | Buffer, limits: Partial<ExtractLimits> = {}): Promise<ExtractedContent> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents: fakeDocuments(), limits });
  return extractor.extract({ channel: 'digitalpost', fileName: 'besked.xml', blob: await store.put(xml) });
}

const SENDER = '<memo:senderID>65916169</memo:senderID><memo:idType>CVR</memo:idType><memo:label>Nabokommunen</memo:label>';

/** A small MeMo letter; `header` goes after the Recipient, `sender` inside Sender. */
function letter({ header = '', sender = SENDER, recipient = '' } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" xmlns:grd="https://data.gov.dk/model/core/"
  xmlns:gln="https://www.gs1.dk/gs1-standarder/identifikation/gln-global-location-number/" memoVersion="1.2">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b11</memo:messageUUID>
    <memo:label>Partshøring</memo:label>
    <memo:Sender>${sender}</memo:Sender>
    <memo:Recipient><memo:recipientID>29189838</memo:recipientID><memo:idType>CVR</memo:idType>${recipient}</memo:Recipient>${header}
  </memo:MessageHeader>
  <memo:MessageBody><memo:createdDateTime>2026-10-01T08:00:00Z</memo:createdDateTime></memo:MessageBody>
</memo:Message>`;
}

const codes = (content: ExtractedContent): string[] => content.warnings.map((w) => w.code);

describe('metadata.memo from the full MeMo 1.2 example', () => {
  it('reads header, threading, parties, ContentData and documents', async () => {
    const { metadata } = await extract(await readFile(FULL_EXAMPLE));
    const memo = metadata.memo!;
    expect(memo).toMatchObject({
      messageId: 'MSG-12345',
      messageCode: 'Pladsanvisning',
      postType: 'MYNDIGHEDSPOST',
      reply: true,
      replyByDateTime: '2025-09-30T12:00:00Z',
      doNotDeliverUntilDate: '2025-09-15',
      mandatory: true,
      legalNotification: false,
      forward: {
        messageUuid: '8C2EA15D-61FB-4BA9-9366-42F8B194C114',
        originalMessageDateTime: '2021-03-15T12:00:00Z',
        originalSender: 'Kommunen',
        originalContentResponsible: 'Børnehaven, Tusindfryd',
        originalRepresentative: 'Repræsentant Kommune',
        contactPointId: '241d39f6-998e-4929-b198-ccacbbf4b330',
        comment: 'kommentar til modtageren',
      },
    });
    expect(memo.replies?.map((r) => [r.messageId, r.caseId, r.generatingSystemId, r.additional?.length])).toEqual([
      ['MSG-12344', 'SAG-456', 'ABC-123', 2],
      ['MSG-12345', 'SAG-4567', 'ABC-1234', 4],
    ]);
    expect(memo.sender).toEqual({
      id: '12345678',
      idType: 'CVR',
      idValid: false,
      label: 'Kommunen',
      representative: { id: '87654321', idType: 'CVR', idValid: false, label: 'Repræsentant Kommune' },
      attention: {
        person: { id: '9000001234', label: 'Hans Hansen', cpr: false },
        productionUnit: { number: '1234567890', name: 'Produktionsenhed A', valid: true },
        gln: { number: '5798000012345', location: 'Kommune A', valid: false },
        email: { address: 'info@tusindfryd.dk', relatedAgent: 'Hans Hansen' },
        telephone: { number: '12345678', relatedAgent: 'Hans Hansen' },
        seNumber: { number: '12345678', companyName: 'Kommune A' },
        eid: { id: 'CVR:12345678-RID:1234567890123', label: 'Kommune A' },
        contentResponsible: { id: '22334455', label: 'Børnehaven, Tusindfryd' },
        generatingSystem: { id: 'Sys-1234', label: 'KommunaltPostSystem' },
        sor: { id: '468031000016004', name: 'tekst' },
        address: { id: '8c2ea15d-61fb-4ba9-9366-42f8b194c852', addressLabel: 'Gaden', houseNumber: '7A', door: 'th', floor: '3', co: 'C/O', zipCode: '9000', city: 'Aalborg', country: 'DK' },
        unstructuredAddress: 'Bakketoppen 6, 9000 Aalborg',
      },
      contactPoint: {
        id: '241d39f6-998e-4929-b198-ccacbbf4b330',
        group: '22.33.44.55',
        label: 'Kommunen, Pladsanvisningen',
        info: [
          { label: 'Barnets CPR nummer', value: CHILD_CPR },
          { label: 'Barnets navn', value: 'Emilie Hansen' },
        ],
      },
    });
    expect(memo.recipients?.[0]).toMatchObject({ id: '2211771212', idType: 'CPR', idValid: true, attention: { person: { cpr: true }, contentResponsible: { id: '22334455', label: '[Ansvarlig]' } } });
    expect(memo.content).toEqual({
      cpr: [{ number: CHILD_CPR, name: 'Emilie Hansen', valid: true }],
      cvr: [{ number: '12345678', companyName: '[Virksomhed]', valid: false }],
      motorVehicle: { licenseNumber: 'AB12345', chassisNumber: 'WFR18ZZ67W094959' },
      propertyNumber: 'ABC1234',
      productionUnit: { number: '1234567890', name: '[Produktionsenhed]', valid: true },
      education: { code: '123ABC', name: '[Uddannelse navn]' },
      additional: [
        { name: 'Navn 1', value: 'Værdi 1', type: 'Liste A' },
        { name: 'Navn 2', value: 'Værdi 2', type: 'Liste A' },
      ],
    });
    expect(memo.documents?.map((d) => [d.kind, d.id, d.label, d.files.map((f) => `${f.name}:${f.language}`), d.actions])).toEqual([
      ['main', '456', 'Tilbud om børnehaveplads', ['Pladsanvisning.pdf:da', 'Pladsanvisning.txt:da'], ['SELVBETJENING', 'AFTALE']],
      ['additional', '789', 'Tilbud om børnehaveplads', ['Pladsanvisning.pdf:da', 'Praktiske oplysninger.doc:da'], ['INFORMATION', 'AFTALE']],
      ['additional', '678', 'Tilbud om børnehaveplads, vejledning', ['vejledning.pdf:da'], ['SELVBETJENING']],
      ['technical', '222555', 'Teknisk dokument', ['TekniskDokument.xml:da'], undefined],
    ]);
  });
});

describe('identifier checks', () => {
  it('a sender with idType CVR and "Sender ID" is not a CVR sender', async () => {
    const content = await extract(letter({ sender: '<memo:senderID>Sender ID</memo:senderID><memo:idType>cvr</memo:idType><memo:label>Afsender</memo:label>' }));
    expect(content.sender).toEqual({ id: 'Sender ID', idType: 'OTHER', name: 'Afsender' });
    expect(content.metadata.memo?.sender).toMatchObject({ id: 'Sender ID', idType: 'CVR', idValid: false });
    expect(content.warnings).toEqual([
      { code: 'extract.memo_cvr_invalid', message: 'Sender/senderID: "Sender ID" is not a valid CVR number', data: { field: 'Sender/senderID' } },
    ]);
  });

  it('an invalid CPR sender is OTHER, and the warning never quotes the number', async () => {
    const content = await extract(letter({ sender: '<memo:senderID>3102801234</memo:senderID><memo:idType>CPR</memo:idType><memo:label>Borger</memo:label>' }));
    expect(content.sender.idType).toBe('OTHER');
    expect(codes(content)).toEqual(['extract.memo_cpr_invalid']);
    expect(JSON.stringify(content.warnings)).not.toMatch(/3102801234|310280/);
  });

  it('an invalid P-number, a GLN with a bad check digit and a Representative without id', async () => {
    const attention =
      '<memo:AttentionData><grd:ProductionUnit><grd:productionUnitNumber>012345678</grd:productionUnitNumber></grd:ProductionUnit>' +
      '<gln:GlobalLocationNumber><gln:globalLocationNumber>5798000012345</gln:globalLocationNumber></gln:GlobalLocationNumber></memo:AttentionData>';
    const content = await extract(
      letter({ sender: `${SENDER}<memo:Representative><memo:idType>CVR</memo:idType><memo:label>Advokat uden id</memo:label></memo:Representative>`, recipient: attention }),
    );
    const recipient = content.metadata.memo?.recipients?.[0];
    expect(recipient?.attention).toEqual({ productionUnit: { number: '012345678', valid: false }, gln: { number: '5798000012345', valid: false } });
    expect(content.metadata.memo?.sender?.representative).toEqual({ idType: 'CVR', label: 'Advokat uden id' });
    expect(content.sender).toEqual({ id: '65916169', idType: 'CVR', name: 'Nabokommunen' });
    expect(codes(content)).toEqual(['extract.memo_pnr_invalid', 'extract.memo_gln_invalid']);
    expect(content.warnings[0]?.data).toEqual({ field: 'Recipient/AttentionData/ProductionUnit/productionUnitNumber' });
  });

  it('invalid CPRdata/CVRdata stay out of metadata.cpr/cvr; valid ones are kept', async () => {
    const data =
      '<memo:ContentData><grd:CPRdata><grd:cprNumber>0101801234</grd:cprNumber></grd:CPRdata><grd:CPRdata><grd:cprNumber>9999999999</grd:cprNumber></grd:CPRdata>' +
      '<grd:CVRdata><grd:cvrNumber>29189838</grd:cvrNumber></grd:CVRdata><grd:CVRdata><grd:cvrNumber>29189839</grd:cvrNumber></grd:CVRdata></memo:ContentData>';
    const content = await extract(letter({ header: data }));
    expect([content.metadata.cpr, content.metadata.cvr]).toEqual([['0101801234'], ['29189838']]);
    expect(content.metadata.memo?.content?.cvr?.map((c) => c.valid)).toEqual([true, false]);
    expect(codes(content)).toEqual(['extract.memo_cpr_invalid', 'extract.memo_cvr_invalid']);
  });
});

describe('odd and hostile header values', () => {
  it('bad booleans and times are warnings and left out', async () => {
    const header = '<memo:reply>ja</memo:reply><memo:replyByDateTime>i morgen</memo:replyByDateTime><memo:legalNotification>1</memo:legalNotification>';
    const content = await extract(letter({ header }));
    expect(content.metadata.memo).toMatchObject({ legalNotification: true });
    expect(content.metadata.memo?.reply).toBeUndefined();
    expect(content.metadata.memo?.replyByDateTime).toBeUndefined();
    expect(codes(content)).toEqual(['extract.memo_boolean_invalid', 'extract.memo_date_invalid']);
  });

  it('no warning quotes a CPR number, whichever field it was put in', async () => {
    const cpr = '0101801234';
    const header = `<memo:reply>${cpr}</memo:reply><memo:replyByDateTime>${cpr}</memo:replyByDateTime><memo:ContentData><grd:CVRdata><grd:cvrNumber>${cpr}</grd:cvrNumber></grd:CVRdata></memo:ContentData>`;
    const recipient = `<memo:AttentionData><grd:ProductionUnit><grd:productionUnitNumber>010180-1234</grd:productionUnitNumber></grd:ProductionUnit></memo:AttentionData>`;
    const content = await extract(letter({ header, recipient }).replace('5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b11', cpr));
    expect(codes(content).sort()).toEqual([
      'extract.memo_boolean_invalid',
      'extract.memo_cvr_invalid',
      'extract.memo_date_invalid',
      'extract.memo_pnr_invalid',
      'extract.memo_uuid_invalid',
    ]);
    expect(JSON.stringify(content.warnings)).not.toMatch(/0101801234|010180/);
  });

  it('cuts huge fields and bounds repeated elements, the first counting where MeMo allows one', async () => {
    const info = '<memo:ContactInfo><memo:label>l</memo:label><memo:value>v</memo:value></memo:ContactInfo>'.repeat(500);
    const replies = '<memo:ReplyData><memo:messageUUID>5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b12</memo:messageUUID><memo:caseID>S</memo:caseID></memo:ReplyData>'.repeat(2000);
    const header = `<memo:messageCode>${'K'.repeat(50_000)}</memo:messageCode><memo:postType>Myndighedspost</memo:postType><memo:postType>anden</memo:postType>${replies}`;
    const content = await extract(letter({ header, recipient: `<memo:ContactPoint><memo:contactPointID>x</memo:contactPointID>${info}</memo:ContactPoint>` }));
    const memo = content.metadata.memo!;
    expect(memo.messageCode).toHaveLength(256);
    expect(memo.postType).toBe('MYNDIGHEDSPOST');
    expect(memo.replies).toHaveLength(20);
    expect(memo.recipients?.[0]?.contactPoint?.info).toHaveLength(10);
    expect(codes(content).sort()).toEqual(['extract.memo_duplicate_element', 'extract.memo_list_truncated', 'extract.memo_list_truncated']);
  });

  it('the safe-XML structure limit still holds for a letter full of attention data', async () => {
    const person = `<memo:AttentionData><memo:AttentionPerson><memo:label>${'x'.repeat(1000)}</memo:label></memo:AttentionPerson></memo:AttentionData>`;
    const error = await extract(letter({ recipient: person.repeat(100) }), { maxXmlStructureBytes: 50_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BadInputError', code: 'xml_too_large' });
  });
});
