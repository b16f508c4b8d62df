// Test helpers for the extractor tests: a temp-dir blob store and a fake document text extractor
// (the real PDF/OCR one is slow; here only the extractor's own logic is under test).
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobRef } from '../../../core/model.js';
import type { BlobStore, DocumentInput, DocumentText, DocumentTextExtractor } from '../../../core/ports.js';
import { BadInputError } from '../../../core/errors.js';
import { createFileBlobStore } from '../blob-store.js';

export const FIXTURES = new URL('../../../test/fixtures/dev/items/', import.meta.url).pathname;

export interface TempStore {
  blobs: BlobStore;
  root: string;
  put(bytes: Uint8Array | string): Promise<BlobRef>;
  putFile(path: string): Promise<BlobRef>;
  cleanup(): Promise<void>;
}

export async function tempStore(): Promise<TempStore> {
  const root = await mkdtemp(join(tmpdir(), 'extract-test-'));
  const blobs = createFileBlobStore(root);
  const put = async (bytes: Uint8Array | string): Promise<BlobRef> =>
    blobs.put((async function* () {
      yield typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    })());
  return { blobs, root, put, putFile: async (path) => put(await readFile(path)), cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface FakeDocuments extends DocumentTextExtractor {
  calls: (DocumentInput & { head: string })[];
}

/**
 * Recognises files by their magic bytes like the real extractor: PDFs get a text layer, images OCR
 * text; encrypted PDFs and anything else are bad input.
 */
export function fakeDocuments(): FakeDocuments {
  const calls: FakeDocuments['calls'] = [];
  return {
    calls,
    async extractText(doc: DocumentInput): Promise<DocumentText> {
      const handle = await open(doc.path, 'r');
      const head = Buffer.alloc(2048);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      await handle.close();
      const text = head.subarray(0, bytesRead).toString('latin1');
      calls.push({ ...doc, head: text.slice(0, 8) });
      if (text.startsWith('%PDF')) {
        if (text.includes('/Encrypt')) throw new BadInputError('pdf_encrypted', 'PDF is password-protected');
        return { text: `Tekst fra PDF-filen ${doc.name}`, source: 'text-layer', pages: 1, warnings: [] };
      }
      if (/^(\x89PNG|\xFF\xD8\xFF|II\*\0|MM\0\*)/.test(text)) {
        return { text: `OCR-tekst fra billedet ${doc.name}`, source: 'ocr', pages: 1, ocrConfidence: 87, warnings: [] };
      }
      throw new BadInputError('document_unsupported', `not a PDF or an image: ${doc.name}`);
    },
  };
}
