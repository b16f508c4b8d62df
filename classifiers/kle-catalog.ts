// The KLE emneplan as data, and the lookups the classifiers need. Loading it from disk is an edge
// concern (worker/adapters/kle-data.ts); here it arrives parsed.

export type KleLevel = 1 | 2 | 3;

/** One hovedgruppe (level 1), gruppe (level 2) or emne (level 3), as in classifiers/data/kle.json. */
export interface KleItem {
  nr: string;
  title: string;
  level: KleLevel;
  parent: string | null;
  /** Removed from KLE (present in OS2KLE 3.22, gone in 3.23): recognised, never returned as an answer. */
  retired: boolean;
  /** OS2KLE classification terms with their weights (higher = stronger evidence; 1000 ≈ decisive). */
  keywords: [term: string, weight: number][];
}

export interface KleData {
  items: KleItem[];
}

export interface KleCatalog {
  get(nr: string): KleItem | undefined;
  title(nr: string): string | undefined;
  /** A level-3 emne that exists in the current KLE. */
  isCurrentEmne(nr: string): boolean;
  isRetired(nr: string): boolean;
  parent(nr: string): string | undefined;
  /** The current emner, in KLE order. */
  currentEmner(): readonly KleItem[];
  retiredNumbers(): ReadonlySet<string>;
}

const LEVEL_PATTERNS: readonly [RegExp, KleLevel][] = [
  [/^\d{2}$/, 1],
  [/^\d{2}\.\d{2}$/, 2],
  [/^\d{2}\.\d{2}\.\d{2}$/, 3],
];

/** The level a well-formed KLE number would have, or null for anything else. */
export function kleLevel(nr: string): KleLevel | null {
  for (const [pattern, level] of LEVEL_PATTERNS) if (pattern.test(nr)) return level;
  return null;
}

/** `xx.yy` of an emne or gruppe number. */
export function groupOf(nr: string): string {
  return nr.slice(0, 5);
}

export function createKleCatalog(data: KleData): KleCatalog {
  const byNr = new Map<string, KleItem>();
  for (const item of data.items) byNr.set(item.nr, item);
  const current = data.items.filter((item) => item.level === 3 && !item.retired);
  const retired = new Set(data.items.filter((item) => item.retired).map((item) => item.nr));

  return {
    get: (nr) => byNr.get(nr),
    title: (nr) => byNr.get(nr)?.title,
    isCurrentEmne: (nr) => {
      const item = byNr.get(nr);
      return item !== undefined && item.level === 3 && !item.retired;
    },
    isRetired: (nr) => retired.has(nr),
    parent: (nr) => byNr.get(nr)?.parent ?? undefined,
    currentEmner: () => current,
    retiredNumbers: () => retired,
  };
}
