// The Revision page (web/pages/audit.ts): for auditors and administrators, the access log's lines (newest
// first, filtered by actor, item and dates, with Danish action names) and the configuration audit; the
// journal function and staff get the 403 page, and reading the log writes no line of its own. On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessLogStore } from '../../db/access-log.js';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness } from '../support/api-harness.js';

const auditor = asPrincipal(principal({ subject: 'revisor@norrea', displayName: 'Revisor', roles: ['auditor'] }));
const admin = asPrincipal(principal({ subject: 'anne@norrea', roles: ['administrator'] }));
const journal = asPrincipal(principal());
const staff = asPrincipal(principal({ subject: 'ole@norrea', roles: ['staff'] }));

describe.each(BACKENDS)('the Revision page on %s', (backend) => {
  let h: ApiHarness;
  let itemId = '';
  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    itemId = (await h.seed({ subject: 'Boligstøtte', state: 'routed', destination: 'KY' })).id;
    const log = createAccessLogStore(h.database.db, { tenantId: TENANT });
    await log.append({ actor: 'mette@norrea', actorName: 'Mette <Journal>', via: 'local', action: 'item.read', itemId, shown: ['metadata', 'classification'], purpose: 'Sagsbehandling', requestId: 'req-1' });
    await log.append({ actor: 'ole@norrea', actorName: 'Ole Borger', via: 'oidc', action: 'item.original', itemId, shown: ['original'] });
    // A rule-set change for the configuration audit.
    const draft = await h.app.inject({ method: 'PUT', url: '/api/v1/rule-sets/draft', headers: { ...journal, 'content-type': 'application/json' }, payload: JSON.stringify({ destinations: [{ id: 'KY', name: 'Ydelser' }], kleRoutes: [{ id: 'K1', pattern: '32.*', destination: 'KY' }] }) });
    expect(draft.statusCode, draft.body).toBe(200);
  }, 60_000);
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = auditor) => h.app.inject({ method: 'GET', url, headers });

  it('opens for auditors and administrators, and is the 403 page for journal and staff', async () => {
    for (const who of [auditor, admin]) expect((await get('/revision', who)).statusCode).toBe(200);
    for (const who of [journal, staff]) {
      const refused = await get('/revision', who);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('Sagsbehandling');
    }
  });

  it('lists the access-log lines newest first with Danish action names, escaped, and the configuration audit', async () => {
    const body = (await get('/revision')).body;
    const original = body.indexOf('Hentet original');
    const read = body.indexOf('Åbnet forsendelse');
    expect(original).toBeGreaterThan(-1);
    expect(read).toBeGreaterThan(original);
    expect(body).toContain('Mette &lt;Journal&gt;');
    expect(body).toContain('metadata, classification');
    expect(body).toContain('Sagsbehandling');
    expect(body).toContain(`href="/revision?item=${itemId}"`);
    expect(body).toContain('Kladde oprettet');
    expect(body).toContain('+1 −0 ~0 regler');
  });

  it('filters by actor, item and dates, refuses a malformed filter, and writes no line itself', async () => {
    const byActor = (await get('/revision?actor=ole%40norrea&item=&from=&to=')).body;
    expect(byActor).toContain('Hentet original');
    expect(byActor).not.toContain('Åbnet forsendelse');
    expect((await get(`/revision?item=${itemId}`)).body).toContain('Åbnet forsendelse');
    expect((await get('/revision?item=00000000-0000-4000-8000-000000000000')).body).toContain('Ingen linjer i adgangsloggen');
    expect((await get('/revision?from=2000-01-01&to=2000-01-02')).body).toContain('Ingen linjer i adgangsloggen');
    const bad = await get('/revision?item=ikke-et-id');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Filteret kan ikke bruges');
    const lines = await createAccessLogStore(h.database.db, { tenantId: TENANT }).list();
    expect(lines).toHaveLength(2);
  });
});
