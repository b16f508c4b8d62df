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

import { FLAGS, FLAG_NAMES, KLE_RULES, TERMS, type SensitiveFlag, type SensitiveTopics, type Strength } from './sensitive-terms.js';

export { KLE_RULES } from './sensitive-terms.js';
export type { SensitiveFlag, SensitiveTopics } from './sensitive-terms.js';
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
