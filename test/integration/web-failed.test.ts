// The Fejlede forsendelser page (web/pages/failed.ts) over a real database: it lists exactly the failed items
// in scope with the failed stage and error, "Prøv igen" and "Prøv alle igen" retry through the API's retry
// (the item goes back, its job is queued), staff have no access, and outside one's scope a retry is "Ikke
// fundet". Runs on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

describe.each(BACKENDS)('the failed page on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};
  const journal = asPrincipal(principal());
  // A journal worker limited to one KLE gruppe: a failed item has no emne, so none is in this scope.
  const limited = asPrincipal(principal({ subject: 'lis@norrea', scope: { kleGroups: ['27.15'] } }));
  const post = (url: string, headers: Record<string, string>) => h.app.inject({ method: 'POST', url, payload: '', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } });

  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    ids.a = (await h.seed({ subject: 'Fejlet <b>brev</b>', state: 'failed' })).id;
    ids.b = (await h.seed({ subject: 'Også fejlet', state: 'failed' })).id;
    ids.c = (await h.seed({ subject: 'Tredje fejlede', state: 'failed' })).id;
    ids.parked = (await h.seed({ subject: 'Parkeret', state: 'parked' })).id;
  }, 120_000);
  afterAll(async () => h?.close());

  it('lists the failed items in scope with stage and error, escaped', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/fejlede', headers: journal });
    expect(response.statusCode).toBe(200);
    for (const id of [ids.a, ids.b, ids.c]) expect(response.body).toContain(`/fejlede/${id}/retry`);
    expect(response.body).not.toContain(ids.parked);
    expect(response.body).toContain('Tekstudtræk');
    expect(response.body).toContain('extract.unexpected');
    expect(response.body).toContain('Fejlet &lt;b&gt;brev&lt;/b&gt;');
    expect(response.body).toContain('Prøv alle igen');
    const none = await h.app.inject({ method: 'GET', url: '/fejlede', headers: limited });
    expect(none.body).not.toContain(ids.a);
    expect(none.body).toContain('Der er ingen fejlede forsendelser.');
  });

  it('is closed to staff (403) and sends a visitor to login', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/fejlede', headers: asPrincipal(principal({ roles: ['staff'] })) })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/fejlede' })).statusCode).toBe(303);
  });

  it('refuses a retry outside the scope as not found, and retries nothing', async () => {
    const response = await post(`/fejlede/${ids.a}/retry`, limited);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Ikke fundet');
    expect(h.requeued.map((r) => r.itemId)).not.toContain(ids.a);
    expect((await post('/fejlede/retry-all', limited)).headers.location).toBe('/fejlede?retried=0&refused=0');
    expect(h.requeued).toHaveLength(0);
  });

  it('retries one through htmx: the row says so and its job is queued', async () => {
    const response = await post(`/fejlede/${ids.a}/retry`, { ...journal, 'hx-request': 'true' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Forsendelsen er sendt videre igen.');
    expect(h.requeued).toContainEqual({ itemId: ids.a, state: 'received' });
    expect((await h.items.getItem(ids.a!))?.state).toBe('received');
    const again = await post(`/fejlede/${ids.a}/retry`, journal);
    expect(again.statusCode).toBe(409);
  });

  it('retries all the rest and reports how many', async () => {
    const response = await post('/fejlede/retry-all', journal);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/fejlede?retried=2&refused=0');
    expect(h.requeued.map((r) => r.itemId).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    const after = await h.app.inject({ method: 'GET', url: response.headers.location as string, headers: journal });
    expect(after.body).toContain('2 forsendelse(r) sendt videre igen.');
    expect(after.body).toContain('Der er ingen fejlede forsendelser.');
  });
});
