import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../../core/model.js';
import { BadInputError } from '../../../core/errors.js';
import { createContentExtractor, type ExtractLimits } from './index.js';
import { FIXTURES, fakeDocuments, tempStore, type FakeDocuments, type TempStore } from './test-support.js';

const EXAMPLES = join(import.meta.dirname, '../../../test/fixtures/memo-examples');

let store: TempStore;
let documents: FakeDocuments;

beforeEach(async () => {
  store = await tempStore();
  documents = fakeDocuments();
});
afterEach(() => store.cleanup());

async function extract(xml: string | Buffer, limits: Partial<ExtractLimits> = {}): Promise<ExtractedContent> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents, limits });
  return extractor.extract({ channel: 'digitalpost', fileName: 'besked.xml', blob: await store.put(xml) });
}

const fixture = (name: string): Promise<Buffer> => readFile(join(FIXTURES, name));
const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'resolved', (error: unknown) => error);

function memo(body: string, header = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b11</memo:messageUUID>
    <memo:label>Ansøgning om enkeltydelse</memo:label>
    <memo:Sender><memo:senderID>0101801234</memo:senderID><memo:idType>CPR</memo:idType><memo:label>Hans Jensen</memo:label></memo:Sender>
    <memo:Recipient><memo:recipientID>65916169</memo:recipientID><memo:idType>CVR</memo:idType></memo:Recipient>${header}
  </memo:MessageHeader>
  <memo:MessageBody><memo:createdDateTime>2026-10-01T08:00:00Z</memo:createdDateTime>${body}</memo:MessageBody>
</memo:Message>`;
}

function file(type: string, name: string, base64: string): string {
  return `<memo:File><memo:encodingFormat>${type}</memo:encodingFormat><memo:filename>${name}</memo:filename><memo:language>da</memo:language><memo:content>${base64}</memo:content></memo:File>`;
}

describe('MeMo extraction (DEV corpus)', () => {
  it('reads a citizen letter with a text/plain main document (d0001)', async () => {
    const content = await extract(await fixture('d0001.xml'));
    expect(content.subject).toBe('Boligstøtte når min søn flytter');
    expect(content.sender).toEqual({ id: '1412720947', idType: 'CPR', name: 'Morten Vestergaard' });
    expect(content.recipients).toEqual([{ id: '65916169', idType: 'CVR', name: 'Nørreå Kommune' }]);
    expect(content.bodySource).toBe('plain');
    expect(content.body).toMatch(/^Hej\n\nJeg er enlig mor med to børn og får boligstøtte\./);
    expect(content.metadata).toEqual({
      messageId: '38eecc86-6f40-44bc-8596-9feb2c310d91',
      date: '2026-09-03T09:37:25Z',
      contactPoint: 'Borgerservice',
      memo: {
        messageUuid: '38eecc86-6f40-44bc-8596-9feb2c310d91',
        messageType: 'DIGITALPOST',
        memoVersion: '1.2',
        createdDateTime: '2026-09-03T09:37:25Z',
        mandatory: false,
        legalNotification: false,
        sender: { id: '1412720947', idType: 'CPR', idValid: true, label: 'Morten Vestergaard' },
        recipients: [
          {
            id: '65916169',
            idType: 'CVR',
            idValid: true,
            label: 'Nørreå Kommune',
            contactPoint: { id: '1ee9a97f-49ce-4271-8959-5fc81099aefc', label: 'Borgerservice' },
          },
        ],
        documents: [{ kind: 'main', label: 'Boligstøtte når min søn flytter', files: [{ name: 'Besked.txt', mimeType: 'text/plain', language: 'da' }] }],
      },
    });
    expect(content.warnings).toEqual([]);
  });

  it('maps KLEdata and the sender e-mail (d0002)', async () => {
    const content = await extract(await fixture('d0002.xml'));
    expect(content.metadata.kle).toEqual({ subjectKey: '28.09.40', version: 'KLE 2026', label: 'Optagelse i dagtilbud / plads i anden kommune / opsigelse' });
    expect(content.sender.email).toBe('kim1978@outlook.com');
    expect(content.metadata.contactPoint).toBe('Pladsanvisningen');
  });

  it('streams a base64 PDF main document to the blob store and reads it as the body (d0018)', async () => {
    const xml = await fixture('d0018.xml');
    const pdf = Buffer.from(/<memo:content>([^<]+)<\/memo:content>/.exec(xml.toString('utf8'))![1]!, 'base64');
    const content = await extract(xml);
    expect(content.sender).toEqual({ id: '98297812', idType: 'CVR', name: 'Advokatfirmaet Bruun & Kjeldsen', email: 'jm@bruunkjeldsen.dk' });
    expect(content.metadata.cpr).toEqual(['2408691747']);
    expect(content.metadata.caseIds).toEqual([{ caseId: '2026-0488', system: 'Klient-ID' }]);
    expect(content.body).toBe('Tekst fra PDF-filen Aktindsigt.pdf');
    expect(content.bodySource).toBe('text-layer');
    expect(content.attachments).toEqual([]);
    expect(documents.calls).toEqual([expect.objectContaining({ name: 'Aktindsigt.pdf', mimeType: 'application/pdf', size: pdf.length, head: '%PDF-1.3' })]);
    expect((await readFile(documents.calls[0]!.path)).equals(pdf)).toBe(true);
  });

  it('threads a reply through ReplyData and keeps a group-level KLE as given (d0075)', async () => {
    const content = await extract(await fixture('d0075.xml'));
    expect(content.metadata.inReplyTo).toBe('cee3aa52-ba7f-4a0c-87a5-7d3739c316ac');
    expect(content.metadata.caseIds).toEqual([{ caseId: '02.34.02-P19-2231-26' }]);
    expect(content.metadata.kle?.subjectKey).toBe('02.34');
  });

  it('matches elements by namespace, not by prefix', async () => {
    const original = (await fixture('d0002.xml')).toString('utf8');
    const renamed = original.replace(/xmlns:memo=/, 'xmlns:dp=').replace(/(<\/?)memo:/g, '$1dp:').replace(/xmlns:kle=/, 'xmlns:k=').replace(/(<\/?)kle:/g, '$1k:');
    const defaultNs = original.replace(/xmlns:memo=/, 'xmlns=').replace(/(<\/?)memo:/g, '$1');
    const expected = await extract(original);
    expect(renamed).not.toContain('memo:');
    expect(await extract(renamed)).toEqual(expected);
    expect(await extract(defaultNs)).toEqual(expected);
  });
});

describe('MeMo extraction (Digitaliseringsstyrelsen examples)', () => {
  const example = (name: string): Promise<ExtractedContent> => readFile(join(EXAMPLES, name)).then((bytes) => extract(bytes));

  it('reads the full 1.2 example (BOM, all ContentData, documents with a problem each)', async () => {
    const content = await example('MeMo_Full_Example.xml');
    expect(content.subject).toBe('Besked fra Børneforvaltningen');
    // The example's CVR numbers fail modulus 11: kept in metadata.memo, never typed as CVR (memo-metadata.test.ts).
    expect(content.sender).toEqual({ id: '12345678', idType: 'OTHER', name: 'Kommunen', email: 'info@tusindfryd.dk' });
    expect(content.metadata.cvr).toBeUndefined();
    expect(content.metadata).toMatchObject({
      kle: { subjectKey: '00.00.00', version: 'Maj 2018' },
      form: { taskKey: '00.00.00.00', version: 'Opgavenøglen v2.12' },
      cpr: ['2512169996'],
      contactPoint: 'Kommunen, Pladsanvisningen',
      inReplyTo: '8C2EA15D-61FB-4BA9-9366-42F8B194C657',
    });
    expect(content.metadata.caseIds?.[0]).toEqual({ caseId: 'SAG-12345', system: 'Sagssystem 1234' });
    // The main document's text/plain file is the body; its fake "PDF" is a warning, not a failure.
    expect(content.body).toBe('This is a test');
    // Both files of the MainDocument are read and kept (metadata.memo.documents lists them too).
    expect(content.mainDocuments?.map((d) => [d.name, d.mimeType, d.blob?.size])).toEqual([
      ['Pladsanvisning.pdf', 'application/pdf', 14],
      ['Pladsanvisning.txt', 'text/plain', 14],
    ]);
    expect(content.warnings.map((w) => w.code)).toEqual([
      'extract.memo_cvr_invalid',
      'extract.memo_cpr_invalid',
      'extract.memo_gln_invalid',
      'extract.memo_cvr_invalid',
      'extract.memo_cvr_invalid',
      'extract.memo_gln_invalid',
      'extract.document_unsupported',
    ]);
    expect(content.attachments.map((a) => [a.name, a.textSource, a.problem?.code])).toEqual([
      ['Pladsanvisning.pdf', 'none', 'extract.document_unsupported'],
      ['Praktiske oplysninger.doc', 'none', undefined],
      ['vejledning.pdf', 'none', 'extract.document_unsupported'],
      ['TekniskDokument.xml', 'none', undefined],
    ]);
  });

  it('reads the 1.0 example with KLE and FORM data', async () => {
    const content = await example('MeMo_Scenarie1_Eksempel_v1.0.xml');
    expect(content.metadata.kle).toEqual({ subjectKey: '83.11.05', activityFacet: 'A01', label: 'Vedligeholdelse/renovering af køretøjer', version: '2.4' });
    expect(content.metadata.form).toEqual({ taskKey: '59.10.05.10', label: 'Syn af køretøjer', version: 'Opgavenøglen v2.12' });
    expect(content.metadata.memo?.memoVersion).toBe('1.0');
  });

  it('reads the minimum, NemSMS and two-file examples', async () => {
    const minimum = await example('MeMo_Minimum_Example.xml');
    expect(minimum.recipients).toEqual([{ id: '2211771212', idType: 'CPR' }]);
    const sms = await example('MeMo_NemSMS.xml');
    expect([sms.metadata.memo?.messageType, sms.body, sms.bodySource]).toEqual(['NEMSMS', 'Message Text', 'plain']);
    const twoFiles = await example('MeMo_with_attachment.xml');
    expect(twoFiles.body).toBe('File content 1\n\nFile content 2');
  });
});

describe('MeMo extraction (bounds and bad input)', () => {
  it('decodes a large base64 document outside the XML parser, byte for byte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3 * 1024 * 1024, 0x41)]);
    const base64 = pdf.toString('base64').replace(/(.{76})/g, '$1\n');
    const content = await extract(memo(`<memo:AdditionalDocument>${file('application/pdf', 'Kontoudtog.pdf', base64)}</memo:AdditionalDocument>`), {
      maxXmlStructureBytes: 64 * 1024,
    });
    const [attachment] = content.attachments;
    expect(attachment).toMatchObject({ name: 'Kontoudtog.pdf', size: pdf.length, textSource: 'text-layer' });
    expect((await readFile(store.blobs.pathOf(attachment!.blob!.sha256))).equals(pdf)).toBe(true);
  });

  it('rejects an XML structure over the limit', async () => {
    const error = await rejection(extract(memo('', `<memo:notification>${'Ø'.repeat(40_000)}</memo:notification>`), { maxXmlStructureBytes: 50_000 }));
    expect(error).toMatchObject({ name: 'BadInputError', code: 'xml_too_large' });
  });

  it('records invalid base64 on its document and strips path components from file names', async () => {
    const content = await extract(
      memo(
        `<memo:MainDocument>${file('text/plain', 'Besked.txt', Buffer.from('Jeg søger om hjælp til en ny vaskemaskine.').toString('base64'))}</memo:MainDocument>` +
          `<memo:AdditionalDocument>${file('application/pdf', '../../../../etc/passwd', 'ikke base64!')}</memo:AdditionalDocument>` +
          `<memo:AdditionalDocument>${file('text/plain', '..\\..\\Windows\\Temp\\bilag.txt', Buffer.from('Kvittering').toString('base64'))}</memo:AdditionalDocument>`,
      ),
    );
    expect(content.body).toBe('Jeg søger om hjælp til en ny vaskemaskine.');
    expect(content.attachments.map((a) => [a.name, a.problem?.code, a.text])).toEqual([
      ['passwd', 'extract.base64_invalid', ''],
      ['bilag.txt', undefined, 'Kvittering'],
    ]);
  });

  it('rejects a DOCTYPE before parsing, so no entity is ever resolved', async () => {
    const xxe = memo('').replace('<memo:Message', '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<memo:Message').replace('Ansøgning om enkeltydelse', '&x;');
    const error = await rejection(extract(xxe));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error).toMatchObject({ code: 'xml_doctype_forbidden' });
  });

  it('rejects other namespaces and roots as not MeMo', async () => {
    const memo2 = await rejection(extract(memo('').replace('https://DigitalPost.dk/MeMo-1', 'https://DigitalPost.dk/MeMo-2')));
    expect(memo2).toMatchObject({ code: 'not_memo', data: { namespace: 'https://DigitalPost.dk/MeMo-2', element: 'Message' } });
    expect(await rejection(extract('<ScanJob xmlns="urn:nordscan:scanmeta:2"/>'))).toMatchObject({ code: 'not_memo' });
  });

  it('reports malformed XML with its position', async () => {
    const error = await rejection(extract(memo('').replace('</memo:label>', '</memo:labl>')));
    expect(error).toMatchObject({ code: 'xml_malformed', data: { line: 6 } });
  });

  it('warns about odd header values but still reads the letter', async () => {
    const odd = memo('', '<memo:messageUUID>ikke-en-uuid</memo:messageUUID>').replace('memoVersion="1.2"', 'memoVersion="9.9"').replace('2026-10-01T08:00:00Z', '2026-13-45T99:00:00Z');
    const content = await extract(odd);
    expect(content.subject).toBe('Ansøgning om enkeltydelse');
    expect(content.metadata.memo).toMatchObject({ messageUuid: '5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b11', messageType: 'DIGITALPOST', memoVersion: '9.9' });
    expect(content.metadata.memo?.createdDateTime).toBeUndefined();
    expect(content.warnings.map((w) => w.code).sort()).toEqual(['extract.memo_date_invalid', 'extract.memo_duplicate_element', 'extract.memo_version_unknown']);
  });
});
