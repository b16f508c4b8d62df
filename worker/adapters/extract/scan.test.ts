import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobRef, ExtractedContent } from '../../../core/model.js';
import { createContentExtractor } from './index.js';
import { NORDSCAN_V2, parseSidecar, type SidecarFormat } from './sidecar.js';
import { FIXTURES, fakeDocuments, tempStore, type FakeDocuments, type TempStore } from './test-support.js';

let store: TempStore;
let documents: FakeDocuments;

beforeEach(async () => {
  store = await tempStore();
  documents = fakeDocuments();
});
afterEach(() => store.cleanup());

async function extractScan(fileName: string, blob: BlobRef, sidecar?: BlobRef): Promise<ExtractedContent> {
  const extractor = createContentExtractor({ blobs: store.blobs, documents });
  return extractor.extract({ channel: 'scan', fileName, blob, ...(sidecar ? { sidecar } : {}) });
}

const LIMITS = { maxStructureBytes: 64 * 1024, maxDepth: 32 };

describe('scan extraction', () => {
  it('reads the scan as the body and the NordScan sidecar into metadata.scan (d0004)', async () => {
    const pdf = await store.putFile(join(FIXTURES, 'd0004.pdf'));
    const content = await extractScan('d0004.pdf', pdf, await store.putFile(join(FIXTURES, 'd0004.meta.xml')));
    expect(content).toMatchObject({ channel: 'scan', body: 'Tekst fra PDF-filen d0004.pdf', bodySource: 'text-layer', sender: {}, attachments: [], warnings: [] });
    expect(content.subject).toBeUndefined();
    expect(content.recipients).toEqual([{ name: 'Nørreå Kommune, Visitationen', id: '65916169', idType: 'CVR' }]);
    expect(content.metadata.scan).toEqual({
      batchId: 'NS-NRA-20261004-05',
      scanDate: '2026-10-04T10:46:00+02:00',
      documentId: 'NS-NRA-20261004-05-0031',
      customerCvr: '65916169',
      addressee: 'Nørreå Kommune, Visitationen',
      postmarkDate: '2026-10-03',
      pageCount: 1,
      documentType: 'Brev',
      documentTypeConfidence: 0.87,
      files: [{ name: 'd0004.pdf', mimeType: 'application/pdf', sha256: pdf.sha256 }],
    });
    expect(documents.calls).toEqual([{ name: 'd0004.pdf', mimeType: 'application/pdf', path: store.blobs.pathOf(pdf.sha256), size: pdf.size, head: '%PDF-1.3' }]);
  });

  it('takes the sender from the return address and warns when the sidecar lists another file (d0039)', async () => {
    const content = await extractScan('d0004.pdf', await store.putFile(join(FIXTURES, 'd0004.pdf')), await store.putFile(join(FIXTURES, 'd0039.meta.xml')));
    expect(content.sender).toEqual({ name: 'Boligforeningen Åparken' });
    expect(content.metadata.scan?.returnAddress).toBe('Boligforeningen Åparken, Åparken 2, 8891 Nørreå');
    expect(content.warnings.map((w) => w.code)).toEqual(['extract.sidecar_file_mismatch']);
  });

  it('keeps OCR quality of an image scan as bodyOcr', async () => {
    const png = await store.put(Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64)]));
    const content = await extractScan('brev.png', png);
    expect(content).toMatchObject({ bodySource: 'ocr', bodyOcr: { pages: 1, meanConfidence: 87 }, metadata: {} });
  });

  it('ignores a broken sidecar with a warning', async () => {
    const pdf = await store.putFile(join(FIXTURES, 'd0004.pdf'));
    const broken = await store.put('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ScanJob xmlns="urn:nordscan:scanmeta:2">&e;</ScanJob>');
    const content = await extractScan('d0004.pdf', pdf, broken);
    expect(content.body).toBe('Tekst fra PDF-filen d0004.pdf');
    expect(content.metadata).toEqual({});
    expect(content.warnings).toEqual([expect.objectContaining({ code: 'extract.sidecar_unreadable', data: { cause: 'xml_doctype_forbidden' } })]);
  });

  it('fails the item when the scan itself cannot be read', async () => {
    const garbage = await store.put('dette er ikke en scanning');
    await expect(extractScan('d0099.pdf', garbage)).rejects.toMatchObject({ name: 'BadInputError', code: 'document_unsupported' });
  });
});

describe('sidecar formats', () => {
  it('reads another bureau from a declarative mapping only', () => {
    const other: SidecarFormat = {
      id: 'other-1',
      namespace: 'urn:example:scan:1',
      root: 'Scan',
      fields: { batchId: 'Job/@nr', documentType: 'Doc/Type', pageCount: 'Doc/@pages' },
      files: { path: 'Doc/Image', name: '@file' },
    };
    const xml = Buffer.from('<s:Scan xmlns:s="urn:example:scan:1"><s:Job nr="J-7"/><s:Doc pages="3"><s:Type>Faktura</s:Type><s:Image file="a.tif"/><s:Image file="b.tif"/></s:Doc></s:Scan>');
    expect(parseSidecar(xml, LIMITS, [NORDSCAN_V2, other])).toEqual({
      format: 'other-1',
      metadata: { batchId: 'J-7', documentType: 'Faktura', pageCount: 3, files: [{ name: 'a.tif' }, { name: 'b.tif' }] },
    });
  });

  it('rejects an unknown format and a non-number where a number belongs is left out', async () => {
    expect(() => parseSidecar(Buffer.from('<ScanJob xmlns="urn:nordscan:scanmeta:3"/>'), LIMITS)).toThrow(expect.objectContaining({ code: 'sidecar_unknown_format' }));
    const xml = (await readFile(join(FIXTURES, 'd0004.meta.xml'), 'utf8')).replace('count="1"', 'count="en"');
    expect(parseSidecar(Buffer.from(xml), LIMITS).metadata.pageCount).toBeUndefined();
  });
});
