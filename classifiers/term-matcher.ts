// Finds the compiled terms in an item's text fields: whole words, multi-word phrases and compounds.
// With a Danish dictionary in the index, a compound is split where both parts are real words
// ("skraldespanden" → skrald + spanden); without one, its longest known prefix and head are taken.
import type { FieldKind, TextField } from './fields.js';
import { splitCompound } from './morphology/index.js';
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
// A dictionary-checked part may be shorter ("hund" in "hundeluftning"): both sides are known words.
// Counted in letters as written, as the stem of "rotte" is "rot".
const MIN_CHECKED_PART = 4;
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

/** Words split so far, per index; dropped when full so a long-running worker stays bounded. */
const PARTS_CACHE_SIZE = 50_000;
const partsCache = new WeakMap<TermIndex, Map<string, CompiledTerm[]>>();

function cachedParts(index: TermIndex, word: string, minPart: number): CompiledTerm[] {
  let cache = partsCache.get(index);
  if (!cache) partsCache.set(index, (cache = new Map()));
  const key = `${minPart}:${word}`;
  let parts = cache.get(key);
  if (!parts) {
    parts = checkedParts(index, word, minPart);
    if (cache.size >= PARTS_CACHE_SIZE) cache.clear();
    cache.set(key, parts);
  }
  return parts;
}

/** The longest known head and longest known modifier among the dictionary's splits of `word`. */
function checkedParts(index: TermIndex, word: string, minPart: number): CompiledTerm[] {
  if (!index.lexicon) return [];
  let head: CompiledTerm | undefined;
  let modifier: CompiledTerm | undefined;
  for (const split of splitCompound(word, index.lexicon)) {
    if (!head) {
      const s = index.stem(split.head);
      const term = split.head.length >= minPart ? index.single.get(s) : undefined;
      if (term && acceptsWord(term, split.head, s, false)) head = term;
    }
    // Splits come longest head first, so the last modifier found is the longest.
    const s = index.stem(split.modifier);
    const term = split.modifier.length >= minPart ? index.single.get(s) : undefined;
    if (term && acceptsWord(term, split.modifier, s, false)) modifier = term;
  }
  return [head, modifier].filter((term): term is CompiledTerm => term !== undefined);
}

function derivedOnly(term: CompiledTerm): boolean {
  return term.postings.every((posting) => posting.source === 'compound');
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
      if (index.lexicon) {
        const parts = cachedParts(index, tokens[at] ?? '', field.ocr ? MIN_OCR_PART : MIN_CHECKED_PART);
        // A part derived from compound terms repeats their emner: beside the whole word it says nothing new.
        for (const part of new Set(parts)) if (!exact || !derivedOnly(part)) record(part, field, 'compound', COMPOUND_FACTOR);
        return;
      }
      const prefix = longestPrefixTerm(index, stem, minPart);
      if (prefix) record(prefix, field, 'compound', COMPOUND_FACTOR);
      const head = longestHeadTerm(index, stem, minPart);
      if (head) record(head, field, 'compound', COMPOUND_FACTOR);
    });
  }
  return [...matches.values()];
}
