// The shape of the everyday vocabulary's data files, apart from the code that reads them (./index.ts), so
// the data files import no code and no cycle arises.

/** A term for the gruppe's "i almindelighed" emne, or [term, two-digit emne suffix] for a specific emne. */
export type VocabularyEntry = string | readonly [term: string, emne: string];

/** Gruppe nr ("05.07") → its everyday terms. */
export type GroupVocabulary = Readonly<Record<string, readonly VocabularyEntry[]>>;
