// What changed between two rule sets, rule by rule: for the configuration audit and for the journal
// function reviewing a draft before publishing it.
import type { RuleSet } from './schema.js';

export interface RuleSetDiff {
  added: string[];
  removed: string[];
  changed: string[];
  destinationsAdded: string[];
  destinationsRemoved: string[];
  destinationsChanged: string[];
}

type Keyed = { id: string };

function byId<T extends Keyed>(list: readonly T[]): Map<string, string> {
  return new Map(list.map((entry) => [entry.id, stableJson(entry)]));
}

/** Every rule of a rule set by id, whichever form it came in. */
function rulesOf(ruleSet: RuleSet | undefined): Map<string, string> {
  if (!ruleSet) return new Map();
  return new Map([...byId(ruleSet.contentRoutes), ...byId(ruleSet.kleRoutes), ...byId(ruleSet.rules)]);
}

function compare(before: Map<string, string>, after: Map<string, string>): { added: string[]; removed: string[]; changed: string[] } {
  const added = [...after.keys()].filter((id) => !before.has(id)).sort();
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort();
  const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id)).sort();
  return { added, removed, changed };
}

export function diffRuleSets(before: RuleSet | undefined, after: RuleSet): RuleSetDiff {
  const rules = compare(rulesOf(before), rulesOf(after));
  const destinations = compare(
    byId(before ? [...before.destinations, before.rest] : []),
    byId([...after.destinations, after.rest]),
  );
  return {
    ...rules,
    destinationsAdded: destinations.added,
    destinationsRemoved: destinations.removed,
    destinationsChanged: destinations.changed,
  };
}

export function isEmptyDiff(diff: RuleSetDiff): boolean {
  return Object.values(diff).every((list) => list.length === 0);
}

/** JSON with sorted keys, so equal rules compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
