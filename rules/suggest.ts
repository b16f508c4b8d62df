// Rule suggestions from history: when staff keep placing post with the same trait — a sender domain, a
// CVR, a KLE gruppe, a recurring subject word — at the same destination, and the rules do not route it
// there, propose the rule. Each suggestion carries its support (how many items) and precision (how often
// items with that trait went to that destination) and is a ready rule-file fragment.
import { normaliseText } from '../classifiers/normalise.js';

export interface HistoryItem {
  itemId: string;
  /** Where a person says it belongs (a confirmation → the destination of its KLE). */
  destination: string;
  /** Where the rules sent it (null: parked). */
  routedTo: string | null;
  senderDomain: string | null;
  senderCvr: string | null;
  kle: string | null;
  subject: string | null;
}

export type SuggestionTrait = { kind: 'senderDomain'; value: string } | { kind: 'senderCvr'; value: string } | { kind: 'kleGroup'; value: string } | { kind: 'subjectTerm'; value: string };

export interface RuleSuggestion {
  trait: SuggestionTrait;
  destination: string;
  /** Items with the trait that belong to the destination. */
  support: number;
  /** support / items with the trait. */
  precision: number;
  /** Of the supporting items, how many the current rules did not route there (what the rule would fix). */
  wouldFix: number;
  examples: string[];
  /** A rule-file fragment: `{ kleRoutes: [...] }`, `{ contentRoutes: [...] }` or `{ rules: [...] }`. */
  rule: Record<string, unknown[]>;
}

export interface SuggestOptions {
  minSupport?: number;
  minPrecision?: number;
  max?: number;
}

// Words that recur in subjects without saying where a letter belongs.
const SUBJECT_NOISE = new Set(['vedrørende', 'angående', 'henvendelse', 'spørgsmål', 'ansøgning', 'svar', 'videresend', 'vedr', 'kommune', 'nørreå', 'hilsen', 'venlig', 'tak']);

function traitsOf(item: HistoryItem): SuggestionTrait[] {
  const traits: SuggestionTrait[] = [];
  if (item.senderDomain) traits.push({ kind: 'senderDomain', value: item.senderDomain.toLowerCase() });
  if (item.senderCvr) traits.push({ kind: 'senderCvr', value: item.senderCvr });
  if (item.kle && /^\d\d\.\d\d\.\d\d$/.test(item.kle)) traits.push({ kind: 'kleGroup', value: item.kle.slice(0, 5) });
  const words = new Set(normaliseText(item.subject ?? '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 6 && !SUBJECT_NOISE.has(w)));
  for (const word of words) traits.push({ kind: 'subjectTerm', value: word });
  return traits;
}

function ruleFor(trait: SuggestionTrait, destination: string): Record<string, unknown[]> {
  const id = `forslag-${trait.kind}-${trait.value}`.replace(/[^A-Za-z0-9æøåÆØÅ._-]+/g, '-').slice(0, 80);
  switch (trait.kind) {
    case 'kleGroup':
      return { kleRoutes: [{ id, pattern: `${trait.value}.*`, destination, comment: 'suggested from history' }] };
    case 'subjectTerm':
      return { contentRoutes: [{ id, subjectContains: [trait.value], destination, comment: 'suggested from history' }] };
    case 'senderDomain':
      return { rules: [{ name: id, conditions: { all: [{ fact: 'senderDomain', operator: 'domainIn', value: [trait.value] }] }, event: { type: 'route', params: { destination } } }] };
    case 'senderCvr':
      return { rules: [{ name: id, conditions: { all: [{ fact: 'sender', operator: 'equal', value: trait.value }, { fact: 'senderIdType', operator: 'equal', value: 'CVR' }] }, event: { type: 'route', params: { destination } } }] };
  }
}

export function suggestRules(history: readonly HistoryItem[], options: SuggestOptions = {}): RuleSuggestion[] {
  const minSupport = options.minSupport ?? 3;
  const minPrecision = options.minPrecision ?? 0.9;
  const stats = new Map<string, { trait: SuggestionTrait; total: number; byDestination: Map<string, HistoryItem[]> }>();
  for (const item of history) {
    for (const trait of traitsOf(item)) {
      const key = `${trait.kind}:${trait.value}`;
      const entry = stats.get(key) ?? { trait, total: 0, byDestination: new Map() };
      entry.total++;
      entry.byDestination.set(item.destination, [...(entry.byDestination.get(item.destination) ?? []), item]);
      stats.set(key, entry);
    }
  }
  const suggestions: RuleSuggestion[] = [];
  for (const { trait, total, byDestination } of stats.values()) {
    for (const [destination, items] of byDestination) {
      const precision = items.length / total;
      const wouldFix = items.filter((i) => i.routedTo !== destination).length;
      if (items.length < minSupport || precision < minPrecision || wouldFix === 0) continue;
      suggestions.push({ trait, destination, support: items.length, precision: Math.round(precision * 1000) / 1000, wouldFix, examples: items.slice(0, 3).map((i) => i.itemId), rule: ruleFor(trait, destination) });
    }
  }
  return suggestions
    .sort((a, b) => b.wouldFix - a.wouldFix || b.precision - a.precision || b.support - a.support || `${a.trait.kind}${a.trait.value}`.localeCompare(`${b.trait.kind}${b.trait.value}`))
    .slice(0, options.max ?? 50);
}

/** A draft rule file: the current one with the suggestion's rule added at the end of its list. */
export function withSuggestion(ruleFile: Record<string, unknown>, suggestion: RuleSuggestion): Record<string, unknown> {
  const draft: Record<string, unknown> = structuredClone(ruleFile);
  for (const [list, entries] of Object.entries(suggestion.rule)) draft[list] = [...((draft[list] as unknown[] | undefined) ?? []), ...entries];
  return draft;
}
