// The Drift page (web/pages/operations.ts, db/state-overview.ts) on PGlite and PostgreSQL: for
// administrators only, the items per state of this municipality (another's are not counted) with the
// oldest one's age, and the failed count called out; everyone else gets the 403 page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../web/plugin.js';
import { ageText } from '../../web/views/operations.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

const admin = asPrincipal(principal({ subject: 'anne@norrea', roles: ['administrator'] }));

describe.each(BACKENDS)('the Drift page on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000);
    await h.seed({ subject: 'a', state: 'parked', receivedAt: hoursAgo(50) });
    await h.seed({ subject: 'b', state: 'parked', receivedAt: hoursAgo(1) });
    await h.seed({ subject: 'c', state: 'failed', receivedAt: hoursAgo(3) });
    await h.seed({ subject: 'd', state: 'routed' });
    await h.seed({ subject: 'other', state: 'failed', tenantId: 'vestby' });
  }, 60_000);
  afterAll(async () => h?.close());

  it('is for administrators only', async () => {
    for (const roles of [['journal'], ['staff'], ['auditor']] as const) {
      const refused = await h.app.inject({ method: 'GET', url: '/drift', headers: asPrincipal(principal({ roles: [...roles] })) });
      expect(refused.statusCode, roles[0]).toBe(403);
    }
  });

  it('counts the items per state of this municipality, with the oldest one and the failed count', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/drift', headers: admin });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<strong>1</strong> fejlede forsendelser venter');
    expect(body).toMatch(/<th scope="row">I restpostkassen<\/th><td>2<\/td>\s*<td><time[^>]*>[^<]*<\/time> \(2 d 2 t\)<\/td>/);
    expect(body).toMatch(/<th scope="row">Fordelt<\/th><td>1<\/td>/);
    expect(body).toMatch(/<th scope="row">Afleveret<\/th><td>0<\/td>\s*<td>–<\/td>/);
    expect(body).toContain('kræver, at Fordeler kører med Redis');
  });

  it('writes ages in Danish units', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(ageText(new Date('2026-03-10T11:55:00Z'), now)).toBe('5 min');
    expect(ageText(new Date('2026-03-10T09:50:00Z'), now)).toBe('2 t 10 min');
  });
});
