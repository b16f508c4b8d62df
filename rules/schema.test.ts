import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRuleFile, RuleFileError, type RuleFileIssue } from './schema.js';

const devRules: unknown = JSON.parse(readFileSync(new URL('../test/fixtures/dev/rules.json', import.meta.url), 'utf8'));
const destinations = [
  { id: 'KY', name: 'Kommunernes Ydelsessystem' },
  { id: 'KSD', name: 'Kommunernes Sygedagpengesystem' },
];

function issuesOf(json: unknown): RuleFileIssue[] {
  try {
    parseRuleFile(json);
  } catch (error) {
    if (error instanceof RuleFileError) return error.issues;
    throw error;
  }
  throw new Error('expected a RuleFileError');
}

const ruleWith = (patch: Record<string, unknown>) => ({
  name: 'Sygedagpenge fra arbejdsgiver',
  conditions: { all: [{ fact: 'subject', operator: 'containsText', value: 'sygedagpenge' }] },
  event: { type: 'route', params: { destination: 'KSD' } },
  ...patch,
});

describe('parseRuleFile', () => {
  it('loads the municipality routing table', () => {
    const ruleSet = parseRuleFile(devRules);
    expect(ruleSet.destinations).toHaveLength(8);
    expect(ruleSet.rest).toEqual({ id: 'rest', name: 'Restpostkasse (postfordeling@noerreaa.dk)' });
    expect(ruleSet.kleRoutes[0]).toEqual({ id: 'kle:32.30.*', pattern: '32.30.*', destination: 'KSD', comment: 'Dagpenge ved sygdom og barsel' });
    expect(ruleSet.contentRoutes[1]?.subjectContains).toEqual(['faktura', 'kreditnota', 'betalingspåmindelse']);
    expect(ruleSet.rules).toEqual([]);
  });

  it('normalises json-rules-engine rules: default priority 250, name as id', () => {
    const ruleSet = parseRuleFile({ destinations, rules: [ruleWith({}), ruleWith({ name: undefined, priority: 10 })] });
    expect(ruleSet.rules.map((r) => [r.id, r.priority])).toEqual([
      ['Sygedagpenge fra arbejdsgiver', 250],
      ['rules[1]', 10],
    ]);
  });

  it('names rule and field of an unknown destination', () => {
    const rules = [ruleWith({}), ruleWith({ name: 'R2' }), ruleWith({ name: 'R3' }), ruleWith({ name: 'Fejl', event: { type: 'route', params: { destination: 'KYY' } } })];
    expect(issuesOf({ destinations, rules })).toEqual([
      { path: 'rules[3].event.params.destination', message: 'unknown destination "KYY" in rule "Fejl" (known: KY, KSD)' },
    ]);
  });

  it('reports bad KLE patterns, table destinations and duplicates together', () => {
    const issues = issuesOf({
      destinations,
      kleRoutes: [{ pattern: '32.3.*', destination: 'KSD' }, { pattern: '32.24.*', destination: 'KY' }, { pattern: '32.24.*', destination: 'KY' }],
      contentRoutes: [{ id: 'CR01', subjectContains: ['kontanthjælp'], destination: 'rest' }],
    });
    expect(issues).toEqual([
      { path: 'contentRoutes[0].destination', message: '"rest" is the rest mailbox; park instead of routing there in rule "CR01"' },
      { path: 'kleRoutes[0].pattern', message: 'invalid KLE pattern "32.3.*" (use NN.NN.NN, NN.NN.* or NN.*)' },
      { path: 'kleRoutes[2]', message: 'duplicate rule id "kle:32.24.*" (also kleRoutes[1])' },
    ]);
  });

  it('points into condition trees: unknown fact, operator, invalid regex, path', () => {
    const conditions = {
      any: [
        { fact: 'subjekt', operator: 'equal', value: 'x' },
        { all: [{ fact: 'subject', operator: 'containsTxt', value: 'x' }, { fact: 'text', operator: 'matchesRegex', value: '(faktura' }] },
        { not: { fact: 'kle', operator: 'kleIn', value: ['32.30.*', '3.*'] } },
        { fact: 'metadata', path: 'kle.subjectKey', operator: 'equal', value: '32.30.04' },
        { fact: 'subject', path: '$.x', operator: 'equal', value: 'x' },
      ],
    };
    const messages = issuesOf({ destinations, rules: [ruleWith({ name: 'Kompleks', conditions })] }).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^rules\[0\]\.conditions\.any\[0\]\.fact: unknown fact "subjekt" \(known: channel, sender,.*\) in rule "Kompleks"$/),
      expect.stringMatching(/^rules\[0\]\.conditions\.any\[1\]\.all\[0\]\.operator: unknown operator "containsTxt" \(known: equal,.*containsText/),
      expect.stringMatching(/^rules\[0\]\.conditions\.any\[1\]\.all\[1\]\.value: invalid regex "\(faktura": .* in rule "Kompleks"$/),
      'rules[0].conditions.any[2].not.value: invalid KLE pattern "3.*" (use NN.NN.NN, NN.NN.* or NN.*) in rule "Kompleks"',
      expect.stringMatching(/^rules\[0\]\.conditions\.any\[3\]\.path: invalid path "kle\.subjectKey"/),
      expect.stringMatching(/^rules\[0\]\.conditions\.any\[4\]\.path: fact "subject" has no parts/),
    ]);
  });

  it('rejects structural mistakes with the zod path', () => {
    expect(issuesOf({ destinations, rules: [ruleWith({ priority: 0 })] })).toEqual([
      { path: 'rules[0].priority', message: expect.stringContaining('>=1') },
    ]);
    expect(issuesOf({ destinations, rules: [ruleWith({ event: { type: 'send' } })] })[0]?.path).toBe('rules[0].event.type');
    expect(issuesOf({ destinations: [{ id: 'KY' }] })[0]?.path).toBe('destinations[0].name');
    expect(issuesOf([ruleWith({})])[0]?.path).toBe('(file)');
  });

  it('rejects unknown keys, empty lists, references and park events with a destination', () => {
    const issues = issuesOf({
      destinations,
      kleRoute: [],
      _comment: 'underscore keys are comments',
      rules: [
        ruleWith({ name: 'Tom', conditions: { all: [] } }),
        ruleWith({ name: 'Ref', conditions: { all: [{ condition: 'erFaktura' }] } }),
        ruleWith({ name: 'Rod', conditions: { fact: 'kle', operator: 'kleIn', value: '32.*' } }),
        ruleWith({ name: 'Park', event: { type: 'park', params: { destination: 'KY' } } }),
        ruleWith({ name: 'Ingen', event: { type: 'route' } }),
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      'kleRoute',
      'rules[0].conditions.all',
      'rules[1].conditions.all[0]',
      'rules[2].conditions',
      'rules[3].event.params.destination',
      'rules[4].event.params.destination',
    ]);
    expect(issues[2]?.message).toContain('condition references are not supported');
  });

  it('gives a readable error message', () => {
    expect(() => parseRuleFile({ destinations, rules: [ruleWith({ event: { type: 'route', params: { destination: 'KYY' } } })] })).toThrow(
      /Invalid rule file \(1 problem\(s\)\):\n {2}rules\[0\]\.event\.params\.destination: unknown destination "KYY"/,
    );
  });
});
