// Acceptance (issue 11, point 4): the hand-over says what the letter says. A Digital Post letter (a MeMo
// generated here: two MainDocument files, an AdditionalDocument, KLE data with a handling facet, the
// persons and companies it is about) goes through the real extractor and the real SF2900 client to the
// FK emulator; a recording proxy in between keeps the request exactly as sent. On it: the
// DigitalPostMeddelelsesID, the letter's Brevdato (in Copenhagen), one variant per document with its own
// name and bytes, the letter's facet, the parties — and the whole request is valid under KOMBIT's XSDs.
// An e-mail's DokumentPart and DelTekst too.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedContent, Item } from '../../core/model.js';
import type { BlobStore } from '../../core/ports.js';
import { list, obj, parseSoap, readSendRequest, text0, type XmlObject } from '../../sf2900/index.js';
import { startFkEmulator, type FkEmulator } from '../../tools/fk-emulator/emulator.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createContentExtractor } from '../../worker/adapters/extract/index.js';
import { fakeDocuments } from '../../worker/adapters/extract/test-support.js';
import { createOverdragelseHandover } from '../../worker/adapters/handover/overdragelse-handover.js';
import { createOverdragelseClient, type OverdragelseClient } from '../../worker/adapters/overdragelse/client.js';
import { until } from '../support/stage-runner-contract.js';
import { validateEnvelope } from '../support/xsd.js';

const MUNICIPALITY = '65916169';
const MESSAGE_UUID = 'b6a1f2c4-3d5e-4f60-8a7b-9c0d1e2f3a4b';
const CITIZEN = '2512169996';
const COMPANY = '29189404';
const SENDER = '10103940';
const files = {
  letter: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\nAfgørelse om tilskud til tandpleje\n%%EOF\n', 'utf8'),
  page2: Buffer.from('%PDF-1.4\nBegrundelse og klagevejledning\n%%EOF\n', 'utf8'),
  appendix: Buffer.from('Udgiftsoversigt 2026: 1.250 kr. æøå\n', 'utf8'),
};

/** A MeMo 1.1 letter from an authority, about a citizen and a company, written late on New Year's Eve (UTC). */
function memoXml(): string {
  const file = (name: string, type: string, bytes: Buffer) =>
    `<memo:File><memo:encodingFormat>${type}</memo:encodingFormat><memo:filename>${name}</memo:filename><memo:language>da</memo:language><memo:content>${bytes.toString('base64')}</memo:content></memo:File>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" xmlns:grd="https://data.gov.dk/model/core/" xmlns:kle="http://kle-online.dk/" memoVersion="1.1" memoSchVersion="1.1.0">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>${MESSAGE_UUID}</memo:messageUUID>
    <memo:label>Afgørelse om tandpleje</memo:label>
    <memo:mandatory>false</memo:mandatory>
    <memo:legalNotification>false</memo:legalNotification>
    <memo:Sender><memo:senderID>${SENDER}</memo:senderID><memo:idType>CVR</memo:idType><memo:label>Regionstandplejen</memo:label></memo:Sender>
    <memo:Recipient><memo:recipientID>${MUNICIPALITY}</memo:recipientID><memo:idType>CVR</memo:idType><memo:label>Nørreå Kommune</memo:label></memo:Recipient>
    <memo:ContentData>
      <grd:CPRdata><grd:cprNumber>${CITIZEN}</grd:cprNumber><grd:name>Emilie Hansen</grd:name></grd:CPRdata>
      <grd:CVRdata><grd:cvrNumber>${COMPANY}</grd:cvrNumber><grd:companyName>Tandklinikken ApS</grd:companyName></grd:CVRdata>
      <kle:KLEdata><kle:subjectKey>29.09.00</kle:subjectKey><kle:version>2.4</kle:version><kle:activityFacet>G01</kle:activityFacet><kle:label>Tandpleje</kle:label></kle:KLEdata>
    </memo:ContentData>
  </memo:MessageHeader>
  <memo:MessageBody>
    <memo:createdDateTime>2025-12-31T23:30:00Z</memo:createdDateTime>
    <memo:MainDocument><memo:documentID>1</memo:documentID><memo:label>Afgørelse</memo:label>
      ${file('Afgørelse.pdf', 'application/pdf', files.letter)}
      ${file('Afgørelse – begrundelse.pdf', 'application/pdf', files.page2)}
    </memo:MainDocument>
    <memo:AdditionalDocument><memo:documentID>2</memo:documentID><memo:label>Bilag</memo:label>
      ${file('Udgiftsoversigt.txt', 'text/plain', files.appendix)}
    </memo:AdditionalDocument>
  </memo:MessageBody>
</memo:Message>
`;
}

const MAIL = [
  'From: "Jens Hansen" <jens.hansen@example.dk>',
  'To: post@noerreaa.dk',
  'Subject: =?UTF-8?Q?Flytning=3A_ny_adresse_/_B=C3=B8rn?=',
  'Date: Wed, 31 Dec 2025 23:45:00 +0000',
  'Message-ID: <flytning-1@example.dk>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hej, vi flytter.',
  '',
].join('\r\n');

let dir: string;
let blobs: BlobStore;
let fk: FkEmulator;
let proxy: http.Server;
let client: OverdragelseClient;
const captured: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memo-handover-'));
  blobs = createFileBlobStore(dir);
  fk = await startFkEmulator({ receivers: [{ kle: '29.*', system: { uuid: randomUUID(), name: 'Tandplejen' } }, { kle: '00.*', system: { uuid: randomUUID(), name: 'Borgerservice' } }], delays: { acceptMs: 20 }, log: () => {} });
  // The request as the client sent it, byte for byte, then passed on to the emulator.
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push(body);
      fetch(fk.endpoint, { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '', soapaction: String(req.headers.soapaction ?? '') }, body })
        .then(async (answer) => res.writeHead(answer.status, { 'content-type': 'text/xml; charset=utf-8' }).end(await answer.text()))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  client = createOverdragelseClient({ endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`, municipalityCvr: MUNICIPALITY, systemUuid: randomUUID(), timeoutMs: 10_000 });
});

afterAll(async () => {
  client.close();
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await fk.close();
  await rm(dir, { recursive: true, force: true });
});

/** Received, extracted and handed over; returns the FordelingsobjektAfsend request as sent. */
async function handOver(channel: Item['channel'], bytes: Buffer, fileName: string, kle: string): Promise<{ xml: string; content: ExtractedContent; transactionId: string }> {
  const blob = await blobs.put(Readable.from([bytes]));
  const content = await createContentExtractor({ blobs, documents: fakeDocuments() }).extract({ channel, fileName, blob });
  const item: Item = {
    id: randomUUID(), round: 1, tenantId: 'noerreaa', channel, state: 'routed', source: 'folder', contentSha256: blob.sha256, size: blob.size, fileName,
    receivedAt: new Date('2026-01-02T07:00:00Z'),
  };
  const transactionId = randomUUID();
  const handover = createOverdragelseHandover({ client, blobs, inlineLimitBytes: 1024 * 1024, checkReceivers: true, destination: () => ({}), ownCvrs: [MUNICIPALITY] });
  const receipt = await handover.deliver({ transactionId, destination: 'TAND', item, content, kle: { nr: kle, confidence: 1 } });
  expect(receipt.code).toBe('MODTAGET');
  await until(() => fk.receipts().some((r) => r.transactionId === transactionId && r.code === 'ACCEPTERET'), 'the emulator accepting the hand-over');
  const xml = captured.find((body) => body.includes('FordelingsobjektAfsendRequest') && body.includes(transactionId));
  if (!xml) throw new Error('the request was not captured');
  return { xml, content, transactionId };
}

function dokumentOf(xml: string): XmlObject {
  const parsed = parseSoap(xml);
  if (parsed.kind !== 'body') throw new Error('expected a request body');
  return obj(obj(obj(obj(parsed.content.anmodning).DistributionObject).ObjektIndhold).DistributionDokument);
}

function readRequest(xml: string) {
  const parsed = parseSoap(xml);
  if (parsed.kind !== 'body') throw new Error('expected a request body');
  const read = readSendRequest(parsed.content);
  if (!read.ok) throw new Error(`the request is not readable: ${JSON.stringify(read.fejl)}`);
  return read.value;
}

async function expectSchemaValid(xml: string): Promise<void> {
  const result = await validateEnvelope(xml);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('a Digital Post letter handed over to Fordelingskomponenten', () => {
  it('carries its message id, its own date, its documents, its facet and its parties — schema-valid', async () => {
    const { xml, transactionId } = await handOver('digitalpost', Buffer.from(memoXml(), 'utf8'), 'd9001.xml', '29.09.00');
    await expectSchemaValid(xml);
    const request = readRequest(xml);
    expect(request.digitalPostMessageId).toBe(MESSAGE_UUID);
    // 23:30 UTC on 31 December is 00:30 on 1 January in Copenhagen.
    expect(request.letterDate).toBe('2026-01-01');
    expect(request.handlingFacetForslag).toBe('G01');
    // The letter's facet is a proposal; the destination named none, so the routing is by emne alone.
    expect(request.handlingFacet).toBeUndefined();
    expect(request.parts?.map((p) => [p.name, p.mimeType, p.variantType, p.declaredSize])).toEqual([
      ['Afgørelse.pdf', 'application/pdf', 'PDF', files.letter.length],
      ['Afgørelse – begrundelse.pdf', 'application/pdf', 'PDF', files.page2.length],
      ['Udgiftsoversigt.txt', 'text/plain', 'TXT', files.appendix.length],
    ]);
    const variants = list(obj(obj(obj(dokumentOf(xml).Registrering).RelationListe).VariantListe).Variant).map(obj);
    expect(variants.map((v) => text0(v.Indeks))).toEqual(['1', '2', '3']);
    const decoded = variants.map((v) => Buffer.from(text0(obj(v.DelAttributter).Indhold), 'base64'));
    expect(decoded).toEqual([files.letter, files.page2, files.appendix]);
    // Not the MeMo XML: no variant is XML.
    expect(xml).not.toContain('<ds2:VariantType>XML<');
    expect(request.parties).toEqual([
      { role: 'PrimaerPart', type: 'Virksomhed', reference: SENDER },
      { role: 'SekundaerPart', type: 'Person', reference: CITIZEN },
      { role: 'SekundaerPart', type: 'Virksomhed', reference: COMPANY },
    ]);
    // The receiving side took the first document as the inline one it checks.
    expect(fk.stats().documents[transactionId]).toEqual({ name: 'Afgørelse.pdf', size: files.letter.length, via: 'inline' });
  });
});

describe('an e-mail handed over to Fordelingskomponenten', () => {
  it('is named by its subject and its sender is the PrimaerPart by name and address — schema-valid', async () => {
    const { xml } = await handOver('email', Buffer.from(MAIL, 'utf8'), '5.eml', '00.01.00');
    await expectSchemaValid(xml);
    const request = readRequest(xml);
    expect(request.parts?.map((p) => [p.name, p.mimeType, p.variantType])).toEqual([['Flytning ny adresse Børn.eml', 'message/rfc822', 'EML']]);
    expect(request.parties).toEqual([{ role: 'PrimaerPart', type: 'Person', reference: 'Jens Hansen <jens.hansen@example.dk>' }]);
    expect(request.letterDate).toBe('2026-01-01');
    expect(request.digitalPostMessageId).toBeUndefined();
    expect(text0(obj(obj(obj(dokumentOf(xml).Registrering).AttributListe).Attributter).Dokumenttype)).toBe('eMail');
  });
});
