// OCR quality gate: degraded scans come back as confident-looking garbage ("Fee st pr st vrs Re"),
// which would then match short KLE terms. We measure instead of pretending: tesseract's mean
// confidence and the share of tokens that look like real words.
import type { Reason } from '../../../core/model.js';

/** Very frequent Danish (and a few English) words: a hit is strong evidence of real text. */
const COMMON_WORDS = new Set(
  (
    'og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ' +
    'hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind ' +
    'når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende ' +
    'mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan ' +
    'kommune kære venlig hilsen tak dato side vedr mvh ansøgning kr nr tlf hej the and of to for in is you'
  ).split(' '),
);

const LETTERS = /^[a-zæøåäöüéèáà]+$/i;
const VOWELS = /[aeiouyæøåäöüéèáà]/i;

export interface OcrQuality {
  tokens: number;
  /** Share of tokens that look like words: letters only, a vowel, plausible case. */
  wordLikeRatio: number;
  /** Share of tokens that are very common Danish/English words. */
  commonWordRatio: number;
}

export function measureOcrQuality(text: string): OcrQuality {
  const tokens = text
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => t.length > 0);
  let wordLike = 0;
  let common = 0;
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (COMMON_WORDS.has(lower)) common++;
    // Digits (dates, amounts, CPR) are fine content; mixed case inside a word ("aeN") is not.
    const plausibleCase = token === lower || token === token.toUpperCase() || token.slice(1) === lower.slice(1);
    if (/^\d[\d.,:/-]*$/.test(token) || (LETTERS.test(token) && VOWELS.test(token) && plausibleCase && token.length > 1)) {
      wordLike++;
    }
  }
  const n = tokens.length;
  return { tokens: n, wordLikeRatio: n ? wordLike / n : 0, commonWordRatio: n ? common / n : 0 };
}

/** Thresholds chosen on the DEV scans: clean and typical pages score ≥ 0.75 word-like and ≥ 75 confidence. */
const MIN_CONFIDENCE = 60;
const MIN_WORD_LIKE = 0.6;
const MIN_COMMON = 0.05;

/** A warning Reason when OCR text looks like garbage (or is nearly empty), else null. */
export function ocrQualityWarning(text: string, meanConfidence: number): Reason | null {
  const quality = measureOcrQuality(text);
  const problems: string[] = [];
  if (quality.tokens < 5) problems.push('almost no text recognised');
  if (meanConfidence < MIN_CONFIDENCE) problems.push(`mean confidence ${Math.round(meanConfidence)} < ${MIN_CONFIDENCE}`);
  if (quality.tokens >= 5 && quality.wordLikeRatio < MIN_WORD_LIKE) {
    problems.push(`only ${Math.round(quality.wordLikeRatio * 100)}% word-like tokens`);
  }
  if (quality.tokens >= 20 && quality.commonWordRatio < MIN_COMMON) problems.push('hardly any common words');
  if (problems.length === 0) return null;
  return {
    code: 'ocr_low_quality',
    message: `OCR result looks unreliable: ${problems.join('; ')}`,
    data: {
      meanConfidence: Math.round(meanConfidence * 10) / 10,
      tokens: quality.tokens,
      wordLikeRatio: Math.round(quality.wordLikeRatio * 1000) / 1000,
      commonWordRatio: Math.round(quality.commonWordRatio * 1000) / 1000,
    },
  };
}
