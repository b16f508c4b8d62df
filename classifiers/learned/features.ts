// The features the learned KLE model sees in an item: stemmed words, pairs of neighbouring words and the
// 4-letter pieces of long words (which survive OCR errors and split compounds), weighted by field.
import type { ExtractedContent } from '../../core/model.js';
import { FIELD_WEIGHTS, textFields, type TextField } from '../fields.js';
import { normaliseText, tokenise } from '../normalise.js';
import { createStemmer } from '../terms.js';
import { STOPWORDS } from '../wordlists.js';
import { quantise } from './model.js';

export type FeatureKind = 'word' | 'bigram' | 'chars';

export interface FeatureOptions {
  /** At most this many features per item (the strongest; ties by key), so cost stays bounded. */
  maxFeatures?: number;
}

export const FEATURE_SETTINGS = {
  maxFeatures: 3000,
  /** A term's value is log(1 + weighted count), at most this (reached at about 19 plain occurrences). */
  maxValue: 3,
  /** The subject line says most: its words count twice. */
  subjectWeight: 2,
  /** Each 4-letter piece counts this much of a word, so that a long word does not outvote the rest. */
  charGramWeight: 0.25,
  charGramLength: 4,
  /** Only words this long give 4-letter pieces. */
  minCharGramWord: 6,
  /** Text read per field and in all, for bounded cost on a 200-page attachment. */
  maxCharsPerField: 20_000,
  maxChars: 100_000,
} as const;

const PREFIX: Record<FeatureKind, string> = { word: 'w:', bigram: 'b:', chars: 'c:' };
const KIND_OF_PREFIX = new Map(Object.entries(PREFIX).map(([kind, prefix]) => [prefix, kind as FeatureKind]));

/** Greetings, question words and a few more function words beyond the shared list; they never tell the topic. */
const EXTRA_STOPWORDS = new Set(
  `hej kære venlig venligst hilsen mvh tak gerne hermed ved så få får fik fået kom gør hvornår hvordan hvorfor
  hvilke hvilken hvem endnu stadig lige bare`.split(/\s+/),
);
const EMAIL_OR_URL = /\S+@\S+|\bhttps?:\/\/\S+|\bwww\.\S+/giu;
/** Two or more digits in a row: dates, amounts, phone, CPR and case numbers. A lone digit in a word is an OCR slip. */
const DIGIT_RUN = /\p{N}{2,}/gu;
/** Sentence ends and blank lines: word pairs do not span them. */
const SEGMENT_END = /[.!?;:]+(?=\s|$)|\n[ \t]*\n/u;
const LETTER = /\p{L}/gu;

const stem = createStemmer();

export function featureKey(kind: FeatureKind, text: string): string {
  return PREFIX[kind] + text;
}

/** The kind and readable text of a feature key ("w:sygedagpeng" → word "sygedagpeng"). */
export function describeFeature(key: string): { kind: FeatureKind; text: string } {
  const kind = KIND_OF_PREFIX.get(key.slice(0, 2)) ?? 'word';
  return { kind, text: KIND_OF_PREFIX.has(key.slice(0, 2)) ? key.slice(2) : key };
}

function letterCount(token: string): number {
  return token.match(LETTER)?.length ?? 0;
}

/** A token worth a feature: two letters or more, not a function word or greeting. */
function contentToken(token: string): boolean {
  return letterCount(token) >= 2 && !STOPWORDS.has(token) && !EXTRA_STOPWORDS.has(token);
}

/**
 * How much one occurrence in this field counts: a subject word twice a body word (a "Vedr.:" line found
 * in a letter once more, as it is also counted in the letter), OCR text by the quality fields.ts gave it.
 */
function fieldWeight(field: TextField): number {
  if (field.kind === 'subject' && field.name === undefined) return FEATURE_SETTINGS.subjectWeight;
  if (!field.ocr) return 1;
  const base = field.kind === 'subject' ? FIELD_WEIGHTS.subjectLine : field.name === undefined ? FIELD_WEIGHTS.body : FIELD_WEIGHTS.attachment;
  return Math.min(1, Math.max(0.1, field.weight / base));
}

/** Normalised, without addresses, links and digit runs, cut into segments that word pairs stay inside. */
function segments(text: string): string[] {
  const cleaned = normaliseText(text.replace(EMAIL_OR_URL, ' ')).replace(DIGIT_RUN, ' ');
  return cleaned.split(SEGMENT_END);
}

function add(counts: Map<string, number>, key: string, weight: number): void {
  counts.set(key, (counts.get(key) ?? 0) + weight);
}

function countField(counts: Map<string, number>, text: string, weight: number): void {
  const { charGramLength: n, minCharGramWord, charGramWeight } = FEATURE_SETTINGS;
  for (const segment of segments(text)) {
    let previous: string | undefined;
    for (const token of tokenise(segment)) {
      if (!contentToken(token)) continue;
      const stemmed = stem(token);
      add(counts, featureKey('word', stemmed), weight);
      if (previous !== undefined) add(counts, featureKey('bigram', `${previous} ${stemmed}`), weight);
      previous = stemmed;
      const letters = [...token];
      if (letters.length < minCharGramWord) continue;
      for (let i = 0; i + n <= letters.length; i += 1) {
        add(counts, featureKey('chars', letters.slice(i, i + n).join('')), weight * charGramWeight);
      }
    }
  }
}

const byValueThenKey = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The features of an item for the learned model, sorted by key. Values are log(1 + weighted count),
 * capped, and multiples of 1/1024 so that counts add up exactly in any order. Same content, same map.
 */
export function featuresOf(content: ExtractedContent, options: FeatureOptions = {}): Map<string, number> {
  const maxFeatures = options.maxFeatures ?? FEATURE_SETTINGS.maxFeatures;
  const counts = new Map<string, number>();
  let budget: number = FEATURE_SETTINGS.maxChars;
  for (const field of textFields(content)) {
    if (budget <= 0) break;
    const text = field.text.slice(0, Math.min(budget, FEATURE_SETTINGS.maxCharsPerField));
    budget -= text.length;
    countField(counts, text, fieldWeight(field));
  }
  const valued: [string, number][] = [];
  for (const [key, count] of counts) {
    const value = quantise(Math.min(FEATURE_SETTINGS.maxValue, Math.log1p(count)));
    if (value > 0) valued.push([key, value]);
  }
  const kept = valued.sort(byValueThenKey).slice(0, maxFeatures);
  return new Map(kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
