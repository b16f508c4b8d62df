// The Regler page (web/pages/rules.ts) on the API's instance: journal and administrators see the versions,
// the draft's rules and its JSON editor (validated inline through htmx), save, simulate, publish and roll
// back with the same store and simulation as the JSON API, and read the configuration audit; staff and
// auditors get the Danish 403 page. On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

const journal = asPrincipal(principal());
const admin = asPrincipal(principal({ subject: 'anne@norrea', displayName: 'Anne Admin', roles: ['administrator'] }));
const staff = asPrincipal(principal({ subject: 'ole@norrea', displayName: 'Ole Borger', roles: ['staff'] }));
const auditor = asPrincipal(principal({ subject: 'revisor@norrea', displayName: 'Revisor', roles: ['auditor'] }));
const noSensitive = asPrincipal(principal({ subject: 'jens@norrea', displayName: 'Jens Journal', scope: { sensitive: false } }));

const destinations = [
  { id: 'KY', name: 'Ydelser' },
  { id: 'BORGER', name: 'Borgerservice' },
];
const first = { destinations, contentRoutes: [{ id: 'R1', subjectContains: ['boligstøtte', 'klage'], destination: 'KY' }] };
const second = {
  destinations,
  contentRoutes: [
    { id: 'R1', subjectContains: ['boligstøtte'], destination: 'KY' },
    { id: 'PAS', subjectContains: ['pas'], destination: 'BORGER' },
  ],
};
const broken = { destinations, kleRoutes: [{ pattern: '32.30', destination: 'UKENDT' }] };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe.each(BACKENDS)('the Regler page on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await openApiHarness(backend, { pages: registerWebApp });
    const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T10:00:00Z`);
    ids.klage = (await h.seed({ subject: 'Klage over afgørelse', state: 'routed', destination: 'KY', receivedAt: at(2) })).id;
    ids.pas = (await h.seed({ subject: 'Spørgsmål om pas', fileName: 'pas 010190-1009.eml', state: 'parked', receivedAt: at(3) })).id;
    ids.pasBarn = (await h.seed({ subject: 'Pas til barn', fileName: 'barn.eml', state: 'parked', sensitive: ['children'], receivedAt: at(4) })).id;
  }, 60_000);
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = journal) => h.app.inject({ method: 'GET', url, headers });
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = journal) =>
    h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form(fields) });

  it('opens for journal and administrators, and is the Danish 403 page for staff and auditors', async () => {
    for (const who of [journal, admin]) {
      const response = await get('/regler', who);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<h2>Versioner</h2>');
      expect(response.body).toContain('Der er ingen kladde');
      expect(response.body).toContain('hx-trigger="keyup changed delay:500ms"');
    }
    for (const who of [staff, auditor]) {
      const response = await get('/regler', who);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('Ingen adgang');
      expect((await post('/regler/kladde', { body: JSON.stringify(first) }, who)).statusCode).toBe(403);
      expect((await post('/regler/kladde/valider', { body: '{' }, who)).statusCode).toBe(403);
    }
    expect((await get('/regler', {})).statusCode).toBe(303);
  });

  it('shows validation problems inline with their JSON path, for broken JSON and for a broken rule file', async () => {
    const json = await post('/regler/kladde/valider', { body: '{"destinations": [' }, { ...journal, 'hx-request': 'true' });
    expect(json.statusCode).toBe(200);
    expect(json.body).toContain('Teksten er ikke gyldig JSON');
    expect(json.body).not.toContain('<html');
    const invalid = await post('/regler/kladde/valider', { body: JSON.stringify(broken) }, { ...journal, 'hx-request': 'true' });
    expect(invalid.body).toContain('kleRoutes[0].destination');
    expect(invalid.body).toContain('Modtageren findes ikke');
    expect(invalid.body).toContain('kleRoutes[0].pattern');
    const valid = await post('/regler/kladde/valider', { body: JSON.stringify(first) });
    expect(valid.body).toContain('Regelfilen er gyldig');
    // Saving a broken file stores nothing and shows the page with the problems and the text kept.
    const saved = await post('/regler/kladde', { body: JSON.stringify(broken) });
    expect(saved.statusCode).toBe(422);
    expect(saved.body).toContain('kleRoutes[0].destination');
    expect(saved.body).toContain('UKENDT');
    expect((await get('/regler')).body).toContain('Der er endnu ingen versioner');
  });

  it('saves a draft as the logged-in person, shows its rules, publishes it, and the audit names who did it', async () => {
    const saved = await post('/regler/kladde', { body: JSON.stringify(first), name: 'Forår 2026' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/regler?udfoert=gemt');
    const shown = await get('/regler?udfoert=gemt');
    expect(shown.body).toContain('Kladden er gemt.');
    expect(shown.body).toContain('Kladde v1: Forår 2026');
    expect(shown.body).toMatch(/<th scope="row">R1<\/th><td>Emnet indeholder »boligstøtte« eller »klage«<\/td><td>Ydelser \(KY\)<\/td>/);
    const published = await post('/regler/kladde/udgiv', {});
    expect(published.statusCode).toBe(303);
    const after = await get('/regler');
    expect(after.body).toContain('Offentliggjort');
    expect(after.body).toContain('mette@norrea');
    expect(after.body).toContain('Kladde oprettet');
    expect(after.body).toContain('Der er ingen kladde');
    expect((await post('/regler/kladde/udgiv', {})).statusCode).toBe(404);
  });

  it('simulates the saved draft: per rule the changed items, listing only those the person may read', async () => {
    expect((await post('/regler/kladde', { body: JSON.stringify(second) }, admin)).statusCode).toBe(303);
    const period = { from: '2026-03-01', to: '2026-04-01' };
    const simulated = await post('/regler/kladde/simuler', period, { ...journal, 'hx-request': 'true' });
    expect(simulated.statusCode, simulated.body).toBe(200);
    expect(simulated.body).toContain('Resultat for v2');
    expect(simulated.body).toMatch(/<th scope="row">PAS<\/th><td>2<\/td>/);
    expect(simulated.body).toContain(`/forsendelser/${ids.pas}`);
    expect(simulated.body).toContain(`/forsendelser/${ids.pasBarn}`);
    expect(simulated.body).toContain(`/forsendelser/${ids.klage}`);
    expect(simulated.body).not.toContain('1009');
    const limited = await post('/regler/kladde/simuler', period, { ...noSensitive, 'hx-request': 'true' });
    expect(limited.body).toMatch(/<th scope="row">PAS<\/th><td>2<\/td>/);
    expect(limited.body).toContain(`/forsendelser/${ids.pas}`);
    expect(limited.body).not.toContain(`/forsendelser/${ids.pasBarn}`);
    expect(limited.body).toContain('1 ændrede forsendelser ligger uden for din adgang');
    // An empty period: htmx gets the message as a fragment it will swap in (2xx), a form post the page with 400.
    const empty = { from: '2026-04-01', to: '2026-03-01' };
    const emptyFragment = await post('/regler/kladde/simuler', empty, { ...journal, 'hx-request': 'true' });
    expect(emptyFragment.statusCode).toBe(200);
    expect(emptyFragment.body).toContain('Perioden er tom');
    expect((await post('/regler/kladde/simuler', empty)).statusCode).toBe(400);
    // Without htmx, the whole page with the result in it.
    const whole = await post('/regler/kladde/simuler', period);
    expect(whole.body).toContain('<h1>Regler</h1>');
    expect(whole.body).toContain('Resultat for v2');
  });

  it('publishes the new draft, rolls back to the retired version, and shows the audit with its diff summaries', async () => {
    expect((await post('/regler/kladde/udgiv', {})).statusCode).toBe(303);
    const page = (await get('/regler')).body;
    expect(page).toContain('aria-label="Rul tilbage til v1"');
    expect(page).toContain('+1 −0 ~1 regler');
    expect((await post('/regler/rul-tilbage', { version: 'v2' })).statusCode).toBe(409);
    expect((await post('/regler/rul-tilbage', { version: 'v9' })).statusCode).toBe(404);
    const rolled = await post('/regler/rul-tilbage', { version: 'v1' }, admin);
    expect(rolled.statusCode).toBe(303);
    expect(rolled.headers.location).toBe('/regler?udfoert=rullet-tilbage');
    const after = (await get('/regler?udfoert=rullet-tilbage')).body;
    expect(after).toContain('Den tidligere version er offentliggjort igen.');
    expect(after).toContain('Rullet tilbage');
    expect(after).toContain('aria-label="Rul tilbage til v2"');
    expect(after).not.toContain('aria-label="Rul tilbage til v1"');
    const current = (await h.app.inject({ method: 'GET', url: '/api/v1/rule-sets/v1', headers: journal })).json() as { status: string };
    expect(current.status).toBe('published');
  });
});
