// The HTTP API's item, rest-mailbox and failed routes over a real database, on PGlite and PostgreSQL:
// lists with filters, Danish full-text search (inflections) and keyset pages; detail, text and the original
// streamed byte-exact; 401 without a principal, 403 for a role that reads no post, 404 outside the scope
// exactly as for a missing id; the write routes through the real re-distribution action.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

const journal = asPrincipal(principal());
const staffBorger = asPrincipal(principal({ subject: 'ole@norrea', displayName: 'Ole Borger', roles: ['staff'], scope: { destinations: ['BORGER'], sensitive: false } }));
const auditor = asPrincipal(principal({ subject: 'revisor@norrea', roles: ['auditor'] }));
const json = { 'content-type': 'application/json' };

describe.each(BACKENDS)('the item API on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};
  let original: Buffer;

  beforeAll(async () => {
    h = await openApiHarness(backend);
    original = randomBytes(300_000);
    ids.klage = (await h.seed({ subject: 'Klage over afgørelse 010190 1009', body: 'Jeg er utilfreds med afgørelsen.', state: 'routed', destination: 'KY', kle: '32.30.04', receivedAt: new Date('2026-03-01T10:00:00Z'), bytes: original, fileName: 'klage 010190 1009.eml' })).id;
    ids.bolig = (await h.seed({ subject: 'Ansøgning om boligstøtte', body: 'Jeg klager ikke, jeg søger.', sender: { name: 'Karen Holm', email: 'karen@example.dk' }, state: 'routed', destination: 'KY', kle: '32.30.04', receivedAt: new Date('2026-03-02T10:00:00Z') })).id;
    ids.parkedBorger = (await h.seed({ subject: 'Spørgsmål om pas', state: 'parked', kle: '27.15.02', suggestions: [{ kle: '27.15.02', score: 0.4, destination: 'BORGER', ruleId: null }, { kle: '32.30.04', score: 0.2, destination: 'KY', ruleId: null }], receivedAt: new Date('2026-03-03T10:00:00Z') })).id;
    ids.parkedNone = (await h.seed({ subject: 'Ulæseligt brev', state: 'parked', kle: '27.15.02', suggestions: [], receivedAt: new Date('2026-03-04T10:00:00Z'), channel: 'scan' })).id;
    ids.sensitiveBorger = (await h.seed({ subject: 'Underretning om barn', state: 'routed', destination: 'BORGER', kle: '27.15.02', sensitive: ['children'], receivedAt: new Date('2026-03-05T10:00:00Z') })).id;
    ids.failed = (await h.seed({ subject: 'Defekt fil', state: 'failed', receivedAt: new Date('2026-03-06T10:00:00Z') })).id;
    ids.otherTenant = (await h.seed({ subject: 'Klage fra en anden kommune', state: 'routed', destination: 'KY', tenantId: 'kommune-b' })).id;
  }, 60_000);
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = journal) => h.app.inject({ method: 'GET', url, headers });
  const post = (url: string, body: unknown, headers: Record<string, string> = journal) => h.app.inject({ method: 'POST', url, headers: { ...json, ...headers }, payload: JSON.stringify(body) });
  const listed = async (query: string, headers = journal) => {
    const response = await get(`/api/v1/items${query}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: { id: string }[] }).items.map((i) => i.id);
  };

  it('answers 401 without a principal, on every route that reveals or writes items', async () => {
    const id = ids.klage!;
    for (const url of ['/api/v1/items', `/api/v1/items/${id}`, `/api/v1/items/${id}/text`, `/api/v1/items/${id}/original`, '/api/v1/rest-mailbox', '/api/v1/failed', '/api/v1/access-log']) {
      const response = await get(url, {});
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    for (const url of [`/api/v1/rest-mailbox/${ids.parkedBorger}/accept`, `/api/v1/rest-mailbox/${ids.parkedBorger}/place`, '/api/v1/rest-mailbox/bulk', `/api/v1/failed/${ids.failed}/retry`]) {
      expect((await post(url, {}, {})).statusCode, url).toBe(401);
    }
  });

  it('answers 403 to an auditor, who reads the access log and not the post', async () => {
    expect((await get('/api/v1/items', auditor)).statusCode).toBe(403);
    expect((await get(`/api/v1/items/${ids.klage}`, auditor)).statusCode).toBe(403);
  });

  it('lists the tenant’s items newest first with masked subjects, and filters', async () => {
    const response = await get('/api/v1/items');
    const body = response.json() as { items: { id: string; subject: string; fileName: string }[] };
    expect(body.items.map((i) => i.id)).toEqual([ids.failed, ids.sensitiveBorger, ids.parkedNone, ids.parkedBorger, ids.bolig, ids.klage]);
    expect(response.body).not.toMatch(/1009/);
    expect(body.items.at(-1)!.subject).toBe('Klage over afgørelse 010190-XXXX');
    expect(await listed('?state=parked')).toEqual([ids.parkedNone, ids.parkedBorger]);
    expect(await listed('?channel=scan')).toEqual([ids.parkedNone]);
    expect(await listed('?destination=BORGER')).toEqual([ids.sensitiveBorger]);
    expect(await listed('?kle=27.15')).toEqual([ids.sensitiveBorger, ids.parkedNone, ids.parkedBorger]);
    expect(await listed('?sender=karen')).toEqual([ids.bolig]);
    expect(await listed('?from=2026-03-02&to=2026-03-04')).toEqual([ids.parkedBorger, ids.bolig]);
    expect((await get('/api/v1/items?kle=27%25')).statusCode).toBe(400);
  });

  it('searches Danish words with their inflections, and subjects by trigrams', async () => {
    // "klager" (verb) finds the subject "Klage"; "klage" finds the body "Jeg klager ikke".
    expect(await listed('?q=klager')).toEqual([ids.bolig, ids.klage]);
    expect(await listed('?q=klage')).toEqual([ids.bolig, ids.klage]);
    expect(await listed('?q=afgørelserne')).toEqual([ids.klage]);
    expect(await listed('?q=boligstøtt')).toEqual([ids.bolig]);
    expect(await listed('?q=skattefradrag')).toEqual([]);
  });

  it('pages by keyset without repeating or skipping an item', async () => {
    const seen: string[] = [];
    let url = '/api/v1/items?limit=2';
    for (let pages = 0; pages < 10; pages++) {
      const body = (await get(url)).json() as { items: { id: string }[]; next: string | null };
      seen.push(...body.items.map((i) => i.id));
      if (!body.next) break;
      url = `/api/v1/items?limit=2&cursor=${body.next}`;
    }
    expect(seen).toEqual(await listed(''));
    expect((await get('/api/v1/items?cursor=bm9uc2Vuc2U')).statusCode).toBe(400);
  });

  it('shows a staff member only their destination’s items, their likely rest-mailbox post, nothing sensitive', async () => {
    expect(await listed('', staffBorger)).toEqual([ids.parkedBorger]);
    const rest = (await get('/api/v1/rest-mailbox', staffBorger)).json() as { items: { id: string; suggestions: { rank: number; destination: string | null }[] }[] };
    expect(rest.items.map((i) => i.id)).toEqual([ids.parkedBorger]);
    expect(rest.items[0]!.suggestions.map((s) => [s.rank, s.destination])).toEqual([[1, 'BORGER'], [2, 'KY']]);
  });

  it('says 404 outside the scope exactly as for a missing id, and for another tenant’s item', async () => {
    const missing = await get(`/api/v1/items/${randomUUID()}`, staffBorger);
    expect(missing.statusCode).toBe(404);
    for (const id of [ids.klage, ids.sensitiveBorger, ids.parkedNone]) {
      for (const suffix of ['', '/text', '/original']) {
        const response = await get(`/api/v1/items/${id}${suffix}`, staffBorger);
        expect(response.statusCode).toBe(404);
        expect({ ...response.json(), instance: undefined }).toEqual({ ...missing.json(), instance: undefined });
      }
    }
    expect((await get(`/api/v1/items/${ids.otherTenant}`)).statusCode).toBe(404);
    expect((await get('/api/v1/items/not-a-uuid')).statusCode).toBe(404);
  });

  it('gives the detail: metadata, classification with reasons, the route explanation and the timeline', async () => {
    const response = await get(`/api/v1/items/${ids.klage}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json() as { item: { subject: string }; classification: { nr: string; reasons: unknown[] }; route: { destination: string; explanation: string }; timeline: { type: string }[] };
    expect(detail.item.subject).toBe('Klage over afgørelse 010190-XXXX');
    expect(detail.classification).toMatchObject({ nr: '32.30.04', reasons: [{ code: 'classify.terms' }] });
    expect(detail.route).toMatchObject({ destination: 'KY', ruleId: 'R1' });
    expect(detail.route.explanation).toContain('routed to KY by rule R1');
    expect(detail.timeline.map((e) => e.type)).toEqual(['extracted', 'classified', 'routed']);
    expect(response.body).not.toMatch(/1009/);
  });

  it('gives the extracted text with CPR numbers masked', async () => {
    const text = (await get(`/api/v1/items/${ids.klage}/text`)).json() as { subject: string; body: string };
    expect(text).toMatchObject({ subject: 'Klage over afgørelse 010190-XXXX', body: 'Jeg er utilfreds med afgørelsen.' });
  });

  it('streams the original byte-exact, as an attachment with a masked file name', async () => {
    const response = await get(`/api/v1/items/${ids.klage}/original`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(original)).toBe(true);
    expect(response.headers['content-type']).toBe('message/rfc822');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="klage 010190-XXXX.eml"; filename*=UTF-8''klage%20010190-XXXX.eml`);
  });

  it('refuses a write that is not JSON (415) and a body that does not fit (400)', async () => {
    const url = `/api/v1/rest-mailbox/${ids.parkedBorger}/accept`;
    const text = await h.app.inject({ method: 'POST', url, headers: { ...journal, 'content-type': 'text/plain' }, payload: '{"suggestion":1}' });
    expect(text.statusCode).toBe(415);
    const form = await h.app.inject({ method: 'POST', url, headers: { ...journal, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'suggestion=1' });
    expect(form.statusCode).toBe(415);
    expect((await post(url, { suggestion: 9 })).statusCode).toBe(400);
    expect(h.delivered).toEqual([]);
  });

  it('places rest-mailbox post through the re-distribution action, once per idempotency key', async () => {
    expect((await post(`/api/v1/rest-mailbox/${ids.parkedNone}/accept`, { suggestion: 1 }, staffBorger)).statusCode).toBe(404);
    expect((await post(`/api/v1/rest-mailbox/${ids.parkedNone}/place`, { destination: 'NOWHERE' })).statusCode).toBe(422);
    expect((await post(`/api/v1/rest-mailbox/${ids.klage}/place`, { destination: 'BORGER' })).statusCode).toBe(409);

    const key = { ...staffBorger, 'idempotency-key': 'k-1' };
    const first = await post(`/api/v1/rest-mailbox/${ids.parkedBorger}/accept`, { suggestion: 1 }, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ id: ids.parkedBorger, status: 'redistributed', from: null, to: 'BORGER', round: 2, kle: '27.15.02' });
    expect(h.delivered).toEqual([ids.parkedBorger]);
    const again = await post(`/api/v1/rest-mailbox/${ids.parkedBorger}/accept`, { suggestion: 1 }, key);
    expect(again.json()).toEqual({ id: ids.parkedBorger, status: 'already_recorded' });
    expect((await post(`/api/v1/rest-mailbox/${ids.parkedBorger}/accept`, { suggestion: 1 }, { ...staffBorger, 'idempotency-key': 'k-2' })).statusCode).toBe(409);
    expect(h.delivered).toEqual([ids.parkedBorger]);
    const detail = (await get(`/api/v1/items/${ids.parkedBorger}`)).json() as { route: { manual: boolean; by: string } };
    expect(detail.route).toMatchObject({ manual: true, by: 'ole@norrea' });

    const bulk = await post('/api/v1/rest-mailbox/bulk', { items: [{ id: ids.parkedNone, destination: 'SKOLE' }, { id: ids.klage, destination: 'KY' }, { id: randomUUID(), suggestion: 1 }] });
    expect(bulk.json()).toEqual({ results: [{ id: ids.parkedNone, status: 'redistributed' }, { id: ids.klage, status: 'refused', problem: 'conflict' }, { id: expect.any(String), status: 'not_found', problem: 'not_found' }] });
    expect(h.delivered).toEqual([ids.parkedBorger, ids.parkedNone]);
  });

  it('never repeats a CPR number it was sent, in any error', async () => {
    const parked = (await h.seed({ subject: 'Brev', state: 'parked' })).id;
    const answers = [
      await get('/api/v1/items/010190-1009'),
      await get('/api/v1/items?sender=010190-1009&q=0101901009'),
      await get('/api/v1/items?kle=010190-1009'),
      await post(`/api/v1/rest-mailbox/${parked}/place`, { destination: '010190-1009' }),
      await post(`/api/v1/rest-mailbox/${parked}/place`, { destination: 'KY', kle: '010190-1009' }),
      await h.app.inject({ method: 'POST', url: `/api/v1/rest-mailbox/${parked}/place`, headers: { ...journal, ...json }, payload: '{"destination": "010190-1009"' }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([404, 200, 400, 422, 400, 400]);
    for (const answer of answers) expect(answer.body).not.toMatch(/1009/);
  });

  it('lists failed items for operators and re-queues a retry at once', async () => {
    expect((await get('/api/v1/failed', staffBorger)).statusCode).toBe(403);
    const failed = (await get('/api/v1/failed')).json() as { items: { id: string; stage: string; error: { code: string } }[] };
    expect(failed.items).toMatchObject([{ id: ids.failed, stage: 'extract', error: { code: 'extract.unexpected' } }]);
    expect((await post(`/api/v1/failed/${ids.klage}/retry`, {})).statusCode).toBe(409);
    const retried = await post(`/api/v1/failed/${ids.failed}/retry`, {});
    expect(retried.json()).toEqual({ id: ids.failed, state: 'received', queued: true });
    expect(h.requeued).toEqual([{ itemId: ids.failed, state: 'received' }]);
    expect((await post(`/api/v1/failed/${ids.failed}/retry`, {})).statusCode).toBe(409);
  });
});
