import { describe, expect, it } from 'vitest';
import { createRouter, destinations } from './router.js';
import { parseRuleFile } from './schema.js';
import { classifiedAs, email } from './test-support.js';

const table = {
  _doc: 'Testtabel for Nørreå Kommune',
  destinations: [
    { id: 'KY', name: 'Kommunernes Ydelsessystem' },
    { id: 'KSD', name: 'Kommunernes Sygedagpengesystem' },
    { id: 'OEKONOMI', name: 'Økonomisystem' },
    { id: 'ESDH-BYG', name: 'ESDH teknik og miljø' },
    { id: 'BYGGESAG', name: 'Byggesagssystem' },
    { id: 'TEKNIK', name: 'Teknisk forvaltning' },
  ],
  // Deliberately least specific first: specificity, not file order, decides among KLE routes.
  kleRoutes: [
    { pattern: '02.*', destination: 'TEKNIK' },
    { pattern: '02.34.*', destination: 'ESDH-BYG' },
    { pattern: '02.34.02', destination: 'BYGGESAG' },
    { pattern: '32.30.*', destination: 'KSD' },
  ],
  contentRoutes: [
    { id: 'CR01-kontanthjaelp', subjectContains: ['kontanthjælp', 'uddannelseshjælp'], destination: 'KY' },
    { id: 'CR02-faktura', subjectContains: ['faktura', 'kreditnota'], destination: 'OEKONOMI' },
  ],
};

const routerWith = (rules: unknown[] = [], extra: Record<string, unknown> = {}) =>
  createRouter(parseRuleFile({ ...table, ...extra, rules }));

describe('routing table semantics', () => {
  const router = routerWith();

  it('lets a content route beat a matching KLE route', async () => {
    const decision = await router.route(email('Faktura 2026-118'), classifiedAs('32.30.04'));
    expect(decision).toMatchObject({ status: 'routed', destination: 'OEKONOMI', ruleId: 'CR02-faktura' });
    expect(decision.trace.map((t) => [t.ruleId, t.matched])).toEqual([
      ['CR01-kontanthjaelp', false],
      ['CR02-faktura', true],
    ]);
    expect(decision.reasons).toEqual([
      expect.objectContaining({ code: 'route.rule_matched', message: 'Emnefeltet indeholder "faktura" (CR02-faktura) → OEKONOMI' }),
    ]);
  });

  it('matches the subject case-insensitively', async () => {
    const decision = await router.route(email('ANSØGNING OM KONTANTHJÆLP'), classifiedAs('15.17.06'));
    expect(decision).toMatchObject({ destination: 'KY', ruleId: 'CR01-kontanthjaelp' });
  });

  it('prefers an exact emne over xx.yy.* over xx.*', async () => {
    const subject = 'Sv: Byggetilladelse Skovvej 12';
    const exact = await router.route(email(subject), classifiedAs('02.34.02'));
    const group = await router.route(email(subject), classifiedAs('02.34.05'));
    const main = await router.route(email(subject), classifiedAs('02.20.01'));
    expect([exact, group, main].map((d) => [d.destination, d.ruleId])).toEqual([
      ['BYGGESAG', 'kle:02.34.02'],
      ['ESDH-BYG', 'kle:02.34.*'],
      ['TEKNIK', 'kle:02.*'],
    ]);
    expect(group.reasons[0]).toMatchObject({ code: 'route.rule_matched', message: 'Emne 02.34.05 matcher 02.34.* → ESDH-BYG' });
    expect(group.trace.map((t) => t.priority)).toEqual([300, 300, 200, 150]);
  });

  it('never applies content routes to a scan without a subject', async () => {
    const scan = email(undefined, { channel: 'scan', body: 'Faktura for kontanthjælp' });
    const decision = await router.route(scan, classifiedAs('32.30.04'));
    expect(decision).toMatchObject({ destination: 'KSD', ruleId: 'kle:32.30.*' });
    expect(decision.trace[0]?.conditions[0]).toMatchObject({ fact: 'subject', factValue: null, result: false });
  });

  it('parks with a reason when no rule matches, after trying every rule', async () => {
    const decision = await router.route(email('Skift af læge'), classifiedAs('29.03.12'));
    expect(decision).toMatchObject({ status: 'parked', destination: null, ruleId: null });
    expect(decision.trace).toHaveLength(6);
    expect(decision.trace.every((t) => !t.matched)).toBe(true);
    expect(decision.reasons).toEqual([
      expect.objectContaining({ code: 'route.no_rule_matched', data: expect.objectContaining({ rulesTried: 6, rest: 'rest' }) }),
    ]);
  });

  it('says so when the classifier abstained', async () => {
    const decision = await router.route(email('Sv: Jeres j.nr. 2024-012345'), classifiedAs(null));
    expect(decision.status).toBe('parked');
    expect(decision.reasons.map((r) => r.code)).toEqual(['route.kle_missing', 'route.no_rule_matched']);
    expect(decision.trace.find((t) => t.ruleId === 'kle:02.*')?.conditions[0]).toMatchObject({ factValue: null, result: false });
  });

  it('gives the KLE-only destination for suggestions and lists destinations with rest', () => {
    expect(router.destinationForKle('02.34.02')).toEqual({ destination: 'BYGGESAG', ruleId: 'kle:02.34.02' });
    expect(router.destinationForKle('02.11.00')).toEqual({ destination: 'TEKNIK', ruleId: 'kle:02.*' });
    expect(router.destinationForKle('29.03.12')).toEqual({ destination: null, ruleId: null });
    const named = destinations(parseRuleFile(table));
    expect(named).toMatchObject({ KY: 'Kommunernes Ydelsessystem', rest: 'Restpostkasse' });
  });

  it('routes concurrent items independently', async () => {
    const items = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? router.route(email(`Faktura ${i}`), classifiedAs(null)) : router.route(email('Hej'), classifiedAs('29.03.12')),
    );
    const decisions = await Promise.all(items);
    expect(decisions.map((d) => d.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'routed' : 'parked')));
  });
});

describe('rule set version', () => {
  it('hashes content, not key order, and can be given by the caller', () => {
    const reordered = Object.fromEntries(Object.entries(table).reverse());
    expect(routerWith().version).toMatch(/^[0-9a-f]{64}$/);
    expect(createRouter(parseRuleFile(reordered)).version).toBe(routerWith().version);
    expect(routerWith([], { rest: { id: 'rest', name: 'Postfordeling' } }).version).not.toBe(routerWith().version);
    expect(createRouter(parseRuleFile(table), { version: 'v42' }).version).toBe('v42');
  });

  it('is recorded in every decision', async () => {
    const router = routerWith();
    expect((await router.route(email('Hej'), classifiedAs(null))).ruleSetVersion).toBe(router.version);
  });
});
