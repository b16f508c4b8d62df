// The candidate index: from a compiled rule list, the rules that CAN match an item's facts (a superset
// of those that do), in evaluation order. Each rule with a requirement (requirements.ts) is filed
// under its alternatives — exact maps for equality, KLE emner and prefixes and sender domains, and
// one Aho–Corasick automaton per (fact, normalisation) for text literals —; rules without one are
// always candidates. A rule that is not a candidate provably does not match: its required condition
// (`requirement.leaves`) is false for the item.
import type { CompiledRule } from '../compile.js';
import { domainOf, normalizeDomain, type RoutingFacts } from '../facts.js';
import { stringsOf } from '../text.js';
import { LiteralMatcher } from './aho-corasick.js';
import { NORMALIZERS, requirementOf, type Normalizer, type Requirement } from './requirements.js';

type Key = string | number | boolean | null;

interface TextIndex {
  fact: string;
  normalize: (text: string) => string;
  matcher: LiteralMatcher;
  /** Literal id → rule positions. */
  rules: number[][];
}

export interface Candidates {
  /** Positions (in the compiled rule list) of the rules to evaluate, ascending = evaluation order. */
  positions: number[];
  /** 1 at a rule's position when it is a candidate. */
  isCandidate: Uint8Array;
}

export interface IndexStats {
  rules: number;
  /** Rules without an indexable requirement: evaluated for every item. */
  alwaysEvaluated: number;
  byKind: Record<'value' | 'kle' | 'domain' | 'text', number>;
}

export class CandidateIndex {
  /** Per rule position: its requirement, or null when it is always evaluated. */
  readonly requirements: (Requirement | null)[];
  readonly stats: IndexStats;
  private readonly always: number[] = [];
  private readonly values = new Map<string, Map<Key, number[]>>();
  private readonly kleExact = new Map<string, Map<string, number[]>>();
  private readonly klePrefix = new Map<string, Map<string, number[]>>();
  /** Per fact: the prefix lengths present (3 for `NN.`, 6 for `NN.NN.`). */
  private readonly klePrefixLengths = new Map<string, number[]>();
  private readonly domains = new Map<string, Map<string, number[]>>();
  private readonly texts = new Map<string, TextIndex>();

  constructor(rules: readonly CompiledRule[]) {
    this.requirements = rules.map((rule) => requirementOf(rule.conditions));
    const byKind = { value: 0, kle: 0, domain: 0, text: 0 };
    this.requirements.forEach((requirement, position) => {
      if (requirement === null) {
        this.always.push(position);
        return;
      }
      for (const alt of requirement.alternatives) {
        byKind[alt.kind] += 1;
        switch (alt.kind) {
          case 'value':
            file(inner(this.values, alt.fact), alt.key, position);
            break;
          case 'kle':
            if (alt.exact !== undefined) file(inner(this.kleExact, alt.fact), alt.exact, position);
            if (alt.prefix !== undefined) {
              file(inner(this.klePrefix, alt.fact), alt.prefix, position);
              const lengths = this.klePrefixLengths.get(alt.fact) ?? [];
              if (!lengths.includes(alt.prefix.length)) this.klePrefixLengths.set(alt.fact, [...lengths, alt.prefix.length]);
            }
            break;
          case 'domain':
            file(inner(this.domains, alt.fact), alt.domain, position);
            break;
          case 'text': {
            const text = this.textIndex(alt.fact, alt.normalizer);
            const id = text.matcher.add(alt.literal);
            (text.rules[id] ??= []).push(position);
            break;
          }
        }
      }
    });
    for (const text of this.texts.values()) text.matcher.build();
    this.stats = { rules: rules.length, alwaysEvaluated: this.always.length, byKind };
  }

  /** The rules that can match these facts, in evaluation order. */
  candidates(facts: RoutingFacts): Candidates {
    const isCandidate = new Uint8Array(this.requirements.length);
    const mark = (positions: readonly number[] | undefined): void => {
      if (positions) for (const position of positions) isCandidate[position] = 1;
    };
    mark(this.always);
    const factOf = (fact: string): unknown => (facts as unknown as Record<string, unknown>)[fact];

    for (const [fact, map] of this.values) {
      const value = factOf(fact);
      // Only primitives can be === to a primitive key; Map lookup is === for them (no NaN keys).
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) mark(map.get(value as Key));
    }
    for (const fact of new Set([...this.kleExact.keys(), ...this.klePrefix.keys()])) {
      const value = factOf(fact);
      if (typeof value !== 'string') continue; // kleIn's fact validator: strings only
      const kle = value.trim();
      mark(this.kleExact.get(fact)?.get(kle));
      const prefixes = this.klePrefix.get(fact);
      for (const length of this.klePrefixLengths.get(fact) ?? []) {
        if (kle.length >= length) mark(prefixes?.get(kle.slice(0, length)));
      }
    }
    for (const [fact, map] of this.domains) {
      const value = factOf(fact);
      if (typeof value !== 'string') continue; // domainIn's fact validator: strings only
      const domain = value.includes('@') ? domainOf(value) : normalizeDomain(value);
      if (domain === null) continue;
      // The domain itself and every parent domain: `a.b.dk`, `b.dk`, `dk`.
      for (let from = 0; from >= 0; from = nextDot(domain, from)) mark(map.get(domain.slice(from)));
    }
    for (const text of this.texts.values()) {
      for (const haystack of stringsOf(factOf(text.fact))) {
        text.matcher.scan(text.normalize(haystack), (id) => mark(text.rules[id]));
      }
    }

    const positions: number[] = [];
    for (let position = 0; position < isCandidate.length; position += 1) {
      if (isCandidate[position] === 1) positions.push(position);
    }
    return { positions, isCandidate };
  }

  private textIndex(fact: string, normalizer: Normalizer): TextIndex {
    const key = `${normalizer}\u0000${fact}`;
    let text = this.texts.get(key);
    if (!text) {
      text = { fact, normalize: NORMALIZERS[normalizer], matcher: new LiteralMatcher(), rules: [] };
      this.texts.set(key, text);
    }
    return text;
  }
}

/** Position after the next dot at or after `from`, or -1 when there is none. */
function nextDot(domain: string, from: number): number {
  const dot = domain.indexOf('.', from);
  return dot < 0 ? -1 : dot + 1;
}

function inner<K>(outer: Map<string, Map<K, number[]>>, fact: string): Map<K, number[]> {
  let map = outer.get(fact);
  if (!map) {
    map = new Map();
    outer.set(fact, map);
  }
  return map;
}

function file<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== position) list.push(position);
  } else {
    map.set(key, [position]);
  }
}
