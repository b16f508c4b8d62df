// Everyday vocabulary: the words a citizen, business or partner uses for a subject ("skraldespand",
// "sygemeldt", "børnehave"), where OS2KLE holds the administration's words ("dagrenovation",
// "sygedagpengeopfølgning", "dagtilbud"). It covers the WHOLE plan evenly, gruppe by gruppe, so the
// classifier does not know everyday words only for the subjects some corpus happened to contain.
//
// Rules of inclusion (tested in ./index.test.ts):
// - Source: the KLE gruppe title, its emner's titles and general knowledge of Danish municipal life ONLY.
//   Nothing was chosen by reading the dev corpus or any letters; the removed everyday-terms list was not used.
// - Evenly: every current gruppe (level 2, not retired) has 3–8 terms.
// - Specific: a word that would fit several grupper is left out or written as a specific phrase
//   ("tømning af skraldespand", not "tømning"); no term appears twice; no names of persons, municipalities,
//   firms or products (names of national public bodies and schemes a citizen writes — "udbetaling danmark",
//   "mitid" — are kept: they name a subject); no letter phrasings ("jeg skriver fordi …"); lower-case Danish;
//   a single word has at least 4 letters (shorter ones — "sfo", "ppr" — match too much as stems).
// - Pointing: a term names the gruppe's "i almindelighed" emne NN.NN.00 (every current gruppe has one as a
//   current emne in KLE Feb 2026). A minority of terms — [term, 'NN'] in the data — name a more specific emne
//   of the gruppe where they plainly belong there ("carport" → 02.34.24, byggearbejder uden byggetilladelse).
// - Weight: one a-priori weight, EVERYDAY_WEIGHT = 15 on the OS2KLE scale (OS2KLE: 89 % of terms weigh 5,
//   decisive ones 1000; a whole emne title weighs 50, a title part 20, a title word 5). An everyday word is a
//   plainer hint than a title part (it was not written by KL), but names a subject more surely than one of
//   OS2KLE's many weight-5 synonyms or a single title word. It was not tuned on any corpus.
import type { ExtraTerms } from '../terms.js';
import { GROUPS_00_09 } from './groups-00-09.js';
import { GROUPS_09_24 } from './groups-09-24.js';
import { GROUPS_24_54 } from './groups-24-54.js';
import { GROUPS_81_88 } from './groups-81-88.js';
import type { GroupVocabulary, VocabularyEntry } from './types.js';

export type { GroupVocabulary, VocabularyEntry } from './types.js';

export const EVERYDAY_WEIGHT = 15;

/** Gruppe nr → its everyday terms, the whole plan. */
export const EVERYDAY_VOCABULARY: GroupVocabulary = { ...GROUPS_00_09, ...GROUPS_09_24, ...GROUPS_24_54, ...GROUPS_81_88 };

/** The emne a term names: the gruppe's NN.NN.00, or the specific emne the entry gives. */
export function emneOf(gruppe: string, entry: VocabularyEntry): string {
  return typeof entry === 'string' ? `${gruppe}.00` : `${gruppe}.${entry[1]}`;
}

export function termOf(entry: VocabularyEntry): string {
  return typeof entry === 'string' ? entry : entry[0];
}

/** The vocabulary in the classifier's `extraTerms` format: one row per emne named. */
export function everydayExtraTerms(vocabulary: GroupVocabulary = EVERYDAY_VOCABULARY, weight = EVERYDAY_WEIGHT): ExtraTerms {
  const byEmne = new Map<string, string[]>();
  for (const [gruppe, entries] of Object.entries(vocabulary)) {
    for (const entry of entries) {
      const nr = emneOf(gruppe, entry);
      byEmne.set(nr, [...(byEmne.get(nr) ?? []), termOf(entry)]);
    }
  }
  return [...byEmne].map(([nr, terms]) => [nr, weight, terms] as const);
}
