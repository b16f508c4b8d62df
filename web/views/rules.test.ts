// The Regler page's pure views: rule rows from a rule file, the versions table's rollback button only on a
// retired version, the audit's diff summary, the simulation's Danish kinds, and escaping of rule text.
import { describe, expect, it } from 'vitest';
import { simulationResult, validationResult } from './rules-editor.js';
import { auditTable, ruleRows, versionsTable } from './rules.js';

describe('the rules views', () => {
  it('lists every rule of a file with its condition and receiver, and nothing for an unreadable file', () => {
    const rows = ruleRows({
      destinations: [{ id: 'KY', name: 'Ydelser' }],
      contentRoutes: [{ id: 'R1', subjectContains: ['<b>klage</b>'], destination: 'KY' }],
      kleRoutes: [{ id: 'K1', pattern: '32.*', destination: 'KY' }],
    });
    expect(rows).toEqual([
      { kind: 'Emne', id: 'R1', condition: 'Emnet indeholder »<b>klage</b>«', destination: 'Ydelser (KY)' },
      { kind: 'KLE', id: 'K1', condition: 'KLE-emne 32.*', destination: 'Ydelser (KY)' },
    ]);
    expect(ruleRows({ kleRoutes: 'nej' })).toBeUndefined();
  });

  it('offers "Rul tilbage" only on a retired version', () => {
    const base = { name: 'A', createdAt: '2026-03-01T10:00:00Z', createdBy: 'x', publishedAt: null, publishedBy: null };
    const out = versionsTable([{ ...base, version: 'v1', status: 'retired' }, { ...base, version: 'v2', status: 'published' }, { ...base, version: 'v3', status: 'draft' }], 'tok').value;
    expect(out.match(/Rul tilbage<\/button>/g)).toHaveLength(1);
    expect(out).toContain('value="v1"');
    expect(out).toContain('name="_csrf" value="tok"');
  });

  it('shows the audit with its diff summary and named rules, escaped', () => {
    const out = auditTable([
      { at: '2026-03-01T10:00:00Z', actor: '<script>', action: 'rule_set.published', subject: 'v2', diff: { rulesAdded: ['PAS'], rulesRemoved: [], rulesChanged: ['R1'], destinationsAdded: [], destinationsRemoved: [], destinationsChanged: [], comparedWith: 'v1', text: '+1 −0 ~1 regler i forhold til v1' } },
    ]).value;
    expect(out).toContain('Offentliggjort');
    expect(out).toContain('+1 −0 ~1 regler i forhold til v1');
    expect(out).toContain('Tilføjet: PAS; Ændret: R1');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toContain('<script>');
  });

  it('says a file is valid, or lists each problem with its path', () => {
    expect(validationResult({ kind: 'checked', ok: true, errors: [], warnings: [] }).value).toContain('Regelfilen er gyldig');
    const out = validationResult({ kind: 'checked', ok: false, errors: [{ code: 'rule.unknown_destination', severity: 'error', ruleId: null, path: 'kleRoutes[0].destination', message: 'Modtageren findes ikke', detail: 'unknown destination' }], warnings: [] }).value;
    expect(out).toContain('<strong>kleRoutes[0].destination</strong>: Modtageren findes ikke');
  });

  it('names the kinds of change in Danish and says how many changes are not shown', () => {
    const out = simulationResult({
      version: 'v2',
      period: { from: '2026-03-01T00:00:00Z', to: null },
      routingSafety: { threshold: 0.8, method: 'default', decisions: 0 },
      items: 3,
      unchanged: 1,
      counts: { newly_routed: 2, routed_elsewhere: 0, newly_parked: 0 },
      byRule: [{ ruleId: 'PAS', changes: 2, kinds: { newly_routed: 2 }, items: [{ itemId: 'a', fileName: 'pas.eml', kind: 'newly_routed', from: { destination: null, ruleId: null }, to: { destination: 'BORGER', ruleId: 'PAS' } }] }],
      notShown: 1,
    }).value;
    expect(out).toContain('Fordeles nu 2');
    expect(out).toContain('pas.eml</a>: Restpostkassen → BORGER (PAS)');
    expect(out).toContain('1 ændrede forsendelser ligger uden for din adgang');
  });
});
