// The Forsendelse page (web/pages/item.ts) over a real database: one access-log line per view, CPR numbers
// masked until "Vis CPR-numre" (which logs item.cpr_revealed), a letter's markup shown as text, the
// classification, rule explanation and timeline, the re-distribute form for a parked item, and "Ikke fundet"
// outside one's scope. Runs on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessLogStore } from '../../db/access-log.js';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness } from '../support/api-harness.js';

describe.each(BACKENDS)('the item page on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};
  const journal = asPrincipal(principal());
  const staffKy = asPrincipal(principal({ subject: 'kaj@norrea', roles: ['staff'], scope: { destinations: ['KY'] } }));
  const accessLines = (itemId: string) => createAccessLogStore(h.database.db, { tenantId: TENANT }).list({ itemId });

  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    const suggestions = [{ kle: '27.15.02', title: 'Pas', score: 0.42, destination: 'BORGER', ruleId: null }];
    ids.parked = (await h.seed({ subject: 'Pas <script>alert(1)</script>', body: 'Mit CPR-nummer er 010190-1234.\n<img src=x onerror=alert(2)>', state: 'parked', kle: '27.15.02', suggestions })).id;
    ids.routed = (await h.seed({ subject: 'Fordelt brev', state: 'routed', destination: 'KY' })).id;
  }, 120_000);
  afterAll(async () => h?.close());

  it('shows the item with CPR masked, markup escaped, and writes exactly one access-log line', async () => {
    const before = (await accessLines(ids.parked!)).length;
    const response = await h.app.inject({ method: 'GET', url: `/forsendelser/${ids.parked}`, headers: journal });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('010190-1234');
    expect(response.body).toContain('010190-');
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(response.body).toContain('Vis CPR-numre');
    for (const heading of ['Klassifikation', 'Regelforklaring', 'Tidslinje', 'Fordel igen']) expect(response.body).toContain(heading);
    expect(response.body).toContain('ingen regel passede');
    expect(response.body).toContain(`action="/restpostkasse/${ids.parked}/place"`);
    const lines = await accessLines(ids.parked!);
    expect(lines.length - before).toBe(1);
    expect(lines[0]!.action).toBe('item.read');
  });

  it('shows CPR numbers only when asked, and logs that as its own line', async () => {
    const before = (await accessLines(ids.parked!)).length;
    const response = await h.app.inject({ method: 'GET', url: `/forsendelser/${ids.parked}?cpr=vis`, headers: journal });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('010190-1234');
    expect(response.body).toContain('Skjul CPR-numre');
    const lines = await accessLines(ids.parked!);
    expect(lines.length - before).toBe(2);
    expect(lines.slice(0, 2).map((l) => l.action).sort()).toEqual(['item.cpr_revealed', 'item.read']);
  });

  it('answers "Ikke fundet" (404) outside the scope and for a missing id, and logs nothing', async () => {
    const before = (await accessLines(ids.parked!)).length;
    const outside = await h.app.inject({ method: 'GET', url: `/forsendelser/${ids.parked}?cpr=vis`, headers: staffKy });
    expect(outside.statusCode).toBe(404);
    expect(outside.body).toContain('Ikke fundet');
    expect(outside.body).not.toContain('Pas');
    expect((await h.app.inject({ method: 'GET', url: '/forsendelser/00000000-0000-0000-0000-000000000000', headers: journal })).statusCode).toBe(404);
    expect((await accessLines(ids.parked!)).length).toBe(before);
  });

  it('offers no re-distribute form for an item that is not in the rest mailbox', async () => {
    const response = await h.app.inject({ method: 'GET', url: `/forsendelser/${ids.routed}`, headers: staffKy });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('/place"');
    expect(response.body).toContain('Fordelt til KY af regel R1');
  });

  it('places a parked item from its page and returns to it', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/restpostkasse/${ids.parked}/place`,
      payload: `destination=BORGER&returnTo=${encodeURIComponent(`/forsendelser/${ids.parked}`)}`,
      headers: { ...journal, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/forsendelser/${ids.parked}`);
    expect(h.delivered).toContain(ids.parked);
  });
});
