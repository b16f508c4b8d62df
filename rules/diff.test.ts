import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffRuleSets, isEmptyDiff } from './diff.js';
import { parseRuleFile } from './schema.js';

const sample = JSON.parse(readFileSync(join(import.meta.dirname, '../samples/rules.json'), 'utf8')) as { kleRoutes: { id?: string; destination: string }[]; contentRoutes: unknown[] };

describe('rule set diff', () => {
  const before = parseRuleFile(sample);

  it('finds nothing between a rule set and itself', () => {
    expect(isEmptyDiff(diffRuleSets(before, parseRuleFile(structuredClone(sample))))).toBe(true);
  });

  it('names added, removed and changed rules by id', () => {
    const edited = structuredClone(sample);
    const [first, second, ...rest] = edited.kleRoutes;
    edited.kleRoutes = [{ ...first!, destination: first!.destination === 'KY' ? 'KSD' : 'KY' }, ...rest];
    const after = parseRuleFile(edited);
    const diff = diffRuleSets(before, after);
    const firstId = before.kleRoutes[0]!.id;
    const secondId = before.kleRoutes[1]!.id;
    expect(diff.changed).toEqual([firstId]);
    expect(diff.removed).toEqual([secondId]);
    expect(diff.added).toEqual([]);
    void second;
  });

  it('treats everything as added when there was no rule set before', () => {
    const diff = diffRuleSets(undefined, before);
    expect(diff.added.length).toBe(before.kleRoutes.length + before.contentRoutes.length + before.rules.length);
    expect(diff.destinationsAdded).toContain(before.rest.id);
  });
});
