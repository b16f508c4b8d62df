// Sensitive topics of an item: children's and young people's welfare, health, criminal matters. Such
// items need stricter handling (who may see them, how long they are kept), so they are flagged with the
// reasons that made them so.
//
// Rules:
// - KLE: an emne under one of KLE_RULES raises its flag outright (34.* barnets lov → children; 29.*
//   sundhed, sickness benefits 32.30.* and 15.17.06, psychiatry and treatment under 27.* → health; youth
//   crime 27.29.*, crime prevention for a person, KSP/PSP → criminal). Administrative groups that concern
//   the system rather than a person (29.03 sygesikring cards, 29.06 financing, 29.30 cooperation, 34.05
//   the council's duties, maternity in 32.30.08/10 and 32.30.16) are excluded.
// - Text: words of the subject, body, attachment names and texts, lowercased and folded by
//   classifiers/normalise.ts, matched as whole words with their inflections (and, where the word is
//   distinctive, inside compounds: "netværksplejefamilie", "statuslægeerklæring"). Each term is strong or
//   weak. A flag needs one strong term or two different weak ones. So one everyday word never flags a
//   letter: "barn" is no term at all, "syg", "bekymret", "politiet", "anbringelse" (also containers on a
//   road) and "underretning" (also any notification) are weak; "lægeerklæring", "børnefaglig
//   undersøgelse", "plejefamilie", "straffeattest" are strong. "behandling" counts only as "behandling
//   for"/"i behandling" (never "behandling af din sag"), "politi…" never as "politik"/"politisk", "vold"
//   never as "voldsom". A word is claimed by one term per flag, and "anmeldt (det) til politiet" is one
//   weak term, not two (a noise complaint says it). Phrases do not run across a sentence or line end.
// - Reasons name the KLE rule or the terms' canonical labels — never the text around them, and named
//   diagnoses and crimes are reported by category ("navngiven diagnose", "forbrydelse"), so a reason
//   stored in a decision does not itself carry the sensitive detail. Weak terms that were not enough are
//   reported too (code sensitive.terms_too_weak), so reviewers can see what almost flagged an item.
import type { ExtractedContent, Reason } from '../core/model.js';
import { textFields, type FieldKind } from './fields.js';
import { normaliseText, tokenise } from './normalise.js';

export type SensitiveFlag = 'children' | 'health' | 'criminal';

export interface SensitiveTopics {
  /** In the order children, health, criminal; each at most once. */
  flags: SensitiveFlag[];
  reasons: Reason[];
}

const FLAGS: readonly SensitiveFlag[] = ['children', 'health', 'criminal'];
const FLAG_NAMES: Record<SensitiveFlag, string> = {
  children: "children's and young people's welfare",
  health: 'health',
  criminal: 'criminal matters',
};

interface KleRule {
  prefix: string;
  flag: SensitiveFlag;
  why: string;
  except?: string[];
}

export const KLE_RULES: readonly KleRule[] = [
  { prefix: '34', flag: 'children', why: 'hjælp og støtte efter barnets lov', except: ['34.05'] },
  { prefix: '27.29', flag: 'children', why: 'ungdomskriminalitet' },
  { prefix: '27.29', flag: 'criminal', why: 'ungdomskriminalitet' },
  { prefix: '27.25.12', flag: 'children', why: 'individuel kriminalpræventiv indsats (SSP)' },
  { prefix: '27.25.12', flag: 'criminal', why: 'individuel kriminalpræventiv indsats (SSP)' },
  { prefix: '29', flag: 'health', why: 'sundhed', except: ['29.00.04', '29.03', '29.06', '29.30'] },
  { prefix: '32.30', flag: 'health', why: 'dagpenge ved sygdom', except: ['32.30.08', '32.30.10', '32.30.16'] },
  { prefix: '15.17.06', flag: 'health', why: 'sygedagpengeopfølgning' },
  { prefix: '15.17.18', flag: 'health', why: 'rehabilitering' },
  { prefix: '15.17.22', flag: 'health', why: 'ressourceforløb' },
  { prefix: '15.17.26', flag: 'health', why: 'jobafklaringsforløb' },
  { prefix: '32.15.40', flag: 'health', why: 'bidrag i forbindelse med sygdom' },
  { prefix: '32.16.40', flag: 'health', why: 'bidrag i forbindelse med sygdom' },
  { prefix: '27.51', flag: 'health', why: 'behandling efter serviceloven' },
  { prefix: '27.57.20', flag: 'health', why: 'særlige pladser på psykiatrisk afdeling' },
  { prefix: '27.60.36', flag: 'health', why: 'hastigt fremadskridende sygdom' },
  { prefix: '27.63.04', flag: 'health', why: 'pasning af nærtstående med alvorlig sygdom' },
  { prefix: '27.12.26', flag: 'health', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '27.12.30', flag: 'health', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '34.15.53', flag: 'health', why: 'lægelig undersøgelse og behandling uden samtykke' },
  { prefix: '14.07.07', flag: 'health', why: 'helbredsundersøgelser' },
  { prefix: '81.28', flag: 'health', why: 'sygdom og fravær, personale' },
  { prefix: '81.29', flag: 'health', why: 'arbejdsskader og erhvervssygdomme, personale' },
  { prefix: '27.12.26', flag: 'criminal', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '27.12.30', flag: 'criminal', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '27.12.34', flag: 'criminal', why: 'kriminalforsorg, socialforvaltning og politi (KSP)' },
  { prefix: '27.12.38', flag: 'criminal', why: 'exit-programmer' },
  { prefix: '27.69.36', flag: 'criminal', why: 'kriminalpræventivt tilsyn' },
  { prefix: '32.03.56', flag: 'criminal', why: 'udgifter ved fængsling' },
  { prefix: '34.15.57', flag: 'criminal', why: 'ungdomssanktion' },
  { prefix: '34.15.65', flag: 'criminal', why: 'udslusning af løsladte unge' },
  { prefix: '14.07.08', flag: 'criminal', why: 'straffesager' },
];

type Strength = 'strong' | 'weak';

/**
 * [label, pattern, excluded words]. A pattern is words separated by spaces (a phrase), each word
 * alternatives separated by "|", "*" standing for any letters at the start or end; "~" lets up to
 * three other words stand between two words of a phrase.
 */
type TermSpec = readonly [label: string, pattern: string, not?: string];

const TERMS: Record<SensitiveFlag, Record<Strength, readonly TermSpec[]>> = {
  children: {
    strong: [
      ['underretningspligt', 'underretningspligt*|underretningssag*'],
      ['børnefaglig undersøgelse', 'børnefaglig*|ungefaglig*'],
      ['tvangsfjernelse', 'tvangsfjern*|tvangsanbring*'],
      ['anbringelse uden for hjemmet', 'anbring*|anbragt* uden for hjemmet'],
      ['anbringelsessted', 'anbringelsessted*|anbringelsessag*|akutanbring*|døgnanbring*|netværksanbring*'],
      ['plejefamilie', '*plejefamilie*|plejebarn*|plejebørn*|plejeforæld*|plejemor*|plejefar|plejefaren|plejefars'],
      ['omsorgssvigt', 'omsorgssvigt*'],
      ['mistrivsel', 'mistrivsel*|mistrives|mistrivedes'],
      ['døgninstitution', 'døgninstitution*|familiebehandling*'],
      ['børne- og ungeudvalget', 'børne og ungeudvalg*'],
      ['barnets lov', 'barnets lov|loven|lovs'],
      ['forældrepålæg', 'forældrepålæg*|børnepålæg*|ungepålæg*'],
      ['børnesamtale', 'børnesamtale*'],
      ['ungdomskriminalitetsnævnet', 'ungdomskriminalitetsnævn*'],
    ],
    weak: [
      ['underretning', 'underretning*'],
      ['anbringelse', 'anbring*|anbragt*'],
      ['bekymring', 'bekymr*'],
      ['familieafdelingen', 'familieafdeling*|familieafsnit*|børnerådgiv*|familierådgiv*'],
      ['aflastning', 'aflastning*'],
      ['støtteperson', 'støtteperson*'],
      ['skolefravær', 'skolefravær*'],
      ['udsatte børn', 'udsat|udsatte barn|barnet|børn|børnene|unge'],
    ],
  },
  health: {
    strong: [
      ['lægeerklæring', '*lægeerklæring*|*lægeattest*'],
      ['diagnose', 'diagnos*'],
      ['psykiatri', 'psykiat*'],
      ['sygemelding', 'sygemeld*'],
      ['sygedagpenge', '*sygedagpenge*'],
      ['genoptræning', 'genoptræning*'],
      ['epikrise', 'epikrise*|patientjournal*|lægejournal*|journaloplysning*'],
      ['speciallæge', 'speciallæge*'],
      ['helbredsoplysninger', 'helbredsoplysning*|helbredsmæssig*|uarbejdsdygtig*'],
      ['navngiven diagnose', 'kræft*|cancer*|depression*|depressiv*|demens*|dement|demente|adhd|autisme*|autist*|epilepsi*|sklerose*|diabetes|parkinson*|skizofreni*|bipolar*|angstlidelse*|spiseforstyrrelse*'],
      ['misbrugsbehandling', 'stofmisbrug*|alkoholmisbrug*|misbrugsbehandling*|alkoholbehandling*|misbrugscent*'],
    ],
    weak: [
      ['syg', 'syg|syge|sygt|sygere|sygeste'],
      ['sygdom', 'sygdom*'],
      ['læge', 'læge|lægen|lægens|læger|lægerne|lægelig*|lægebesøg*|lægetid*|praktiserende'],
      ['hospital', 'hospital*|sygehus*|indlæggelse*|indlagt|indlagte|skadestue*'],
      ['medicin', 'medicin*'],
      ['behandling', 'behandling for'],
      ['behandling', 'i behandling'],
      ['behandling', 'behandlingsforløb*|behandlingsplan*'],
      ['operation', 'operation|operationen|opereret|opereres'],
      ['fysioterapi', 'fysioterap*'],
      ['psykolog', 'psykolog*'],
      ['handicap', 'handicap*|funktionsnedsættelse*'],
      ['sygepleje', 'sygepleje*|sundhedspleje*'],
      ['graviditet', 'gravid*|graviditet*'],
      ['patient', 'patient|patienten|patientens|patienter|patienterne'],
      ['helbred', 'helbred|helbredet|helbreds'],
      ['misbrug', 'misbrug|misbruget|misbruger*'],
      ['smerter', 'smerte|smerter|smerterne'],
      ['arbejdsskade', 'arbejdsskade*'],
    ],
  },
  criminal: {
    strong: [
      ['straffeattest', 'straffeattest*|politiattest*'],
      ['fængsel', 'fængsel*|fængsl*|varetægt*', 'fængslende*'],
      ['dom', 'dømt|dømte|domfæld*|domsudskrift*|fængselsdom*|straffedom*'],
      ['dom', 'betinget|ubetinget dom|dommen'],
      ['sigtelse', 'sigtelse*'],
      ['tiltale', 'tiltale|tiltalen|tiltalt|tiltalte|tiltalerejst*|anklageskrift*'],
      ['anholdelse', 'anholdt|anholdte|anholdelse*'],
      ['vold', 'vold|volden|voldelig*|voldsudøv*|voldsoffer*|voldsofre*|partnervold*|voldsepisode*', 'voldsom*'],
      ['forbrydelse', 'voldtægt*|røveri*|drab|drabet|narkotikakriminalitet*'],
      ['kriminalforsorgen', 'kriminalforsorg*'],
      ['ungdomskriminalitet', 'ungdomskriminalitet*'],
      ['straffesag', 'straffesag*|strafferet*|straffelov*'],
    ],
    weak: [
      // "anmeldt det til politiet" is common in a noise complaint: one weak term, not two.
      ['politianmeldelse', 'anmeld* ~ politi|politiet'],
      ['politianmeldelse', 'politi|politiet ~ anmeld*'],
      ['politi', 'politi|politiet|politiets|politibetjent*|politimand|politimanden|politimænd*|politikreds*|politistation*|politiassistent*'],
      ['politianmeldelse', 'politianmeld*'],
      ['anmeldelse', 'anmeld*'],
      ['tyveri', 'tyveri*|indbrud*|stjål*|stjæle*'],
      ['sigtet', 'sigtet'],
      ['dom', 'dom|domme|dommene'],
      ['straf', 'straf|straffen|straffe|strafbar*|strafansvar*|bødeforlæg*'],
      ['kriminalitet', 'kriminel*|kriminalitet*'],
      ['anklage', 'anklage*'],
      ['retten', 'retsmøde*|byret*|landsret*|dommer|dommeren|grundlovsforhør*'],
      ['gerningsmand', 'gerningsmand*|gerningsperson*|forurettede|forurettet'],
      ['narkotika', 'narkotika*|narko|hash|kokain'],
      ['børneattest', 'børneattest*'],
      ['hærværk', 'hærværk*'],
    ],
  },
};

const SENTENCE_END = /[.!?;:\n]+/u;
/** "~" in a pattern: up to MAX_GAP words of any kind ("anmeldt det til politiet"). */
const GAP = '~';
const MAX_GAP = 3;

interface Term {
  label: string;
  flag: SensitiveFlag;
  strength: Strength;
  words: (RegExp | typeof GAP)[];
  not: RegExp | null;
}

function wordPattern(alternatives: string): RegExp {
  const parts = alternatives.split('|').map((alternative) => alternative.replace(/\*/g, '[\\p{L}\\p{N}]*'));
  return new RegExp(`^(?:${parts.join('|')})$`, 'u');
}

// Strong terms claim words first, then phrases before single words ("anmeldt det til politiet" before "politi").
const COMPILED: readonly Term[] = FLAGS.flatMap((flag) =>
  (['strong', 'weak'] as const).flatMap((strength) =>
    TERMS[flag][strength].map(([label, pattern, not]) => ({
      label,
      flag,
      strength,
      words: pattern.split(' ').map((word) => (word === GAP ? GAP : wordPattern(word))),
      not: not ? wordPattern(not) : null,
    })),
  ),
).sort((a, b) => (a.strength === b.strength ? b.words.length - a.words.length : a.strength === 'strong' ? -1 : 1));

interface Hits {
  strong: Set<string>;
  weak: Set<string>;
  fields: Set<FieldKind>;
}

/** Word positions of a term starting at `start`, or null; a gap skips up to MAX_GAP words (not claimed). */
function matchAt(term: Term, tokens: string[], taken: Set<number>, start: number, part = 0): number[] | null {
  const word = term.words[part];
  if (word === undefined) return [];
  if (word === GAP) {
    for (let skip = 0; skip <= MAX_GAP; skip += 1) {
      const rest = matchAt(term, tokens, taken, start + skip, part + 1);
      if (rest) return rest;
    }
    return null;
  }
  const token = tokens[start];
  if (token === undefined || taken.has(start) || !word.test(token) || term.not?.test(token)) return null;
  const rest = matchAt(term, tokens, taken, start + 1, part + 1);
  return rest ? [start, ...rest] : null;
}

/** Terms whose first word a token is, in COMPILED order; memoised per distinct token. */
type Starters = Map<string, Term[]>;

function startersOf(token: string, starters: Starters): Term[] {
  let terms = starters.get(token);
  if (!terms) {
    terms = COMPILED.filter((term) => {
      const first = term.words[0];
      return first !== undefined && first !== GAP && first.test(token) && !term.not?.test(token);
    });
    starters.set(token, terms);
  }
  return terms;
}

/**
 * Finds the terms in one sentence's words. Term by term in COMPILED order, so a word is claimed by at
 * most one term per flag; only where the term's first word occurs (a long scan costs its distinct words).
 */
function matchField(tokens: string[], kind: FieldKind, hits: Record<SensitiveFlag, Hits>, starters: Starters): void {
  const starts = new Map<Term, number[]>();
  tokens.forEach((token, position) => {
    for (const term of startersOf(token, starters)) {
      const positions = starts.get(term);
      if (positions) positions.push(position);
      else starts.set(term, [position]);
    }
  });
  const claimed = new Map<SensitiveFlag, Set<number>>(FLAGS.map((flag) => [flag, new Set<number>()]));
  for (const term of COMPILED) {
    const taken = claimed.get(term.flag) ?? new Set<number>();
    for (const start of starts.get(term) ?? []) {
      const positions = matchAt(term, tokens, taken, start);
      if (!positions) continue;
      for (const position of positions) taken.add(position);
      hits[term.flag][term.strength].add(term.label);
      hits[term.flag].fields.add(kind);
    }
  }
}

function kleReasons(kleNr: string | null): Map<SensitiveFlag, Reason> {
  const found = new Map<SensitiveFlag, Reason>();
  const kle = kleNr?.trim();
  if (!kle) return found;
  const under = (prefix: string): boolean => kle === prefix || kle.startsWith(`${prefix}.`);
  for (const rule of KLE_RULES) {
    if (found.has(rule.flag) || !under(rule.prefix) || rule.except?.some(under)) continue;
    found.set(rule.flag, {
      code: 'sensitive.kle',
      message: `KLE ${kle} is under ${rule.prefix} (${rule.why}): ${FLAG_NAMES[rule.flag]}`,
      data: { flag: rule.flag, kle, rule: rule.prefix },
    });
  }
  return found;
}

const quoted = (labels: Set<string>): string => [...labels].map((label) => `"${label}"`).join(', ');

/** Flags children's welfare, health and criminal matters from the item's KLE and its words. */
export function detectSensitiveTopics(content: ExtractedContent, kleNr: string | null): SensitiveTopics {
  const hits = Object.fromEntries(
    FLAGS.map((flag) => [flag, { strong: new Set<string>(), weak: new Set<string>(), fields: new Set<FieldKind>() }]),
  ) as Record<SensitiveFlag, Hits>;
  const seen = new Set<string>();
  const starters: Starters = new Map();
  for (const field of textFields(content)) {
    if (seen.has(field.text)) continue;
    seen.add(field.text);
    // Phrases never run across a sentence or a line ("… kvittering for anmeldelse\nPolitiet har …").
    for (const sentence of normaliseText(field.text).split(SENTENCE_END)) matchField(tokenise(sentence), field.kind, hits, starters);
  }

  const byKle = kleReasons(kleNr);
  const flags: SensitiveFlag[] = [];
  const reasons: Reason[] = [];
  for (const flag of FLAGS) {
    const { strong, weak, fields } = hits[flag];
    const fromKle = byKle.get(flag);
    const fromText = strong.size > 0 || weak.size >= 2;
    if (fromKle) reasons.push(fromKle);
    const data = { flag, strong: [...strong], weak: [...weak], fields: [...fields] };
    if (fromText) {
      const said = [strong.size ? `strong ${quoted(strong)}` : '', weak.size ? `weak ${quoted(weak)}` : ''].filter(Boolean).join('; ');
      reasons.push({ code: 'sensitive.terms', message: `terms of ${FLAG_NAMES[flag]}: ${said}`, data });
    } else if (weak.size === 1) {
      reasons.push({
        code: 'sensitive.terms_too_weak',
        message: `one weak term of ${FLAG_NAMES[flag]} (${quoted(weak)}) is not enough on its own`,
        data,
      });
    }
    if (fromKle || fromText) flags.push(flag);
  }
  return { flags, reasons };
}
