import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import type { ExtractedContent, Item } from '../model.js';
import type { ContentExtractor, ExtractionInput, ExtractOptions, NeedsOcr } from '../ports.js';
import { extractStage } from './extract.js';

const at = new Date('2026-12-01T09:00:00Z');
const clock = { now: () => at };
const item: Item = { id: '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab', tenantId: 'norrea', channel: 'scan', state: 'received', source: 'scan/b17', contentSha256: 'a'.repeat(64), size: 900, fileName: 'brev.pdf', receivedAt: at, round: 1 };
const scanned: ExtractedContent = {
  channel: 'scan',
  sender: {},
  recipients: [],
  body: 'Klage over afgørelse',
  bodySource: 'ocr',
  bodyOcr: { pages: 3, meanConfidence: 81 },
  attachments: [],
  metadata: {},
  warnings: [],
};

function extractorThat(answer: (options: ExtractOptions) => Promise<ExtractedContent | NeedsOcr>): ContentExtractor & { asked: ExtractOptions[] } {
  const asked: ExtractOptions[] = [];
  function extract(input: ExtractionInput): Promise<ExtractedContent>;
  function extract(input: ExtractionInput, options: ExtractOptions): Promise<ExtractedContent | NeedsOcr>;
  async function extract(_input: ExtractionInput, options: ExtractOptions = {}): Promise<ExtractedContent | NeedsOcr> {
    asked.push(options);
    return answer(options);
  }
  return { extract, asked };
}

describe('extract stage', () => {
  it('reports an item that needs OCR, without a commit, when OCR is not allowed', async () => {
    const extractor = extractorThat(async (o) => (o.ocr === false ? { needsOcr: true, pages: 3 } : scanned));
    expect(await extractStage(item, { extractor, clock }, { timeoutMs: 1_000, ocr: false })).toEqual({ kind: 'needs-ocr', pages: 3 });
    const withOcr = await extractStage(item, { extractor, clock }, { timeoutMs: 1_000, ocr: true });
    expect(extractor.asked).toEqual([{ ocr: false }, { ocr: true }]);
    expect(withOcr.kind).toBe('extracted');
    if (withOcr.kind !== 'extracted') return;
    expect(withOcr.commit).toMatchObject({ itemId: item.id, from: 'received', to: 'extracted', content: scanned, event: { type: 'extracted', data: { ocrPages: 3 } } });
    expect(withOcr.commit.decision).toMatchObject({ stage: 'extract', outcome: { status: 'extracted', bodySource: 'ocr', ocrPages: 3 } });
  });

  it('parks bad input and fails an unexpected error, each as one commit with the reason', async () => {
    const bad = await extractStage(item, { extractor: extractorThat(() => Promise.reject(new BadInputError('pdf_encrypted', 'PDF er krypteret'))), clock }, { timeoutMs: 1_000, ocr: true });
    expect(bad).toMatchObject({ kind: 'refused', commit: { from: 'received', to: 'parked', patch: { error: { code: 'extract.pdf_encrypted' } } } });
    const broken = await extractStage(item, { extractor: extractorThat(() => Promise.reject(new Error('disk full'))), clock }, { timeoutMs: 1_000, ocr: true });
    expect(broken).toMatchObject({ kind: 'refused', commit: { to: 'failed', decision: { outcome: { status: 'failed' } } } });
  });

  it('stops an extraction that takes too long', async () => {
    const slow = extractorThat(() => new Promise(() => {}));
    const result = await extractStage(item, { extractor: slow, clock }, { timeoutMs: 20, ocr: true });
    expect(result).toMatchObject({ kind: 'refused', reason: { code: 'extract.timeout' }, commit: { to: 'parked' } });
  });
});
