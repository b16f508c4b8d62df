// The Statistik page (web/pages/statistics.ts): for administrators and the journal function, six charts
// rendered on the server as SVG (each with role="img", a Danish name and a table of its numbers), the top
// senders as a table, the period form and a CSV export link the session can follow; the figures are the
// API's (counted inside the person's access). Staff and auditors get the 403 page. On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

const journal = asPrincipal(principal());
const admin = asPrincipal(principal({ subject: 'anne@norrea', roles: ['administrator'] }));
const staff = asPrincipal(principal({ subject: 'ole@norrea', roles: ['staff'] }));
const auditor = asPrincipal(principal({ subject: 'revisor@norrea', roles: ['auditor'] }));
const onlyBorger = asPrincipal(principal({ subject: 'bo@norrea', scope: { destinations: ['BORGER'] } }));

describe.each(BACKENDS)('the Statistik page on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T10:00:00Z`);
    await h.seed({ subject: 'Boligstøtte', state: 'routed', destination: 'KY', receivedAt: at(2), sender: { name: 'Karen <Hansen>', email: 'karen@example.dk' } });
    await h.seed({ subject: 'Boligstøtte 2', state: 'routed', destination: 'KY', receivedAt: at(2), sender: { name: 'Karen <Hansen>', email: 'karen@example.dk' } });
    await h.seed({ subject: 'Pas', state: 'routed', destination: 'BORGER', channel: 'scan', receivedAt: at(3) });
    await h.seed({ subject: 'Ukendt', state: 'parked', receivedAt: at(4) });
  }, 60_000);
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = journal) => h.app.inject({ method: 'GET', url, headers });

  it('opens for journal and administrators and is the 403 page for staff and auditors', async () => {
    for (const who of [journal, admin]) expect((await get('/statistik?from=2026-03-01&to=2026-03-31', who)).statusCode).toBe(200);
    for (const who of [staff, auditor]) {
      const refused = await get('/statistik', who);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('Ingen adgang');
      expect(refused.body).not.toContain('<svg');
    }
  });

  it('draws an SVG chart with an accessible name and its numbers for each figure, and the senders as a table', async () => {
    const response = await get('/statistik?from=2026-03-01&to=2026-03-31');
    const body = response.body;
    expect(response.statusCode).toBe(200);
    const charts = [...body.matchAll(/<svg role="img" aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual(['Modtaget pr. kanal og dag', 'Forsendelser pr. modtager', 'Automatiseringsgrad pr. dag', 'Hits pr. regel', 'Omfordelt efter automatisk fordeling', 'Tid til fordeling']);
    expect(body.match(/<details class="details">/g)).toHaveLength(6);
    expect(body).toContain('Modtaget: <strong>4</strong>');
    expect(body).toMatch(/<tr><th scope="row">2026-03-02<\/th><td>2<\/td><td>0<\/td><td>0<\/td><\/tr>/);
    expect(body).toMatch(/<tr><th scope="row">KY<\/th><td>2<\/td><\/tr>/);
    expect(body).toMatch(/<tr><th scope="row">R1 \(v1\)<\/th><td>3<\/td><\/tr>/);
    expect(body).toMatch(/<tr><th scope="row">Karen &lt;Hansen&gt;<\/th><td>karen@example.dk<\/td><td>–<\/td><td>2<\/td><\/tr>/);
    expect(body).not.toContain('Karen <Hansen>');
    expect(body).toContain('href="/api/v1/items/export?format=csv&amp;from=2026-03-01&amp;to=2026-04-01"');
  });

  it('counts only what the person may read', async () => {
    const body = (await get('/statistik?from=2026-03-01&to=2026-03-31', onlyBorger)).body;
    expect(body).toContain('Modtaget: <strong>1</strong>');
    expect(body).not.toMatch(/<th scope="row">KY<\/th>/);
  });

  it('refuses an empty or too long period with a Danish message, and the export link answers a CSV', async () => {
    const refused = await get('/statistik?from=2026-03-31&to=2026-03-01');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Perioden skal være fra 1 til 366 dage');
    expect((await get('/statistik?from=2024-01-01&to=2026-03-01')).statusCode).toBe(400);
    const csv = await get('/api/v1/items/export?format=csv&from=2026-03-01&to=2026-04-01');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['x-export-rows']).toBe('4');
  });
});
