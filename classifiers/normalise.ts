// Danish text normalisation and tokenising, shared by the term index and the text being classified, so
// both sides fold the same way.

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// "sygedag-\npenge" split over two lines is one word; a hyphen before a capital starts a new one.
const LINE_BREAK_HYPHEN = /(\p{L})[-‐‑][ \t]*\r?\n[ \t]*(\p{Ll})/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Lowercases and folds a text: Unicode compatibility forms (OCR ligatures), invisible characters,
 * words hyphenated over a line break, and the old spelling 'aa' → 'å' (Aabenraa, Nørreaa).
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(LINE_BREAK_HYPHEN, '$1$2')
    .toLowerCase()
    .replace(/aa/g, 'å');
}

/** Words of an already normalised text; punctuation and hyphens separate words ("el-kørestol" → el, kørestol). */
export function tokenise(normalised: string): string[] {
  return normalised.match(WORD) ?? [];
}

/** normaliseText + tokenise. */
export function words(text: string): string[] {
  return tokenise(normaliseText(text));
}

/** True for a token made only of digits (house numbers, dates, amounts), which never identifies a topic. */
export function isNumeric(token: string): boolean {
  return /^\p{N}+$/u.test(token);
}
