// Compiles the OS2KLE weighted terms and the emne titles (and any extra vocabulary a tenant adds) into a
// stemmed index, once per classifier. With a Danish dictionary, each compound term also indexes its head
// ("affaldsspand" → "spand"), weakly and only where the head is specific to few emner: the vocabulary is
// generalised by rule over the whole plan, not by words chosen per emne (docs/vocabulary.md).
import { newStemmer } from 'snowball-stemmers';
import { groupOf, type KleCatalog } from './kle-catalog.js';
import { baseForm, familySizes, headOf, inflects, type Lexicon } from './morphology/index.js';
import { isNumeric, words } from './normalise.js';
import { GENERIC_WORDS, STOPWORDS } from './wordlists.js';

export type StemFn = (word: string) => string;
/** 'compound': a part of a compound term of OS2KLE or a title; 'everyday': a tenant's extra vocabulary. */
export type TermSource = 'os2kle' | 'title' | 'everyday' | 'compound';

export interface TermPosting {
  nr: string;
  weight: number;
  source: TermSource;
}

/** Extra vocabulary: [emne, OS2KLE-style weight, terms]. */
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
  /** Danish dictionary stems for compound splitting in the text; without it, parts are found by length. */
  lexicon?: Lexicon;
}

/** Weight for a whole emne title, and for each part of a title split at "/", ",", "og" … */
const TITLE_WEIGHT = 50;
const TITLE_PART_WEIGHT = 20;
const TITLE_WORD_WEIGHT = 5;
const MIN_TITLE_WORD = 5;
const MIN_STEM_LENGTH = 3;
const SHORT_STEM = 4;
/**
 * A compound's part is weaker evidence than the compound ("spand" says less than "affaldsspand"), and is
 * indexed only when it has MIN_PART_LETTERS letters and points at no more than MAX_PART_EMNER emner
 * (≈1 % of the plan): "område" or "tilskud" as a part says nothing.
 */
const PART_SHARE = 0.3;
const MIN_PART_LETTERS = 5;
const MAX_PART_EMNER = 24;
/**
 * A part that begins or ends more than this many dictionary words is a general Danish word ("penge",
 * "plads", "stol"): rare in KLE's terms, common in letters. Set from the dictionary (≈0.04 % of it).
 */
const MAX_PART_FAMILY = 40;

export { inflects };

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

type Source = [nr: string, text: string, weight: number, source: TermSource];

/**
 * Parts of the one-word compound terms, as weak terms of the same emner. Heads of OS2KLE's compounds
 * fill gaps in the vocabulary ("affaldsspand" → "spand"), they do not move words it has: a head that is
 * already a one-word term ("hund" from "Mårhund") is left as it is. An emne's own title names its subject,
 * so both parts of a one-word title or title part are its terms even where the word is a term elsewhere
 * ("Rottebekæmpelse" → "rotte", "bekæmpelse"). Parts shorter than MIN_PART_LETTERS letters, parts that
 * would point at more than MAX_PART_EMNER emner, and general words (MAX_PART_FAMILY) are left out.
 */
export function compoundPartTerms(sources: readonly Source[], lexicon: Lexicon, stem: StemFn): Source[] {
  const parts = new Map<string, Map<string, Source>>();
  const fromTitle = new Set<string>();
  const emnerOf = new Map<string, Set<string>>();
  const add = (nr: string, part: string, weight: number, title: boolean): void => {
    if (part.length < MIN_PART_LETTERS || STOPWORDS.has(part)) return;
    const key = stem(part);
    const byNr = parts.get(key) ?? new Map<string, Source>();
    const seen = byNr.get(nr);
    if (!seen || weight * PART_SHARE > seen[2]) byNr.set(nr, [nr, part, weight * PART_SHARE, 'compound']);
    parts.set(key, byNr);
    if (title) fromTitle.add(`${key} ${nr}`);
  };
  for (const [nr, text, weight, source] of sources) {
    const all = words(text);
    if (all.length !== 1 || !all[0]) continue;
    const key = stem(all[0]);
    emnerOf.set(key, (emnerOf.get(key) ?? new Set()).add(nr));
    if (source === 'everyday') continue;
    const split = headOf(all[0], lexicon);
    if (!split) continue;
    const title = source === 'title' && weight >= TITLE_PART_WEIGHT;
    add(nr, split.head, weight, title);
    if (title) add(nr, split.modifier, weight, true);
  }
  const baseOf = new Map<string, string>();
  for (const byNr of parts.values()) for (const [, part] of byNr) baseOf.set(part[1], baseForm(part[1], lexicon));
  const family = familySizes(new Set(baseOf.values()), lexicon);
  const general = (part: Source): boolean => (family.get(baseOf.get(part[1]) ?? part[1]) ?? 0) > MAX_PART_FAMILY;
  const derived: Source[] = [];
  for (const [key, byNr] of parts) {
    if (byNr.size > MAX_PART_EMNER || [...byNr.values()].some(general)) continue;
    for (const [nr, part] of byNr) if (!emnerOf.has(key) || fromTitle.has(`${key} ${nr}`)) derived.push(part);
  }
  return derived;
}

export function compileTermIndex(catalog: KleCatalog, extra: ExtraTerms = [], lexicon?: Lexicon): TermIndex {
  const stem = createStemmer();
  const isStopword = (word: string): boolean => STOPWORDS.has(word);
  const genericStems = new Set([...GENERIC_WORDS].map(stem));
  const byKey = new Map<string, Entry>();
  // Emner in which a stem occurs in any term: "kommun" inside many phrases is common.
  const stemEmner = new Map<string, Set<string>>();
  const sources = termSources(catalog, extra);
  if (lexicon) sources.push(...compoundPartTerms(sources, lexicon, stem));

  for (const [nr, text, weight, source] of sources) {
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
  return { stem, single, phrases, isStopword, ...(lexicon ? { lexicon } : {}) };
}
