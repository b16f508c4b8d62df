// Danish compound splitting checked against a dictionary: "skraldespanden" → skrald(e) + spanden,
// "sygedagpengeopfølgning" → sygedagpenge + opfølgning. Both parts must be real words (the modifier
// possibly with a linking -s- or -e-, the head possibly inflected), so "nettet" never yields "net" +
// "tet". Used on both sides of the term index: an OS2KLE compound also indexes its head, and a citizen's
// compound is matched through its parts. Pure: the dictionary arrives as a Lexicon.
import { possibleBases } from './inflection.js';
import type { Lexicon } from './lexicon.js';

export interface CompoundSplit {
  /** The modifier as written, linking letter removed ("skrald"). */
  modifier: string;
  /** The linking letter ("e", "s") or "". */
  fuge: string;
  /** The head as written, inflection kept ("spanden"). */
  head: string;
}

/** Danish linking morphemes (fuger): affaldSspand, skraldEspand, and none: bolig|indretning. */
const FUGER = ['', 's', 'e'] as const;
/**
 * Shorter parts are too often chance ("pas" in "kompas"): a modifier needs three letters or more, a head
 * four ("ten" in "billetten" is a word, but not the head), and each word of a two-word modifier four.
 */
export const MIN_COMPOUND_PART = 3;
const MIN_HEAD = 4;
const MIN_INNER_PART = 4;
/**
 * Prefixes and verbal particles are not modifiers: "tilskud" is not til + skud, "misbrug" not mis + brug.
 * A closed class of Danish grammar (prepositions, adverbial particles, the prefixes gen-, mis-, sam-).
 */
const PARTICLES: ReadonlySet<string> = new Set(
  'af an bag be efter for fore frem fra gen gennem hen ind med mis mod ned om op over på sam til ud und under ved'.split(' '),
);

/** A dictionary word or an inflection of one ("spanden", "opfølgningen"). */
export function isWordForm(word: string, lexicon: Lexicon): boolean {
  return possibleBases(word).some((base) => base.length >= MIN_COMPOUND_PART && lexicon.has(base));
}

/** A modifier is a dictionary word as it stands; its linking letter was taken off by the caller. */
function isModifier(word: string, lexicon: Lexicon): boolean {
  return word.length >= MIN_COMPOUND_PART && !PARTICLES.has(word) && lexicon.has(word);
}

/**
 * Every way to cut `word` into modifier + fuge + head with both parts real words, the longest head
 * first. A modifier may itself be a compound of two dictionary words ("hundelufter" + "service" needs
 * no entry for "hundelufter"); the head is the last component, so it is one dictionary word.
 */
export function splitCompound(word: string, lexicon: Lexicon): CompoundSplit[] {
  // An inflected dictionary word is split in its base form, its ending kept on the head: "boligen" is
  // bolig + en, not bol + igen; "skraldespanden" is skraldespand + en = skralde + spanden.
  const base = possibleBases(word).find((candidate) => candidate.length >= MIN_COMPOUND_PART && lexicon.has(candidate));
  if (base !== undefined && base !== word) {
    const ending = word.slice(base.length);
    return splitBase(base, lexicon).map((split) => ({ ...split, head: split.head + ending }));
  }
  return splitBase(word, lexicon);
}

function splitBase(word: string, lexicon: Lexicon): CompoundSplit[] {
  const splits: CompoundSplit[] = [];
  for (let cut = MIN_COMPOUND_PART; cut <= word.length - MIN_HEAD; cut++) {
    const head = word.slice(cut);
    if (!isWordForm(head, lexicon)) continue;
    const left = word.slice(0, cut);
    for (const fuge of FUGER) {
      if (!left.endsWith(fuge)) continue;
      const modifier = left.slice(0, left.length - fuge.length);
      if (isModifier(modifier, lexicon) || isTwoWords(modifier, lexicon)) {
        splits.push({ modifier, fuge, head });
        break;
      }
    }
  }
  return splits;
}

/** A modifier made of two dictionary words, without looking further. */
function isTwoWords(word: string, lexicon: Lexicon): boolean {
  for (let cut = MIN_INNER_PART; cut <= word.length - MIN_INNER_PART; cut++) {
    const right = word.slice(cut);
    if (PARTICLES.has(right) || !lexicon.has(right)) continue;
    const left = word.slice(0, cut);
    const isPart = (fuge: string): boolean => {
      const modifier = left.slice(0, left.length - fuge.length);
      return left.endsWith(fuge) && modifier.length >= MIN_INNER_PART && isModifier(modifier, lexicon);
    };
    if (FUGER.some(isPart)) return true;
  }
  return false;
}

/** The split with the longest head that is still a real compound, or undefined for a simple word. */
export function headOf(word: string, lexicon: Lexicon): CompoundSplit | undefined {
  return splitCompound(word, lexicon)[0];
}

/** The shortest dictionary base of a word form ("aftener" → "aften"), or the word itself. */
export function baseForm(word: string, lexicon: Lexicon): string {
  const bases = possibleBases(word).filter((base) => base.length >= MIN_COMPOUND_PART && lexicon.has(base));
  return bases[bases.length - 1] ?? word;
}

/**
 * How many longer dictionary words begin or end with each of `parts`: a rough measure of how general a
 * word is in Danish ("penge", "plads", "område" form a hundred compounds; "rotte", "spand" a dozen). One
 * pass over the dictionary, looking up each word's prefixes and suffixes.
 */
export function familySizes(parts: ReadonlySet<string>, lexicon: Lexicon): Map<string, number> {
  const sizes = new Map<string, number>();
  let longest = 0;
  for (const part of parts) longest = Math.max(longest, part.length);
  for (const word of lexicon) {
    const seen = new Set<string>();
    for (let length = MIN_COMPOUND_PART; length < word.length && length <= longest; length++) {
      for (const piece of [word.slice(0, length), word.slice(word.length - length)]) {
        if (parts.has(piece) && !seen.has(piece)) {
          seen.add(piece);
          sizes.set(piece, (sizes.get(piece) ?? 0) + 1);
        }
      }
    }
  }
  return sizes;
}
