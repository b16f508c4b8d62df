import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKleCatalog } from '../classifiers/kle-catalog.js';
import { loadKleData } from '../worker/adapters/kle-data.js';
import { parseRuleFile } from './schema.js';
import { formatProblems, validateRuleSet, type RuleProblem, type ValidationResult } from './validate.js';

const catalog = createKleCatalog(loadKleData());
const sample: unknown = JSON.parse(readFileSync(new URL('../samples/rules.json', import.meta.url), 'utf8'));

const destinations = [
  { id: 'KY', name: 'Kommunernes Ydelsessystem' },
  { id: 'KSD', name: 'Kommunernes Sygedagpengesystem' },
  { id: 'ESDH-BYG', name: 'ESDH teknik og miljø' },
];
const contentRoutes = [
  { id: 'CR01-kontanthjaelp', subjectContains: ['Kontanthjælp'], destination: 'KY' },
  { id: 'CR02-sygedagpenge', subjectContains: ['Sygedagpenge'], destination: 'KSD' },
];
const kleRoutes = [
  { pattern: '32.24.*', destination: 'KY', comment: 'Aktiv socialpolitik' },
  { pattern: '32.30.04', destination: 'KSD', comment: 'Udbetaling af sygedagpenge' },
  { pattern: '02.34.*', destination: 'ESDH-BYG', comment: 'Byggetilladelse' },
];
const fakturaRule = (conditions: unknown[], destination = 'ESDH-BYG') => ({
  name: 'Faktura fra leverandør',
  conditions: { all: conditions },
  event: { type: 'route', params: { destination } },
});
const base = (patch: Record<string, unknown> = {}) => ({
  destinations,
  rest: { id: 'rest', name: 'Restpostkasse' },
  contentRoutes,
  kleRoutes,
  ...patch,
});
const validate = (file: unknown): ValidationResult => validateRuleSet(file, { catalog });
const pick = (problems: RuleProblem[]) => problems.map(({ code, ruleId, field }) => ({ code, ruleId, field }));
const only = (problems: RuleProblem[], code: string) => problems.filter((p) => p.code === code);

describe('validateRuleSet', () => {
  it('finds no errors or warnings in the shipped sample rules, and none in the base rule set of these tests', () => {
    const result = validate(sample);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(formatProblems(result)).toBe('');
    expect(validate(base())).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('rule.schema: turns zod issues into problems with the JSON path and the rule id', () => {
    const result = validate(
      base({
        kleRoutes: [{ pattern: '32.24.*' }],
        rules: [{ ...fakturaRule([{ fact: 'subject', operator: 'containsText', value: 'faktura' }]), event: { type: 'send' } }],
      }),
    );
    expect(result.ok).toBe(false);
    expect(pick(result.errors)).toEqual([
      { code: 'rule.schema', ruleId: 'kle:32.24.*', field: 'kleRoutes[0].destination' },
      { code: 'rule.schema', ruleId: 'Faktura fra leverandør', field: 'rules[0].event.type' },
    ]);
    expect(result.errors[0]?.message).toMatch(/^Rule "kle:32.24.\*", kleRoutes\[0\].destination: this field is required/);
    const notAFile = validate([]);
    expect(pick(notAFile.errors)).toEqual([{ code: 'rule.schema', ruleId: null, field: '(file)' }]);
  });

  it('rule.schema also reports what parseRuleFile refuses beyond zod (routing to the rest mailbox)', () => {
    const file = base({ contentRoutes: [{ id: 'CR09-rest', subjectContains: 'reklame', destination: 'rest' }] });
    expect(() => parseRuleFile(file)).toThrow();
    expect(pick(validate(file).errors)).toEqual([{ code: 'rule.schema', ruleId: 'CR09-rest', field: 'contentRoutes[0].destination' }]);
  });

  it('rule.unknown_fact: a fact that is not documented, with a hint for the wrong case', () => {
    const result = validate(base({ rules: [fakturaRule([{ fact: 'Subject', operator: 'containsText', value: 'Faktura' }])] }));
    expect(pick(result.errors)).toEqual([{ code: 'rule.unknown_fact', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[0].fact' }]);
    expect(result.errors[0]?.message).toContain('did you mean "subject"?');
  });

  it('rule.unknown_operator: neither a json-rules-engine operator nor ours, nor a known decorator', () => {
    const result = validate(
      base({
        rules: [
          fakturaRule([
            { fact: 'subject', operator: 'containsWord', value: 'Faktura' },
            { fact: 'text', operator: 'never:containsText', value: 'kreditnota' },
            { fact: 'text', operator: 'not:containsText', value: 'rykker' },
          ]),
        ],
      }),
    );
    expect(pick(result.errors)).toEqual([
      { code: 'rule.unknown_operator', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[0].operator' },
      { code: 'rule.unknown_operator', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[1].operator' },
    ]);
    expect(result.errors[0]?.message).toContain('"containsWord"');
  });

  it('rule.unknown_destination: in content routes, KLE routes and route events', () => {
    const result = validate(
      base({
        contentRoutes: [{ id: 'CR01-kontanthjaelp', subjectContains: 'Kontanthjælp', destination: 'KYY' }],
        kleRoutes: [{ pattern: '32.30.04', destination: 'KSD2' }],
        rules: [fakturaRule([{ fact: 'subject', operator: 'containsText', value: 'Faktura' }], 'OEKONOMI')],
      }),
    );
    expect(pick(result.errors)).toEqual([
      { code: 'rule.unknown_destination', ruleId: 'CR01-kontanthjaelp', field: 'contentRoutes[0].destination' },
      { code: 'rule.unknown_destination', ruleId: 'kle:32.30.04', field: 'kleRoutes[0].destination' },
      { code: 'rule.unknown_destination', ruleId: 'Faktura fra leverandør', field: 'rules[0].event.params.destination' },
    ]);
    expect(result.errors[0]?.message).toContain('"KYY" does not exist. Known destinations: KY, KSD, ESDH-BYG');
  });

  it('rule.duplicate_id: content route ids, KLE patterns and rule names', () => {
    const rule = fakturaRule([{ fact: 'subject', operator: 'containsText', value: 'Faktura' }]);
    const result = validate(
      base({
        contentRoutes: [...contentRoutes, { id: 'CR01-kontanthjaelp', subjectContains: 'uddannelseshjælp', destination: 'KY' }],
        kleRoutes: [...kleRoutes, { pattern: '32.24.*', destination: 'KSD' }],
        rules: [rule, { ...rule, conditions: { all: [{ fact: 'text', operator: 'containsText', value: 'fakturanummer' }] } }],
      }),
    );
    expect(pick(only(result.errors, 'rule.duplicate_id'))).toEqual([
      { code: 'rule.duplicate_id', ruleId: 'CR01-kontanthjaelp', field: 'contentRoutes[2].id' },
      { code: 'rule.duplicate_id', ruleId: 'kle:32.24.*', field: 'kleRoutes[3].pattern' },
      { code: 'rule.duplicate_id', ruleId: 'Faktura fra leverandør', field: 'rules[1].name' },
    ]);
    expect(only(result.errors, 'rule.schema')).toEqual([]);
    expect(result.errors[0]?.message).toContain('already used by the rule at contentRoutes[0]');
  });

  it('rule.invalid_regex: a regex that does not compile, in a string or a list value', () => {
    const result = validate(
      base({ rules: [fakturaRule([{ fact: 'text', operator: 'matchesRegex', value: ['/faktura\\s*nr/i', 'faktura(nr'] }])] }),
    );
    expect(pick(result.errors)).toEqual([{ code: 'rule.invalid_regex', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[0].value[1]' }]);
    expect(result.errors[0]?.message).toContain('"faktura(nr" is not valid: error parsing regexp: missing closing )');
  });

  it('rule.regex_unsupported: lookaround and backreferences; nested quantifiers are fine on RE2 (linear time)', () => {
    const result = validate(
      base({
        rules: [
          fakturaRule([
            { fact: 'text', operator: 'matchesRegex', value: '/(?<!kredit)nota/i' },
            { fact: 'text', operator: 'not:matchesRegex', value: '(\\d+)-\\1' },
            { fact: 'text', operator: 'matchesRegex', value: ['(a+)+$', '(faktura|fakturaer)*', '(.*)*nr'] },
          ]),
        ],
      }),
    );
    expect(pick(result.errors)).toEqual([
      { code: 'rule.regex_unsupported', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[0].value' },
      { code: 'rule.regex_unsupported', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[1].value' },
    ]);
    expect(result.errors[0]?.message).toContain('lookaround');
    expect(result.errors[1]?.message).toContain('backreference');
  });

  it('rule.kle_pattern_invalid: malformed table patterns and kleIn values', () => {
    const result = validate(
      base({
        kleRoutes: [{ pattern: '32.30', destination: 'KSD' }],
        rules: [fakturaRule([{ fact: 'kle', operator: 'kleIn', value: ['32.24.*', '3224'] }], 'KY')],
      }),
    );
    expect(pick(result.errors)).toEqual([
      { code: 'rule.kle_pattern_invalid', ruleId: 'kle:32.30', field: 'kleRoutes[0].pattern' },
      { code: 'rule.kle_pattern_invalid', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[0].value[1]' },
    ]);
    expect(result.errors[0]?.message).toContain('"32.30" is not a KLE pattern');
  });

  it('rule.kle_pattern_matches_nothing: unknown hovedgruppe, retired gruppe, unknown emne', () => {
    const result = validate(
      base({
        kleRoutes: [...kleRoutes, { pattern: '99.*', destination: 'KY' }, { pattern: '07.01.*', destination: 'ESDH-BYG' }],
        rules: [fakturaRule([{ fact: 'kle', operator: 'kleIn', value: '02.34.99' }])],
      }),
    );
    expect(pick(result.errors)).toEqual([
      { code: 'rule.kle_pattern_matches_nothing', ruleId: 'kle:99.*', field: 'kleRoutes[3].pattern' },
      { code: 'rule.kle_pattern_matches_nothing', ruleId: 'kle:07.01.*', field: 'kleRoutes[4].pattern' },
      { code: 'rule.kle_pattern_matches_nothing', ruleId: 'Faktura fra leverandør', field: 'rules[0].conditions.all[0].value' },
    ]);
    expect(result.errors[0]?.message).toContain('there is no KLE hovedgruppe 99');
    expect(result.errors[1]?.message).toContain('has been removed from KLE');
  });

  it('rule.shadowed: "Faktura" listed before "Faktura nr" takes all its items (error: other destination)', () => {
    const result = validate(
      base({
        contentRoutes: [
          ...contentRoutes,
          { id: 'CR03-faktura', subjectContains: ['Faktura', 'kreditnota'], destination: 'ESDH-BYG' },
          { id: 'CR04-faktura-nr', subjectContains: ['faktura nr', 'Kreditnota nr'], destination: 'KY' },
        ],
      }),
    );
    expect(pick(result.errors)).toEqual([{ code: 'rule.shadowed', ruleId: 'CR04-faktura-nr', field: 'contentRoutes[3].subjectContains' }]);
    expect(result.errors[0]?.message).toContain('already taken by rule "CR03-faktura"');
    expect(result.errors[0]?.message).toContain('Move it above "CR03-faktura"');
    expect(only(result.warnings, 'rule.overlap')).toEqual([]);
  });

  it('rule.shadowed: identical conditions, and a kleIn rule covering a KLE route (warning when the destination is the same)', () => {
    const sygedagpenge = { fact: 'kle', operator: 'kleIn', value: '32.30.*' };
    const result = validate(
      base({
        rules: [
          { name: 'Sygedagpenge', conditions: { all: [sygedagpenge] }, event: { type: 'route', params: { destination: 'KSD' } } },
          { name: 'Sygedagpenge igen', conditions: { any: [{ ...sygedagpenge, priority: 5 }] }, event: { type: 'park' } },
        ],
      }),
    );
    expect(pick(result.errors)).toEqual([{ code: 'rule.shadowed', ruleId: 'Sygedagpenge igen', field: 'rules[1].conditions' }]);
    expect(pick(result.warnings)).toEqual([{ code: 'rule.shadowed', ruleId: 'kle:32.30.04', field: 'kleRoutes[1].pattern' }]);
    expect(result.warnings[0]?.message).toContain('higher priority: 250 against 200');
    expect(result.warnings[0]?.message).toContain('redundant');
  });

  it('rule.shadowed is not reported when it cannot be proved: a more specific KLE route wins by priority, other facts', () => {
    const result = validate(
      base({
        kleRoutes: [{ pattern: '32.30.*', destination: 'KSD' }, { pattern: '32.30.04', destination: 'KSD' }],
        rules: [
          fakturaRule([{ fact: 'subject', operator: 'containsText', value: 'Faktura' }]),
          fakturaRule([{ fact: 'text', operator: 'containsText', value: 'Faktura nr' }]),
        ].map((rule, i) => ({ ...rule, name: `Faktura ${i}` })),
      }),
    );
    expect(only([...result.errors, ...result.warnings], 'rule.shadowed')).toEqual([]);
  });

  it('rule.overlap: shared items with different destinations, naming the winner and why', () => {
    const result = validate(
      base({
        contentRoutes: [
          { id: 'CR01-faktura-sygedagpenge', subjectContains: ['Faktura sygedagpenge'], destination: 'KSD' },
          { id: 'CR02-faktura', subjectContains: ['Faktura', 'kreditnota'], destination: 'ESDH-BYG' },
        ],
        kleRoutes: [{ pattern: '32.30.*', destination: 'KY' }, { pattern: '32.30.04', destination: 'KSD' }],
      }),
    );
    expect(result.errors).toEqual([]);
    expect(pick(result.warnings)).toEqual([
      { code: 'rule.overlap', ruleId: 'CR02-faktura', field: 'contentRoutes[1].subjectContains' },
      { code: 'rule.overlap', ruleId: 'kle:32.30.*', field: 'kleRoutes[0].pattern' },
    ]);
    expect(result.warnings[0]?.message).toContain('overlaps rule "CR01-faktura-sygedagpenge"');
    expect(result.warnings[0]?.message).toContain('the subject contains "Faktura sygedagpenge"');
    expect(result.warnings[0]?.message).toContain('comes first in the file');
    expect(result.warnings[1]?.message).toContain('rule "kle:32.30.04" wins (its KLE pattern is more specific: priority 200 against 150)');
  });

  it('rule.overlap is not reported for unrelated subjects, for a covered rule (that is shadowing), or via a retired KLE group', () => {
    const kleRule = (name: string, value: string[]) => ({
      name, priority: 400, conditions: { all: [{ fact: 'kle', operator: 'kleIn', value }] }, event: { type: 'route', params: { destination: 'KY' } },
    });
    const result = validate(
      base({
        rules: [kleRule('Ydelser og byggeri', ['32.24.*', '02.34.*']), kleRule('Gamle affaldsordninger', ['07.01.*'])],
        kleRoutes: [{ pattern: '02.34.*', destination: 'ESDH-BYG' }, { pattern: '07.*', destination: 'ESDH-BYG' }],
      }),
    );
    expect(pick(result.errors)).toEqual([
      { code: 'rule.kle_pattern_matches_nothing', ruleId: 'Gamle affaldsordninger', field: 'rules[1].conditions.all[0].value[0]' },
      { code: 'rule.shadowed', ruleId: 'kle:02.34.*', field: 'kleRoutes[0].pattern' },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('rule.overlap is not reported when both rules send the items to the same place', () => {
    const result = validate(
      base({ contentRoutes: [{ id: 'CR00-udbetaling', subjectContains: 'Sygedagpenge udbetaling', destination: 'KSD' }, ...contentRoutes] }),
    );
    expect(result).toEqual({ ok: true, errors: [], warnings: [] });
    const elsewhere = validate(
      base({ contentRoutes: [{ id: 'CR00-udbetaling', subjectContains: 'Sygedagpenge udbetaling', destination: 'KY' }, ...contentRoutes] }),
    );
    expect(pick(elsewhere.warnings)).toEqual([{ code: 'rule.overlap', ruleId: 'CR02-sygedagpenge', field: 'contentRoutes[2].subjectContains' }]);
  });

  it('every message names its rule and field, and formatProblems prints one line per problem', () => {
    const result = validate(
      base({
        contentRoutes: [{ id: 'CR01-kontanthjaelp', subjectContains: 'Kontanthjælp', destination: 'KYY' }, { id: 'CR02', subjectContains: 'kontanthjælp ansøgning', destination: 'KSD' }],
        rules: [fakturaRule([{ fact: 'emne', operator: 'kleIn', value: '99.*' }])],
      }),
    );
    const all = [...result.errors, ...result.warnings];
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const problem of all) expect(problem.message).toContain(`Rule "${problem.ruleId}", ${problem.field}: `);
    const lines = formatProblems(result).split('\n');
    expect(lines).toHaveLength(all.length);
    expect(lines[0]).toBe(`error  rule CR01-kontanthjaelp  contentRoutes[0].destination: ${result.errors[0]?.message}`);
    expect(lines.filter((line) => line.startsWith('error  rule '))).toHaveLength(result.errors.length);
  });
});
