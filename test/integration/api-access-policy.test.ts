// The one access policy gives the same answer both ways: for a generated set of items (states, destinations,
// emner, sensitive flags, rest-mailbox suggestions, two tenants) and a matrix of principals (roles × scopes),
// the SQL condition selects exactly the items mayRead says yes to, and changeableItems exactly those mayChange
// says yes to — on PGlite and PostgreSQL.
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal, Role, ScopeList } from '../../api/principal.js';
import { changeableItems, mayChange, mayRead, readableItems, type PolicyItem } from '../../db/access-policy.js';
import { findPolicyItem } from '../../db/item-search.js';
import { items } from '../../db/schema.js';
import { principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness, type SeedItem } from '../support/api-harness.js';

const suggestion = (destination: string) => ({ kle: '27.15.02', score: 0.3, destination, ruleId: null });

function generatedItems(): SeedItem[] {
  const specs: SeedItem[] = [];
  for (const kle of ['27.15.02', '32.30.04', null]) {
    for (const sensitive of [[], ['health']]) {
      for (const destination of ['KY', 'BORGER']) specs.push({ subject: 'routed', state: 'routed', destination, kle, sensitive });
      for (const suggestions of [[], [suggestion('BORGER')], [suggestion('KY'), suggestion('SKOLE')]]) {
        specs.push({ subject: 'parked', state: 'parked', kle, sensitive, suggestions });
      }
      specs.push({ subject: 'parked with destination', state: 'parked', destination: 'SKOLE', kle, sensitive, suggestions: [suggestion('KY')] });
      specs.push({ subject: 'in progress', state: 'classified', kle, sensitive });
    }
  }
  specs.push({ subject: 'other tenant', state: 'routed', destination: 'KY', tenantId: 'kommune-b' });
  specs.push({ subject: 'other tenant parked', state: 'parked', suggestions: [suggestion('BORGER')], tenantId: 'kommune-b' });
  return specs;
}

function principals(): Principal[] {
  const roleSets: Role[][] = [['administrator'], ['journal'], ['staff'], ['auditor'], ['auditor', 'staff']];
  const destinationScopes: ScopeList[] = ['all', ['KY'], ['BORGER', 'SKOLE'], []];
  const kleScopes: ScopeList[] = ['all', ['27.15'], ['32.30', '27.15'], []];
  const out: Principal[] = [];
  for (const roles of roleSets)
    for (const destinations of destinationScopes)
      for (const kleGroups of kleScopes)
        for (const sensitive of [true, false]) out.push(principal({ roles, scope: { destinations, kleGroups, sensitive } }));
  out.push(principal({ tenantId: 'kommune-b' }));
  return out;
}

describe.each(BACKENDS)('the access policy on %s', (backend) => {
  let h: ApiHarness;
  const policyItems = new Map<string, PolicyItem>();

  beforeAll(async () => {
    h = await openApiHarness(backend);
    for (const spec of generatedItems()) {
      const { id } = await h.seed(spec);
      const found = await findPolicyItem(h.database.db, spec.tenantId ?? TENANT, id);
      policyItems.set(id, found!.policy);
    }
  }, 60_000);
  afterAll(async () => h?.close());

  it('has SQL and yes/no answers agree for every principal and item', async () => {
    const all = [...policyItems.keys()];
    let readable = 0;
    for (const p of principals()) {
      const bySql = (await h.database.db.select({ id: items.id }).from(items).where(readableItems(p))).map((r) => r.id).sort();
      const byCheck = all.filter((id) => mayRead(p, policyItems.get(id)!)).sort();
      expect(bySql, JSON.stringify(p)).toEqual(byCheck);
      const changeSql = (await h.database.db.select({ id: items.id }).from(items).where(changeableItems(p))).map((r) => r.id).sort();
      expect(changeSql, JSON.stringify(p)).toEqual(all.filter((id) => mayChange(p, policyItems.get(id)!)).sort());
      readable += byCheck.length;
    }
    // The matrix is not trivially empty or full.
    expect(readable).toBeGreaterThan(0);
    expect(readable).toBeLessThan(principals().length * all.length);
  });

  it('lets staff of a destination see their parked post by its suggestions, and only in the rest mailbox', async () => {
    const staff = principal({ roles: ['staff'], scope: { destinations: ['BORGER'], sensitive: true } });
    const ids = (await h.database.db.select({ id: items.id }).from(items).where(readableItems(staff))).map((r) => r.id);
    const seen = ids.map((id) => policyItems.get(id)!);
    expect(seen.every((i) => i.destination === 'BORGER' || (i.state === 'parked' && i.suggestedDestinations.includes('BORGER')))).toBe(true);
    expect(seen.some((i) => i.state === 'parked' && i.destination === null)).toBe(true);
    expect(seen.every((i) => i.tenantId === TENANT)).toBe(true);
    const others = await h.database.db.select({ id: items.id }).from(items).where(inArray(items.tenantId, ['kommune-b']));
    expect(others.length).toBe(2);
  });
});
