// Finds the compiled terms in an item's text fields: whole words, multi-word phrases and compounds.
import type { FieldKind, TextField } from './fields.js';
import { words } from './normalise.js';
import { inflects, type CompiledTerm, type TermIndex } from './terms.js';

export type MatchKind = 'word' | 'phrase' | 'compound';

export interface TermMatch {
  term: CompiledTerm;
  /** The strongest place it was found. */
  field: FieldKind;
  fieldName?: string;
  how: MatchKind;
  /** Field weight × how much this kind of match is trusted, at the strongest place. */
  strength: number;
  /** Occurrences over all fields. */
  count: number;
}

/** Compound parts are weaker evidence than whole words: "rotte" in "rottefælde" is likely, not certain. */
const COMPOUND_FACTOR = 0.5;
const PHRASE_BONUS_PER_WORD = 0.3;
const MAX_PHRASE_FACTOR = 2;
// A compound part must be a real word (≥5 letters of stem) and leave a real word beside it.
const MIN_PART = 5;
const MIN_PREFIX_REST = 3;
const MIN_HEAD_MODIFIER = 2;
// OCR garbage matches short words by chance ("pas", "sne"); only longer stems count there.
const MIN_OCR_STEM = 4;
const MIN_OCR_PART = 6;
// Longer "words" are base64, URLs or OCR run-ons; compound search on them would be quadratic.
const MAX_WORD_LENGTH = 40;

function longestPrefixTerm(index: TermIndex, stem: string, minPart: number): CompiledTerm | undefined {
  for (let end = stem.length - MIN_PREFIX_REST; end >= minPart; end--) {
    const term = index.single.get(stem.slice(0, end));
    if (term) return term;
  }
  return undefined;
}

function longestHeadTerm(index: TermIndex, stem: string, minPart: number): CompiledTerm | undefined {
  for (let start = MIN_HEAD_MODIFIER; stem.length - start >= minPart; start++) {
    const term = index.single.get(stem.slice(start));
    if (term) return term;
  }
  return undefined;
}

function acceptsWord(term: CompiledTerm, word: string, stem: string, ocr: boolean): boolean {
  if (ocr && stem.length < MIN_OCR_STEM) return false;
  return !term.surfaces || [...term.surfaces].some((base) => inflects(word, base));
}

function phraseAt(stems: readonly string[], at: number, term: CompiledTerm): boolean {
  return term.stems.every((s, offset) => stems[at + offset] === s);
}

export function matchTerms(index: TermIndex, fields: readonly TextField[]): TermMatch[] {
  const matches = new Map<CompiledTerm, TermMatch>();
  const record = (term: CompiledTerm, field: TextField, how: MatchKind, factor: number): void => {
    const strength = field.weight * factor;
    const seen = matches.get(term);
    if (!seen) {
      matches.set(term, { term, field: field.kind, ...(field.name ? { fieldName: field.name } : {}), how, strength, count: 1 });
      return;
    }
    seen.count += 1;
    if (strength > seen.strength) Object.assign(seen, { field: field.kind, fieldName: field.name, how, strength });
  };

  for (const field of fields) {
    if (field.weight <= 0) continue;
    const tokens = words(field.text).filter((word) => word.length <= MAX_WORD_LENGTH && !index.isStopword(word));
    const stems = tokens.map(index.stem);
    const minPart = field.ocr ? MIN_OCR_PART : MIN_PART;
    stems.forEach((stem, at) => {
      const exact = index.single.get(stem);
      if (exact && acceptsWord(exact, tokens[at] ?? '', stem, field.ocr)) record(exact, field, 'word', 1);
      for (const phrase of index.phrases.get(stem) ?? []) {
        if (!phraseAt(stems, at, phrase)) continue;
        const factor = Math.min(MAX_PHRASE_FACTOR, 1 + PHRASE_BONUS_PER_WORD * (phrase.stems.length - 1));
        record(phrase, field, 'phrase', factor);
      }
      const prefix = longestPrefixTerm(index, stem, minPart);
      if (prefix) record(prefix, field, 'compound', COMPOUND_FACTOR);
      const head = longestHeadTerm(index, stem, minPart);
      if (head) record(head, field, 'compound', COMPOUND_FACTOR);
    });
  }
  return [...matches.values()];
}
