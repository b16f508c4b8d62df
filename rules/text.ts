// Text matching for routing rules: Danish-aware folding so "KONTANTHJÆLP", "kontanthjælp" and
// "kontanthjaelp" compare equal, without letting "å" collapse into a plain "a".

/** Danish and neighbouring letters written as the two-letter forms people type without a Danish keyboard. */
const LETTER_FOLDS: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe' };
const FOLDABLE = /[æøåäö]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const WHITESPACE = /\s+/g;

/**
 * Lower-cases, spells æ/ø/å (and ä/ö) as ae/oe/aa, strips other diacritics (é → e) and collapses
 * whitespace. Both sides of a comparison are folded, so æ/ø/å still match themselves and
 * "Aabenraa" matches "Åbenrå".
 */
export function foldText(input: string): string {
  return input
    .normalize('NFC')
    .toLowerCase()
    .replace(FOLDABLE, (letter) => LETTER_FOLDS[letter] ?? letter)
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(WHITESPACE, ' ');
}

/** Plain case-insensitive form: what the routing table's `subjectContains` promises, nothing more. */
export function lowerText(input: string): string {
  return input.normalize('NFC').toLowerCase();
}

/** The first needle found in the haystack after both are normalised with `normalize`, or null. */
export function findNeedle(
  haystack: string,
  needles: readonly string[],
  normalize: (text: string) => string,
): string | null {
  const folded = normalize(haystack);
  return needles.find((needle) => folded.includes(normalize(needle))) ?? null;
}

/** Strings of a fact value: a string, or the strings of an array (e.g. attachmentNames); else none. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
