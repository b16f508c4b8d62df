// Scores emner and grupper from the matched terms, keeping for each emne the terms that made its score.
import type { Reason } from '../core/model.js';
import { groupOf } from './kle-catalog.js';
import type { TermMatch } from './term-matcher.js';
import type { CompiledTerm, TermSource } from './terms.js';

export interface Contribution {
  match: TermMatch;
  weight: number;
  source: TermSource;
  value: number;
}

export interface TermScores {
  emner: Map<string, { score: number; contributions: Contribution[] }>;
  groups: Map<string, number>;
  /** Distinct non-generic terms found in the whole text, whichever emner they point at. */
  termsFound: number;
}

/** A generic word ("kommune", "ansøgning") keeps a tenth of its value: it may tip a tie, never decide. */
const GENERIC_FACTOR = 0.1;
const IDF_POWER = 1.5;
/**
 * A term found again adds a little, up to a bound: repetition is evidence, but a term quoted in every
 * reply of a thread is one fact said often, and one long letter must not swamp a subject.
 */
const REPEAT_BONUS = 0.15;
const MAX_REPEAT_FACTOR = 1.5;

/**
 * OS2KLE weight → multiplier. Most terms have weight 5; 20–100 mark strong terms, 1000 near-decisive
 * form codes. Logarithmic, so a 1000-term is worth about three ordinary ones, not two hundred.
 */
export function weightFactor(weight: number): number {
  if (weight <= 0) return 0;
  return Math.min(3, Math.max(0.3, 1 + 0.75 * Math.log10(weight / 5)));
}

/** Several words in a row ("cpr number"), not one hyphenated word ("Cd-rom", "p-afgift"). */
export function isPhrase(match: TermMatch): boolean {
  return match.how === 'phrase' && /\s/u.test(match.term.text.trim());
}

/** Danish compounds are long; the words Danish shares with English ("test", "system", "design") are short. */
const LONG_WORD = /^\p{L}{10,}$/u;

/** A long word found whole ("pladsanvisning", "sygedagpenge"). */
export function isLongWord(match: TermMatch): boolean {
  return match.how === 'word' && LONG_WORD.test(match.term.text.trim());
}

function matchValue(match: TermMatch, idf: number, wordFactor: number): number {
  const repeat = Math.min(MAX_REPEAT_FACTOR, 1 + REPEAT_BONUS * (match.count - 1));
  const kind = isPhrase(match) ? 1 : wordFactor;
  return match.strength * repeat * kind * idf ** IDF_POWER * (match.term.generic ? GENERIC_FACTOR : 1);
}

/** Multiplier per emne (see prior.ts); 1 when every emne is equally likely. */
export type EmnePrior = (nr: string) => number;

/**
 * Scores every emne and gruppe from the matches. `wordFactor` scales single words and compound parts
 * (not phrases): below 1 for a text that is not Danish, where "test" or "design" is an English word.
 */
export function scoreTerms(matches: readonly TermMatch[], prior: EmnePrior = () => 1, wordFactor = 1): TermScores {
  const emner = new Map<string, { score: number; contributions: Contribution[] }>();
  const groups = new Map<string, number>();
  for (const match of matches) {
    const emneValue = matchValue(match, match.term.emneIdf, wordFactor);
    const groupFactors = new Map<string, number>();
    for (const { nr, weight, source } of match.term.postings) {
      const factor = weightFactor(weight) * prior(nr);
      const value = emneValue * factor;
      let entry = emner.get(nr);
      if (!entry) emner.set(nr, (entry = { score: 0, contributions: [] }));
      entry.score += value;
      entry.contributions.push({ match, weight, source, value });
      const group = groupOf(nr);
      groupFactors.set(group, Math.max(factor, groupFactors.get(group) ?? 0));
    }
    // A term shared by several emner of one gruppe counts once for the gruppe, at its highest weight.
    const groupValue = matchValue(match, match.term.groupIdf, wordFactor);
    for (const [group, factor] of groupFactors) groups.set(group, (groups.get(group) ?? 0) + groupValue * factor);
  }
  for (const entry of emner.values()) entry.contributions.sort((a, b) => b.value - a.value);
  const termsFound = matches.filter((match) => !match.term.generic).length;
  return { emner, groups, termsFound };
}

/**
 * How much independent evidence an emne has: one piece per distinct non-generic term, two for a phrase
 * (its words agree with each other, as a stray word cannot), nothing for a term that is part of a
 * longer one also found ("pas" in "nyt pas") or a compound part of one ("sygedag" in "sygedagpenge").
 * Repeating one term, in the subject and the body or in every quoted reply, is still one piece.
 */
export function independentEvidence(contributions: readonly Contribution[]): number {
  const found = contributions.filter((c) => !c.match.term.generic).map((c) => c.match);
  const size = (term: CompiledTerm): number => term.stems.join(' ').length;
  const partOf = (inner: TermMatch, outer: TermMatch): boolean =>
    size(outer.term) > size(inner.term) &&
    inner.term.stems.every((s) => outer.term.stems.some((o) => (inner.how === 'compound' ? o.includes(s) : o === s)));
  const independent = found.filter((match) => !found.some((other) => partOf(match, other)));
  return independent.reduce((sum, match) => sum + (isPhrase(match) ? 2 : 1), 0);
}

/** The top contributions of one emne as reasons: which term, its weight, where it was found. */
export function termReasons(contributions: readonly Contribution[], limit = 5): Reason[] {
  return contributions.slice(0, limit).map(({ match, weight, source, value }) => ({
    code: 'classify.term_matched',
    message: `"${match.term.text}" (weight ${weight}) found in ${match.field}${match.fieldName ? ` (${match.fieldName})` : ''}${
      match.how === 'compound' ? ' as part of a compound' : ''
    }`,
    data: {
      term: match.term.text,
      weight,
      source,
      field: match.field,
      ...(match.fieldName ? { fieldName: match.fieldName } : {}),
      how: match.how,
      count: match.count,
      generic: match.term.generic,
      value: Math.round(value * 100) / 100,
    },
  }));
}
