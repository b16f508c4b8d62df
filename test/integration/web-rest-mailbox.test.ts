// The Restpostkasse page (web/pages/rest-mailbox.ts) over a real database: it lists exactly the person's
// parked items with their suggestions, escapes what a letter says, and accept, place and bulk accept act
// through the same placing as the API (recorded, handed over) — refused as "Ikke fundet" outside one's
// scope. Runs on PGlite and PostgreSQL.
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createAuthentication, hashPassword, type Authentication } from '../../api/auth/index.js';
import { createRuleSetStore } from '../../db/rule-set-store.js';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness } from '../support/api-harness.js';
import { CookieJar } from '../support/auth-app.js';

const form = (fields: Record<string, string | string[]>): string =>
  Object.entries(fields)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join('&');

describe.each(BACKENDS)('the rest mailbox page on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};
  const journal = asPrincipal(principal());
  const staffBorger = asPrincipal(principal({ subject: 'bo@norrea', roles: ['staff'], scope: { destinations: ['BORGER'] } }));
  const post = (url: string, fields: Record<string, string | string[]>, headers: Record<string, string>) =>
    h.app.inject({ method: 'POST', url, payload: form(fields), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } });

  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    const borger = [{ kle: '27.15.02', title: 'Pas', score: 0.42, destination: 'BORGER', ruleId: null }, { kle: '32.30.04', score: 0.2, destination: 'KY', ruleId: null }];
    const ky = [{ kle: '32.30.04', title: 'Kontanthjælp', score: 0.5, destination: 'KY', ruleId: null }];
    ids.borger = (await h.seed({ subject: 'Spørgsmål om pas <script>alert(1)</script>', state: 'parked', kle: '27.15.02', suggestions: borger, receivedAt: new Date('2026-03-03T10:00:00Z') })).id;
    ids.borger2 = (await h.seed({ subject: 'Nyt pas 010190-1234', state: 'parked', kle: '27.15.02', suggestions: borger, receivedAt: new Date('2026-03-02T10:00:00Z'), channel: 'scan' })).id;
    ids.ky = (await h.seed({ subject: 'Ansøgning om hjælp', state: 'parked', kle: '32.30.04', suggestions: ky, receivedAt: new Date('2026-03-01T10:00:00Z') })).id;
    ids.routed = (await h.seed({ subject: 'Allerede fordelt', state: 'routed', destination: 'BORGER' })).id;
  }, 120_000);
  afterAll(async () => h?.close());

  it('lists exactly the parked items in scope, with suggestions, masked CPR and an escaped subject', async () => {
    const all = await h.app.inject({ method: 'GET', url: '/restpostkasse', headers: journal });
    expect(all.statusCode).toBe(200);
    for (const id of [ids.borger, ids.borger2, ids.ky]) expect(all.body).toContain(`/forsendelser/${id}`);
    expect(all.body).not.toContain(ids.routed);
    expect(all.body).not.toContain('<script>alert(1)</script>');
    expect(all.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(all.body).not.toContain('010190-1234');
    expect(all.body).toContain('27.15.02 Pas → BORGER (42 %)');
    expect(all.body).toContain('Accepter forslag 1 for valgte');
    const mine = await h.app.inject({ method: 'GET', url: '/restpostkasse', headers: staffBorger });
    expect(mine.body).toContain(ids.borger);
    expect(mine.body).not.toContain(ids.ky);
  });

  it('filters by channel, KLE prefix and text, and pages with the cursor', async () => {
    const scans = await h.app.inject({ method: 'GET', url: '/restpostkasse?channel=scan', headers: journal });
    expect(scans.body).toContain(ids.borger2);
    expect(scans.body).not.toContain(ids.borger);
    const kle = await h.app.inject({ method: 'GET', url: '/restpostkasse?kle=32', headers: journal });
    expect(kle.body).toContain(ids.ky);
    expect(kle.body).not.toContain(ids.borger2);
    const text = await h.app.inject({ method: 'GET', url: `/restpostkasse?q=${encodeURIComponent('Ansøgning')}`, headers: journal });
    expect(text.body).toContain(ids.ky);
    expect(text.body).not.toContain(ids.borger2);
    expect((await h.app.inject({ method: 'GET', url: '/restpostkasse?cursor=nonsense', headers: journal })).statusCode).toBe(400);
  });

  it('refuses accept and place outside the scope as not found, and places nothing', async () => {
    const accept = await post(`/restpostkasse/${ids.ky}/accept`, { suggestion: '1' }, staffBorger);
    expect(accept.statusCode).toBe(404);
    expect(accept.body).toContain('Ikke fundet');
    const place = await post(`/restpostkasse/${ids.ky}/place`, { destination: 'BORGER' }, { ...staffBorger, 'hx-request': 'true' });
    expect(place.statusCode).toBe(404);
    expect(h.delivered).not.toContain(ids.ky);
  });

  it('accepts a suggestion through htmx: the row becomes a Danish confirmation and the item is handed over', async () => {
    const response = await post(`/restpostkasse/${ids.borger}/accept`, { suggestion: '1' }, { ...staffBorger, 'hx-request': 'true' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`id="row-${ids.borger}"`);
    expect(response.body).toContain('Forsendelsen er fordelt til BORGER med KLE-emne 27.15.02.');
    expect(h.delivered).toContain(ids.borger);
    expect(h.delivered).toContain(ids.borger);
    // Again: no longer in the rest mailbox, said in Danish.
    const again = await post(`/restpostkasse/${ids.borger}/accept`, { suggestion: '1' }, { ...staffBorger, 'hx-request': 'true' });
    expect(again.body).toContain('ikke længere i restpostkassen');
  });

  it('places with a chosen destination and KLE without htmx and redirects back (303)', async () => {
    const response = await post(`/restpostkasse/${ids.ky}/place`, { destination: 'KY', kle: '32.30.04', returnTo: '/restpostkasse?channel=email' }, journal);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/restpostkasse?channel=email');
    expect(h.delivered).toContain(ids.ky);
    const unknown = await post(`/restpostkasse/${ids.borger2}/place`, { destination: 'NOWHERE', returnTo: 'https://evil.example' }, journal);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Modtageren findes ikke.');
    expect(unknown.body).not.toContain('evil.example');
  });

  it('bulk-accepts suggestion 1 for the chosen rows and reports what could not be placed', async () => {
    const response = await post('/restpostkasse/bulk', { ids: [ids.borger2!, ids.routed!] }, journal);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/restpostkasse?placed=1&refused=1');
    expect(h.delivered).toContain(ids.borger2);
    const after = await h.app.inject({ method: 'GET', url: response.headers.location as string, headers: journal });
    expect(after.body).toContain('1 forsendelse(r) fordelt, 1 kunne ikke fordeles.');
  });

  it('offers the published rule set destinations by name in "Vælg modtager"', async () => {
    await h.seed({ subject: 'Endnu et brev', state: 'parked', kle: '32.30.04', suggestions: [] });
    const before = await h.app.inject({ method: 'GET', url: '/restpostkasse', headers: journal });
    expect(before.body).not.toContain('Kommunernes Ydelsessystem');
    const store = createRuleSetStore(h.database.db, { tenantId: TENANT });
    const draft = await store.createDraft({ name: 'prøve', body: JSON.parse(await readFile('samples/rules.json', 'utf8')), actor: 'test' });
    await store.publish(draft.version, 'test');
    const after = await h.app.inject({ method: 'GET', url: '/restpostkasse', headers: journal });
    expect(after.body).toContain('<option value="KY">KY – Kommunernes Ydelsessystem</option>');
  });

  it('sends a visitor without a login to login, and a form post without one does nothing', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/restpostkasse' })).statusCode).toBe(303);
    expect((await post(`/restpostkasse/${ids.borger2}/accept`, { suggestion: '1' }, {})).statusCode).toBe(303);
  });
});

describe('the rest mailbox forms with a real login session (PGlite)', () => {
  let h: ApiHarness;
  let authentication: Authentication | undefined;
  let parked: string;
  const jar = new CookieJar();

  beforeAll(async () => {
    const localUsers = [{ username: 'mette', displayName: 'Mette Jensen', passwordHash: await hashPassword('prøv-fordeler'), groups: ['fordeler-esdh'] }];
    const settings = { groups: { 'fordeler-esdh': { roles: ['journal'], destinations: 'all', kleGroups: 'all' } }, localLogin: true, localUsers };
    // The harness makes the database; the plugin needs it, so it is made in beforeBuild and registered through this shim.
    const auth: FastifyPluginAsync = async (app, options) => authentication!.plugin(app, options);
    Object.assign(auth, { [Symbol.for('skip-override')]: true });
    h = await openApiHarness('PGlite', {
      pages: registerWebApp,
      auth,
      beforeBuild: (database) => {
        authentication = createAuthentication(settings, { db: database.db, tenantId: TENANT, databaseKind: database.kind, env: {} });
      },
    });
    parked = (await h.seed({ subject: 'Pas', state: 'parked', kle: '27.15.02', suggestions: [{ kle: '27.15.02', score: 0.4, destination: 'BORGER', ruleId: null }] })).id;
    const login = jar.take(await h.app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'mette', password: 'prøv-fordeler' } }));
    expect(login.statusCode).toBeLessThan(400);
  }, 120_000);
  afterAll(async () => {
    await authentication?.close();
    await h?.close();
  });

  it('carries the session CSRF token in every form and the meta tag; a post without it is refused, with it placed', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/restpostkasse', cookies: jar.all });
    expect(page.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBeTruthy();
    expect(page.body).toContain(`<meta name="csrf-token" content="`);
    // Every post form of the page (bulk, accept, place) carries it; the layout's log-out form is the frame's, not this page's.
    const forms = (page.body.match(/<form[^>]*method="post"[^>]*>/g) ?? []).filter((f) => !f.includes('/logud'));
    const fields = page.body.match(/name="_csrf"/g) ?? [];
    expect(forms.length).toBe(3);
    expect(fields.length).toBe(forms.length);
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const refused = await h.app.inject({ method: 'POST', url: `/restpostkasse/${parked}/accept`, payload: 'suggestion=1', headers, cookies: jar.all });
    expect(refused.statusCode).toBe(403);
    expect(h.delivered).not.toContain(parked);
    // Every post form is an htmx form (hx-post or hx-boost): htmx sends the token as X-CSRF-Token (web/assets/fordeler.js).
    expect(forms.every((f) => f.includes('hx-post=') || f.includes('hx-boost="true"'))).toBe(true);
    const placed = await h.app.inject({ method: 'POST', url: `/restpostkasse/${parked}/accept`, payload: 'suggestion=1', headers: { ...headers, 'hx-request': 'true', 'x-csrf-token': token! }, cookies: jar.all });
    expect(placed.statusCode).toBe(200);
    expect(placed.body).toContain('Forsendelsen er fordelt til BORGER');
    expect(h.delivered).toContain(parked);
  });
});
