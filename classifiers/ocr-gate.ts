// The OCR quality gate: text read off a poor scan is partly garbage, and garbage contains short Danish
// words by chance ("skat", "pas", "bolig"). So the quality of each OCR'd text (fields.ts textQuality:
// the share of word-like tokens — a number, or letters with a vowel and plausible case — and
// tesseract's mean confidence, whichever is worse) decides two things: short terms found in a poor OCR
// text are dropped, and an emne that rests on poor OCR text gets a lower confidence, with a reason.
// A Danish word list would measure "non-words" better; none is available offline here, so the
// word-likeness heuristic stands in for it. Pure: no I/O.
import type { ExtractedContent, Reason } from '../core/model.js';
import { textQuality } from './fields.js';
import type { TermMatch } from './term-matcher.js';
import type { Contribution } from './term-scorer.js';

/** From this quality up an OCR text is as good as typed text. */
export const GOOD_OCR_QUALITY = 0.8;
/** Below this quality a short single word found in the OCR text is taken for chance. */
export const POOR_OCR_QUALITY = 0.5;
/** A "short" term: a single word of fewer letters than this. */
const SHORT_TERM_LETTERS = 7;

export interface OcrQuality {
  /** Quality 0.1..1 of each OCR'd text, keyed by attachment name; the body under ''. */
  byField: Map<string, number>;
  /** Length-weighted over all OCR'd texts. */
  overall: number;
  /** Tesseract's mean confidence over the OCR'd texts, when known. */
  meanConfidence?: number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** The quality of the item's OCR'd texts; undefined when nothing was OCR'd. */
export function ocrQualityOf(content: ExtractedContent): OcrQuality | undefined {
  const texts: { key: string; text: string; confidence?: number }[] = [];
  if (content.bodySource === 'ocr' && content.body.trim()) texts.push({ key: '', text: content.body, ...(content.bodyOcr ? { confidence: content.bodyOcr.meanConfidence } : {}) });
  for (const a of content.attachments) {
    if (a.textSource === 'ocr' && a.text.trim()) texts.push({ key: a.name, text: a.text, ...(a.ocr ? { confidence: a.ocr.meanConfidence } : {}) });
  }
  if (texts.length === 0) return undefined;
  const byField = new Map(texts.map((t) => [t.key, textQuality(t.text, t.confidence)]));
  const length = texts.reduce((sum, t) => sum + t.text.length, 0);
  const overall = texts.reduce((sum, t) => sum + (byField.get(t.key) ?? 1) * t.text.length, 0) / length;
  const confidences = texts.filter((t) => t.confidence !== undefined);
  const meanConfidence = confidences.length ? confidences.reduce((sum, t) => sum + (t.confidence ?? 0), 0) / confidences.length : undefined;
  return { byField, overall: round(overall), ...(meanConfidence !== undefined ? { meanConfidence: round(meanConfidence) } : {}) };
}

/**
 * The quality of the OCR text a match was found in: 1 outside OCR text and for good OCR. A subject line
 * ("Vedr.: …") found in an OCR'd body is OCR text too.
 */
function qualityOf(match: TermMatch, ocr: OcrQuality): number {
  const fromOcrBody = match.field === 'subject' && match.fieldName === 'vedr-linje' && ocr.byField.has('');
  if (match.field !== 'ocr' && !fromOcrBody) return 1;
  const quality = fromOcrBody ? (ocr.byField.get('') ?? ocr.overall) : (ocr.byField.get(match.fieldName ?? '') ?? ocr.overall);
  return quality >= GOOD_OCR_QUALITY ? 1 : quality;
}

const isShortWord = (match: TermMatch): boolean => !/\s/u.test(match.term.text.trim()) && match.term.text.trim().length < SHORT_TERM_LETTERS;

/** The matches without short single words found only in poor OCR text, and a reason when any were dropped. */
export function dropChanceMatches(matches: readonly TermMatch[], ocr: OcrQuality): { matches: TermMatch[]; reasons: Reason[] } {
  const dropped = matches.filter((m) => isShortWord(m) && qualityOf(m, ocr) < POOR_OCR_QUALITY);
  if (dropped.length === 0) return { matches: [...matches], reasons: [] };
  const kept = matches.filter((m) => !dropped.includes(m));
  return {
    matches: kept,
    reasons: [
      {
        code: 'classify.ocr_short_terms_ignored',
        message: `${dropped.length} short term(s) found only in poorly read OCR text were ignored (likely chance): ${dropped.slice(0, 5).map((m) => `"${m.term.text}"`).join(', ')}`,
        data: { terms: dropped.slice(0, 10).map((m) => m.term.text), quality: ocr.overall },
      },
    ],
  };
}

/**
 * The confidence of an emne whose evidence rests (partly) on OCR text: the OCR share of its evidence
 * counts at the text's quality. Typed text (the e-mail subject, a text layer) keeps its full say.
 */
export function gateConfidence(confidence: number, contributions: readonly Contribution[], ocr: OcrQuality): { confidence: number; reason?: Reason } {
  const total = contributions.reduce((sum, c) => sum + c.value, 0);
  if (total <= 0) return { confidence };
  const weighted = contributions.reduce((sum, c) => sum + c.value * qualityOf(c.match, ocr), 0) / total;
  const ocrShare = contributions.filter((c) => qualityOf(c.match, ocr) < 1).reduce((sum, c) => sum + c.value, 0) / total;
  if (ocrShare === 0) return { confidence };
  const gated = Math.round(confidence * weighted * 1000) / 1000;
  return {
    confidence: gated,
    reason: {
      code: 'classify.ocr_quality',
      message: `${Math.round(ocrShare * 100)} % of the evidence is from poorly read OCR text (quality ${ocr.overall}${
        ocr.meanConfidence !== undefined ? `, tesseract ${ocr.meanConfidence}` : ''
      }); confidence lowered from ${confidence} to ${gated}`,
      data: { quality: ocr.overall, ocrShare: round(ocrShare), from: confidence, to: gated, ...(ocr.meanConfidence !== undefined ? { meanConfidence: ocr.meanConfidence } : {}) },
    },
  };
}
