// Danish inflection endings, shared by the term index (which surface forms a short term accepts) and the
// compound splitter (whether a compound's head is an inflected dictionary word: "spanden" → "spand").
// A fixed list from Danish grammar (definite/plural/genitive endings of nouns), not from any text.

const INFLECTIONS: ReadonlySet<string> = new Set(['', 'e', 'en', 'er', 'erne', 'et', 'ets', 'ens', 's', 'es', 'n', 'r', 'ne', 'ene', 'ernes']);
/** After a final -e the endings lose theirs: værelse → værelset, rotte → rotterne. */
const AFTER_E: ReadonlySet<string> = new Set(['t', 'ts', 'rne', 'rnes', 'ns', 'rs']);

/** "rotter" inflects "rotte", "passet" inflects "pas"; "nettet" does not inflect "nets". */
export function inflects(word: string, base: string): boolean {
  if (!word.startsWith(base)) return false;
  const rest = word.slice(base.length);
  if (INFLECTIONS.has(rest)) return true;
  if (base.endsWith('e') && AFTER_E.has(rest)) return true;
  // Doubled final consonant: pas → passet, bus → busser.
  return rest.length > 1 && rest[0] === base[base.length - 1] && INFLECTIONS.has(rest.slice(1));
}

/** The bases a word may be an inflection of, longest first ("spanden" → spanden, spande, spand). */
export function possibleBases(word: string): string[] {
  const bases: string[] = [];
  for (let end = word.length; end >= Math.max(1, word.length - 6); end--) {
    const base = word.slice(0, end);
    if (inflects(word, base)) bases.push(base);
  }
  return bases;
}
