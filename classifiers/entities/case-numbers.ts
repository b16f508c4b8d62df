// Case references as citizens and authorities write them: "j.nr. 2026-004211", "Jeres ref.: 24/18734",
// "Sagsnr. 27.36.04-G01-123-26".
//
// Rules:
// - Only cued identifiers count. Cues and kinds (see CaseNumberKind): "Jeres/Deres/Din ref.|reference|
//   j.nr.|sagsnr." → 'their-ref'; "Vores/Vor/Min ref.|reference|j.nr.|sagsnr." → 'our-ref';
//   "j.nr.", "jnr.", "journalnr.", "journal nr.", "journalnummer" → 'journal'; "sagsnr.", "sags-nr.",
//   "sag nr.", "sagsnummer", "sagsid", "ref.nr.", "referencenr.", "referencenummer" → 'case'.
// - After the cue: separators (":", ",", ".", "#", "=" and spaces, a line break), optionally "er"/"lyder på".
// - The identifier: letters, digits, "-", "/", "." (no spaces), at most 40 characters, with at least one
//   digit — "Vores ref.: MHA" or "Jeres ref.: Hanne Jensen" name a person, not a case. Trailing punctuation
//   is stripped ("2026-004211." at the end of a sentence).
// - OCR repair: inside a group of the identifier (the characters between "-", "/", ".") that has at least
//   two real digits and otherwise only l, I, O or o, those letters are read as 1 and 0 ("2026-0042ll" →
//   "2026-004211", "2O26" → "2026"). Groups with any other letter ("S2026", "G01", "KSD") are left alone,
//   so real letter prefixes survive. `ocrRepaired` says when this happened.
import type { CaseNumberKind, CaseNumberMatch } from './types.js';

const REF = 'ref(?:erence)?\\.?(?:[ ]?nr\\.?)?';
const JNR = 'j\\.?[ ]?nr\\.?';
const SAGSNR = 'sags?[ .-]?nr\\.?';
const CUES: readonly [CaseNumberKind, string][] = [
  ['their-ref', `(?:jeres|deres|din)[ ]+(?:${REF}|${JNR}|${SAGSNR}|sagsnummer(?:et)?)`],
  ['our-ref', `(?:vores|vor|min)[ ]+(?:${REF}|${JNR}|${SAGSNR}|sagsnummer(?:et)?)`],
  ['journal', `journal[ -]?(?:nr\\.?|nummer(?:et)?)|${JNR}|jnr\\.?`],
  ['case', `sags?[ -]?nummer(?:et)?|${SAGSNR}|sags-?id|ref\\.?[ ]?nr\\.?|reference[ -]?(?:nr\\.?|nummer(?:et)?)`],
];
const CUE = new RegExp(
  // A cue ends after a dot, or where no letter or digit follows ("ref. NR5" is "ref." and "NR5").
  `(?<![\\p{L}\\p{N}])(?:${CUES.map(([, source], i) => `(?<k${i}>${source})`).join('|')})(?:(?<=\\.)|(?![\\p{L}\\p{N}]))`,
  'giu',
);
const GAP = /[ \t:,.#=]{0,5}(?:\r?\n[ \t]*)?(?:(?:er|lyder på)(?![\p{L}\p{N}])[ \t]*:?[ \t]*)?/iuy;
const IDENTIFIER = /[\p{L}\p{N}][\p{L}\p{N}\-/.]*/uy;
const MAX_LENGTH = 40;
const TRAILING = /[-/.]+$/u;
const KLE_CASE = /^(\d{2}\.\d{2}\.\d{2})-[A-Za-z]\d{2}(?:-|$)/u;

/** The KLE emne `NN.NN.NN` of a KLE-shaped case number (`27.36.04-G01-123-26`), else null. */
export function kleFromCaseNumber(value: string): string | null {
  return KLE_CASE.exec(value.trim())?.[1] ?? null;
}

/** Reads l/I as 1 and O/o as 0 in the digit groups of an identifier (see the rules at the top). */
export function repairOcrDigits(identifier: string): string {
  return identifier
    .split(/([-/.])/u)
    .map((group) => {
      if (!/^[\dlIOo]+$/u.test(group) || (group.match(/\d/gu) ?? []).length < 2) return group;
      return group.replace(/[lI]/gu, '1').replace(/[Oo]/gu, '0');
    })
    .join('');
}

function kindOf(groups: Record<string, string | undefined> | undefined): CaseNumberKind | null {
  for (let i = 0; i < CUES.length; i += 1) {
    const entry = CUES[i];
    if (entry && groups?.[`k${i}`] !== undefined) return entry[0];
  }
  return null;
}

/** Cued case references in a text, in order. */
export function findCaseNumbers(text: string): CaseNumberMatch[] {
  const found: CaseNumberMatch[] = [];
  let consumed = 0;
  for (const cue of text.matchAll(CUE)) {
    const kind = kindOf(cue.groups);
    // A cue-like piece inside an identifier already read ("KSD-JNR.5") is part of it.
    if (kind === null || cue.index < consumed) continue;
    GAP.lastIndex = cue.index + cue[0].length;
    GAP.exec(text);
    IDENTIFIER.lastIndex = GAP.lastIndex;
    const identifier = IDENTIFIER.exec(text);
    if (!identifier) continue;
    const written = identifier[0].replace(TRAILING, '');
    if (identifier[0].length > MAX_LENGTH + 1 || written.length > MAX_LENGTH || !/\p{N}/u.test(written)) continue;
    consumed = identifier.index + identifier[0].length;
    const value = repairOcrDigits(written);
    const kle = kleFromCaseNumber(value);
    found.push({
      kind,
      value,
      cue: cue[0],
      ...(kle ? { kle } : {}),
      ocrRepaired: value !== written,
      index: identifier.index,
      length: written.length,
    });
  }
  return found;
}
