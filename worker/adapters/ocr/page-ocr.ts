// OCR of the pages of one document: bounded pages in flight, per-page failures kept as warnings
// (one unreadable page must not lose the other pages' text), quality gate over the result.
import { BadInputError } from '../../../core/errors.js';
import type { Reason } from '../../../core/model.js';
import type { Ocr, OcrResult } from '../../../core/ports.js';
import { ocrQualityWarning } from './quality.js';

export interface OcrPagesResult {
  /** Page number → recognised text. */
  texts: Map<number, string>;
  /** Mean of the pages' tesseract confidences; undefined when no page was read. */
  meanConfidence?: number;
}

export class PageOcr {
  private readonly results = new Map<number, OcrResult>();
  private readonly failures: BadInputError[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** An infrastructure failure (not bad input): rethrown by finish() so the item is retried. */
  private fatal: unknown;

  constructor(
    private readonly ocr: Ocr,
    private readonly warnings: Reason[],
    /** Image clean-up before OCR (e.g. cleanForOcr); identity when absent. */
    private readonly prepare: (image: Uint8Array) => Uint8Array = (image) => image,
    /** Pages rendered ahead of OCR; bounds memory (a 300 dpi page is ~9 MB). */
    private readonly maxInFlight = 2,
  ) {}

  /** Waits until another page may be rendered. */
  async ready(): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.fatal) throw this.fatal;
  }

  add(num: number, image: Uint8Array): void {
    const job = Promise.resolve()
      .then(() => this.ocr.recognize(this.prepare(image)))
      .then((result) => void this.results.set(num, result))
      .catch((error: unknown) => this.fail(num, error))
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** A page that could not be rendered or read: a warning, unless it is not bad input at all. */
  fail(num: number, error: unknown): void {
    if (!(error instanceof BadInputError)) {
      this.fatal ??= error;
      return;
    }
    this.failures.push(error);
    this.warnings.push({
      code: `extract.${error.code}`,
      message: `Page ${num}: ${error.message}`,
      data: { page: num, ...error.data },
    });
  }

  /** Waits for every page; throws the first failure when no page at all could be read. */
  async finish(): Promise<OcrPagesResult> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    if (this.fatal) throw this.fatal;
    const first = this.failures[0];
    if (this.results.size === 0 && first) throw first;
    const texts = new Map([...this.results].sort(([a], [b]) => a - b).map(([num, r]) => [num, r.text.trim()]));
    if (this.results.size === 0) return { texts };
    const confidences = [...this.results.values()].map((r) => r.confidence);
    const meanConfidence = confidences.reduce((a, b) => a + b, 0) / confidences.length;
    const quality = ocrQualityWarning([...texts.values()].join('\n'), meanConfidence);
    if (quality) this.warnings.push({ ...quality, code: `extract.${quality.code}` });
    return { texts, meanConfidence };
  }
}
