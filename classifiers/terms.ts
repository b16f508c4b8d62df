// Compiles the OS2KLE weighted terms, the emne titles and the everyday terms into a stemmed index,
// once per classifier.
import { newStemmer } from 'snowball-stemmers';
import { groupOf, type KleCatalog } from './kle-catalog.js';
import { isNumeric, words } from './normalise.js';
import { GENERIC_WORDS, STOPWORDS } from './wordlists.js';

export type StemFn = (word: string) => string;
export type TermSource = 'os2kle' | 'title' | 'everyday';

export interface TermPosting {
  nr: string;
  weight: number;
  source: TermSource;
}

/** Extra vocabulary: [emne, OS2KLE-style weight, terms] (see everyday-terms.ts). */
export type ExtraTerms = readonly (readonly [nr: string, weight: number, terms: readonly string[]])[];

export interface CompiledTerm {
  /** The term as written in its source (first spelling seen), for reasons. */
  text: string;
  stems: readonly string[];
  /**
   * For a single word with a short stem: its spellings. Stemming folds "nettet" and "Nets" together,
   * so a short word only matches itself and its inflections (see `inflects`).
   */
  surfaces?: ReadonlySet<string>;
  postings: TermPosting[];
  /** Inverse document frequency over emner and over grupper: rare terms say more. */
  emneIdf: number;
  groupIdf: number;
  /** Letter boilerplate and municipal words that occur in almost every letter ("kommune", "ansøgning"). */
  generic: boolean;
}

export interface TermIndex {
  stem: StemFn;
  /** Single-word terms by stem. */
  single: ReadonlyMap<string, CompiledTerm>;
  /** Multi-word terms by their first stem. */
  phrases: ReadonlyMap<string, readonly CompiledTerm[]>;
  isStopword(word: string): boolean;
}

/** Weight for a whole emne title, and for each part of a title split at "/", ",", "og" … */
const TITLE_WEIGHT = 50;
const TITLE_PART_WEIGHT = 20;
const TITLE_WORD_WEIGHT = 5;
const MIN_TITLE_WORD = 5;
const MIN_STEM_LENGTH = 3;
const SHORT_STEM = 4;
const INFLECTIONS = new Set(['', 'e', 'en', 'er', 'erne', 'et', 'ets', 'ens', 's', 'es', 'n', 'r', 'ne', 'ene', 'ernes']);

/** "rotter" inflects "rotte", "passet" inflects "pas"; "nettet" does not inflect "nets". */
export function inflects(word: string, base: string): boolean {
  if (!word.startsWith(base)) return false;
  const rest = word.slice(base.length);
  if (INFLECTIONS.has(rest)) return true;
  // Doubled final consonant: pas → passet, bus → busser.
  return rest.length > 1 && rest[0] === base[base.length - 1] && INFLECTIONS.has(rest.slice(1));
}

/** Words stemmed so far are remembered; the memo is dropped when full so a long-running worker stays bounded. */
const STEM_CACHE_SIZE = 100_000;

export function createStemmer(): StemFn {
  const stemmer = newStemmer('danish');
  const cache = new Map<string, string>();
  return (word) => {
    let stemmed = cache.get(word);
    if (stemmed === undefined) {
      stemmed = isNumeric(word) ? word : stemmer.stem(word);
      if (cache.size >= STEM_CACHE_SIZE) cache.clear();
      cache.set(word, stemmed);
    }
    return stemmed;
  };
}

/**
 * "Snerydning og glatførebekæmpelse" → the whole title, its parts, and each longer word on its own
 * (weak: "sygedagpenge" alone points at "Udbetaling af sygedagpenge"). "i almindelighed" says nothing.
 */
export function titleTerms(title: string): [string, number][] {
  const core = title.replace(/\s+i almindelighed\s*$/i, '').replace(/\[[^\]]*\]/g, '').trim();
  const parts = core
    .split(/\s*(?:[/,;()]|\s-\s|\bog\b|\beller\b|\bsamt\b)\s*/i)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part !== core);
  const single = words(core).filter((word) => word.length >= MIN_TITLE_WORD && !STOPWORDS.has(word));
  return [
    [core, TITLE_WEIGHT],
    ...parts.map((part): [string, number] => [part, TITLE_PART_WEIGHT]),
    ...single.map((word): [string, number] => [word, TITLE_WORD_WEIGHT]),
  ];
}

interface Entry {
  text: string;
  stems: string[];
  surfaces: Set<string>;
  postings: Map<string, TermPosting>;
}

function termSources(catalog: KleCatalog, extra: ExtraTerms): [nr: string, text: string, weight: number, source: TermSource][] {
  const all: [string, string, number, TermSource][] = [];
  for (const emne of catalog.currentEmner()) {
    for (const [text, weight] of emne.keywords) all.push([emne.nr, text, weight, 'os2kle']);
    for (const [text, weight] of titleTerms(emne.title)) all.push([emne.nr, text, weight, 'title']);
  }
  for (const [nr, weight, texts] of extra) {
    if (!catalog.isCurrentEmne(nr)) continue;
    for (const text of texts) all.push([nr, text, weight, 'everyday']);
  }
  return all;
}

export function compileTermIndex(catalog: KleCatalog, extra: ExtraTerms = []): TermIndex {
  const stem = createStemmer();
  const isStopword = (word: string): boolean => STOPWORDS.has(word);
  const genericStems = new Set([...GENERIC_WORDS].map(stem));
  const byKey = new Map<string, Entry>();
  // Emner in which a stem occurs in any term: "kommun" inside many phrases is common.
  const stemEmner = new Map<string, Set<string>>();

  for (const [nr, text, weight, source] of termSources(catalog, extra)) {
    const all = words(text);
    const content = all.filter((word) => !isStopword(word));
    const stems = content.map(stem);
    // "hvad søges der om" is not the word "søg": a phrase reduced to one word lost its meaning.
    if (stems.length === 1 && all.length >= 3) continue;
    if (!stems.some((s) => !isNumeric(s) && s.length >= MIN_STEM_LENGTH)) continue;
    const key = stems.join(' ');
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { text, stems, surfaces: new Set(), postings: new Map() }));
    if (stems.length === 1 && content[0]) entry.surfaces.add(content[0]);
    const seen = entry.postings.get(nr);
    if (!seen || weight > seen.weight) entry.postings.set(nr, { nr, weight, source });
    for (const s of stems) {
      let set = stemEmner.get(s);
      if (!set) stemEmner.set(s, (set = new Set()));
      set.add(nr);
    }
  }

  const emner = catalog.currentEmner();
  const groupCount = new Set(emner.map((emne) => groupOf(emne.nr))).size;
  const idf = (total: number, df: number): number => Math.log(1 + total / Math.max(1, df));
  const single = new Map<string, CompiledTerm>();
  const phrases = new Map<string, CompiledTerm[]>();

  for (const entry of byKey.values()) {
    const postings = [...entry.postings.values()];
    const first = entry.stems[0] ?? '';
    // A single word is as common as the phrases that contain it; a phrase is judged on its own.
    const inEmner = entry.stems.length === 1 ? [...(stemEmner.get(first) ?? [])] : postings.map((p) => p.nr);
    const term: CompiledTerm = {
      text: entry.text,
      stems: entry.stems,
      ...(entry.stems.length === 1 && first.length <= SHORT_STEM ? { surfaces: entry.surfaces } : {}),
      postings,
      emneIdf: idf(emner.length, Math.max(postings.length, inEmner.length)),
      groupIdf: idf(groupCount, new Set(inEmner.map(groupOf)).size),
      generic: entry.stems.every((s) => genericStems.has(s) || isNumeric(s)),
    };
    if (entry.stems.length === 1) single.set(first, term);
    else {
      const list = phrases.get(first);
      if (list) list.push(term);
      else phrases.set(first, [term]);
    }
  }
  return { stem, single, phrases, isStopword };
}
