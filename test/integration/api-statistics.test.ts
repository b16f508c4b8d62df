// GET /api/v1/statistics and GET /api/v1/items/export over a real database, on PGlite and PostgreSQL:
// seeded items (routed by rules at known times, one mis-routed and re-distributed by a person through the
// API, one placed by hand, one still parked, one outside the period, one of another tenant) give exact
// figures; a journal principal with a limited scope sees only its items' counts; staff and auditors get
// 403. The export is RFC 4180 CSV with a BOM, masks CPR numbers, defuses formulas, and writes exactly one
// `item.export` access-log line per exported item.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedistributionStore } from '../../db/redistribution-store.js';
import { accessLog } from '../../db/schema.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness, type SeedItem } from '../support/api-harness.js';

const journal = asPrincipal(principal());
const admin = asPrincipal(principal({ subject: 'admin@norrea', displayName: 'Anna Admin', roles: ['administrator'] }));
const journalBorger = asPrincipal(principal({ subject: 'bo@norrea', displayName: 'Bo Borger', scope: { destinations: ['BORGER'], sensitive: false } }));
const staff = asPrincipal(principal({ subject: 'ole@norrea', roles: ['staff'] }));
const auditor = asPrincipal(principal({ subject: 'revisor@norrea', roles: ['auditor'] }));
const MARCH = 'from=2026-03-01&to=2026-03-31';

describe.each(BACKENDS)('statistics and the export on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};

  /** A classified item routed by `ruleId` to `destination`, `seconds` after it was received. */
  async function routed(spec: Omit<SeedItem, 'state'>, destination: string, ruleId: string, seconds: number): Promise<string> {
    const { id } = await h.seed({ ...spec, state: 'classified' });
    const at = new Date(spec.receivedAt!.getTime() + seconds * 1000);
    const result = await h.items.commit({
      itemId: id,
      from: 'classified',
      to: 'routed',
      event: { stage: 'route', type: 'routed', at, data: { destination, ruleId } },
      decision: { stage: 'route', outcome: { status: 'routed', destination, ruleId }, reasons: [{ code: 'route.rule_matched', message: `rule ${ruleId}` }], ruleSetVersion: 'v1', ruleId },
      patch: { destination },
    });
    expect(result.committed).toBe(true);
    return id;
  }

  beforeAll(async () => {
    h = await openApiHarness(backend);
    const karen = { name: 'Karen Holm', email: 'karen@example.dk' };
    // A citizen writing through Digital Post: the sender's id is a CPR number.
    const citizen = { name: 'Jens Hansen', id: '0101901009' } as SeedItem['sender'];
    ids.a = await routed({ subject: 'Klage over afgørelse 010190 1009', sender: karen, receivedAt: new Date('2026-03-02T09:00:00Z') }, 'KY', 'R1', 60);
    ids.b = await routed({ subject: 'Ansøgning om boligstøtte', sender: karen, receivedAt: new Date('2026-03-02T10:00:00Z') }, 'KY', 'R1', 120);
    // 23:30 UTC on 2 March is 3 March in Copenhagen. Routed to BORGER by a rule, sent back, placed at KY by a person.
    ids.c = await routed({ subject: 'Spørgsmål om pas', sender: citizen, channel: 'digitalpost', kle: '27.15.02', receivedAt: new Date('2026-03-02T23:30:00Z') }, 'BORGER', 'R2', 300);
    ids.d = (await h.seed({ subject: 'Ulæseligt brev', state: 'parked', channel: 'scan', kle: '27.15.02', receivedAt: new Date('2026-03-03T08:00:00Z') })).id;
    ids.e = (await h.seed({ subject: '=1+1 Spørgsmål om kørekort', state: 'parked', kle: '27.15.02', suggestions: [{ kle: '27.15.02', score: 0.4, destination: 'BORGER', ruleId: null }], receivedAt: new Date('2026-03-03T09:00:00Z') })).id;
    ids.h = await routed({ subject: 'Underretning om barn', sensitive: ['children'], kle: '27.15.02', receivedAt: new Date('2026-03-04T12:00:00Z') }, 'BORGER', 'R2', 30);
    ids.february = await routed({ subject: 'Gammel klage', receivedAt: new Date('2026-02-27T12:00:00Z') }, 'KY', 'R1', 10);
    ids.otherTenant = (await h.seed({ subject: 'En anden kommunes brev', state: 'routed', tenantId: 'kommune-b', receivedAt: new Date('2026-03-02T12:00:00Z') })).id;

    const rejected = await h.items.commit({ itemId: ids.c, from: 'routed', to: 'rejected', event: { stage: 'receipt', type: 'rejected', at: new Date('2026-03-03T08:00:00Z') } });
    expect(rejected.committed).toBe(true);
    const placed = await h.app.inject({ method: 'POST', url: `/api/v1/rest-mailbox/${ids.c}/place`, headers: { ...journal, 'content-type': 'application/json' }, payload: JSON.stringify({ destination: 'KY' }) });
    expect(placed.statusCode, placed.body).toBe(200);
    // Placed by hand two hours after it arrived (the store with a clock at that moment).
    const byHand = createRedistributionStore(h.database.db, { now: () => new Date('2026-03-03T10:00:00Z') }, TENANT);
    expect(await byHand.redistribute({ itemId: ids.d, toDestination: 'BORGER', by: 'ole@norrea', via: 'api' })).toMatchObject({ created: true });
  }, 120_000);
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = journal) => h.app.inject({ method: 'GET', url, headers });
  const statistics = async (query: string, headers = journal) => {
    const response = await get(`/api/v1/statistics?${query}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Record<string, unknown>;
  };

  it('gives exact figures for the period over everything the journal function may read', async () => {
    const s = await statistics(MARCH);
    expect(s.period).toEqual({ from: '2026-03-01', to: '2026-03-31', timeZone: 'Europe/Copenhagen' });
    expect(s.received).toBe(6);
    expect(s.volume).toEqual([
      { day: '2026-03-02', channel: 'email', count: 2 },
      { day: '2026-03-03', channel: 'email', count: 1 },
      { day: '2026-03-03', channel: 'digitalpost', count: 1 },
      { day: '2026-03-03', channel: 'scan', count: 1 },
      { day: '2026-03-04', channel: 'email', count: 1 },
    ]);
    expect(s.topSenders).toEqual([
      { name: 'Søren Ærø', email: 'soeren@example.dk', id: null, count: 3 },
      { name: 'Karen Holm', email: 'karen@example.dk', id: null, count: 2 },
      { name: 'Jens Hansen', email: null, id: '010190-XXXX', count: 1 },
    ]);
    expect(s.destinations).toEqual([
      { destination: 'KY', count: 3 },
      { destination: 'BORGER', count: 2 },
    ]);
    expect(s.automation).toEqual({
      placed: 5,
      automatic: 3,
      rate: 0.6,
      perDay: [
        { day: '2026-03-02', placed: 2, automatic: 2, rate: 1 },
        { day: '2026-03-03', placed: 2, automatic: 0, rate: 0 },
        { day: '2026-03-04', placed: 1, automatic: 1, rate: 1 },
      ],
    });
    expect(s.rules).toEqual([
      { ruleId: 'R1', ruleSetVersion: 'v1', hits: 2 },
      { ruleId: 'R2', ruleSetVersion: 'v1', hits: 2 },
    ]);
    expect(s.redistributedAfterRouting).toEqual([
      { destination: 'BORGER', routedAutomatically: 2, redistributed: 1, rate: 0.5 },
      { destination: 'KY', routedAutomatically: 2, redistributed: 0, rate: 0 },
    ]);
    // Received → first placing: 30, 60, 120, 300 and 7200 seconds.
    expect(s.timeToPlacement).toEqual({ placed: 5, medianSeconds: 120, p90Seconds: 4440 });
    expect(JSON.stringify(s)).not.toContain('0101901009');
  });

  it('counts only the items a limited scope may read', async () => {
    // BORGER's journal worker: the item placed at BORGER and the parked one suggested there; not the
    // sensitive one, not the one moved away to KY.
    const s = await statistics(MARCH, journalBorger);
    expect(s.received).toBe(2);
    expect(s.volume).toEqual([
      { day: '2026-03-03', channel: 'email', count: 1 },
      { day: '2026-03-03', channel: 'scan', count: 1 },
    ]);
    expect(s.topSenders).toEqual([{ name: 'Søren Ærø', email: 'soeren@example.dk', id: null, count: 2 }]);
    expect(s.destinations).toEqual([{ destination: 'BORGER', count: 1 }]);
    expect(s.automation).toEqual({ placed: 1, automatic: 0, rate: 0, perDay: [{ day: '2026-03-03', placed: 1, automatic: 0, rate: 0 }] });
    expect(s.rules).toEqual([]);
    expect(s.redistributedAfterRouting).toEqual([]);
    expect(s.timeToPlacement).toEqual({ placed: 1, medianSeconds: 7200, p90Seconds: 7200 });
  });

  it('takes Copenhagen days as the period’s bounds, and refuses a bad period', async () => {
    // 2 March in Copenhagen ends at 23:00 UTC: the item received 23:30 UTC belongs to 3 March.
    expect((await statistics('from=2026-03-02&to=2026-03-02')).received).toBe(2);
    expect((await statistics('from=2026-03-03&to=2026-03-03')).received).toBe(3);
    expect((await statistics('from=2026-02-01&to=2026-02-28')).received).toBe(1);
    const empty = await statistics('from=2025-01-01&to=2025-01-31', admin);
    expect(empty).toMatchObject({ received: 0, volume: [], automation: { placed: 0, automatic: 0, rate: null, perDay: [] }, timeToPlacement: { placed: 0, medianSeconds: null, p90Seconds: null } });
    const byDefault = await statistics('');
    expect(byDefault.period).toMatchObject({ to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    for (const query of ['from=2026-03-31&to=2026-03-01', 'from=2025-01-01&to=2026-03-01', 'from=2026-13-01', 'top=0']) {
      expect((await get(`/api/v1/statistics?${query}`)).statusCode, query).toBe(400);
    }
  });

  it('answers 401 without a principal and 403 to staff and auditors, for both routes', async () => {
    for (const url of [`/api/v1/statistics?${MARCH}`, '/api/v1/items/export?format=csv']) {
      expect((await get(url, {})).statusCode, url).toBe(401);
      expect((await get(url, staff)).statusCode, url).toBe(403);
      expect((await get(url, auditor)).statusCode, url).toBe(403);
    }
  });

  const exportLines = async (requestId: string) => {
    const log = await get(`/api/v1/access-log?limit=500`, admin);
    expect(log.statusCode).toBe(200);
    return (log.json() as { entries: { action: string; itemId: string; shown: string[]; requestId: string; actor: string; purpose: string | null }[] }).entries.filter((e) => e.requestId === requestId);
  };

  it('exports CSV with a BOM, masked CPR numbers and defused formulas, and logs one line per item', async () => {
    const response = await get('/api/v1/items/export?format=csv&from=2026-03-01&to=2026-04-01', { ...journal, 'x-purpose': 'Kvartalsopgørelse' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="forsendelser-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers['x-export-truncated']).toBe('false');
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = response.rawPayload.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('id,receivedAt,channel,state,subject,sender,kleNr,destination');
    const rows = lines.slice(1, -1);
    expect(rows.map((r) => r.split(',')[0])).toEqual([ids.h, ids.e, ids.d, ids.c, ids.b, ids.a]);
    expect(rows.at(-1)).toBe(`${ids.a},2026-03-02T10:00:00+01:00,email,routed,Klage over afgørelse 010190-XXXX,Karen Holm karen@example.dk,32.30.04,KY`);
    expect(rows[1]).toBe(`${ids.e},2026-03-03T10:00:00+01:00,email,parked,'=1+1 Spørgsmål om kørekort,Søren Ærø soeren@example.dk,27.15.02,`);
    expect(rows[3]).toContain(',Jens Hansen 010190-XXXX,');
    expect(text).not.toContain('010190 1009');
    expect(text).not.toContain('0101901009');
    expect(response.headers['x-export-rows']).toBe('6');

    const logged = await exportLines(response.headers['x-request-id'] as string);
    expect(logged).toHaveLength(6);
    expect(logged.map((e) => e.itemId).sort()).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e, ids.h].sort());
    for (const line of logged) expect(line).toMatchObject({ action: 'item.export', shown: ['metadata'], actor: 'mette@norrea', purpose: 'Kvartalsopgørelse' });
  });

  it('exports with the list’s filters, inside the caller’s scope, and logs only what it exported', async () => {
    const ky = await get('/api/v1/items/export?destination=KY&from=2026-03-01', admin);
    expect(ky.statusCode).toBe(200);
    const kyIds = ky.rawPayload.toString('utf8').split('\r\n').slice(1, -1).map((r) => r.split(',')[0]);
    expect(kyIds).toEqual([ids.c, ids.b, ids.a]);
    expect((await exportLines(ky.headers['x-request-id'] as string)).map((e) => e.itemId).sort()).toEqual([ids.a, ids.b, ids.c].sort());

    const scoped = await get('/api/v1/items/export', journalBorger);
    const scopedIds = scoped.rawPayload.toString('utf8').split('\r\n').slice(1, -1).map((r) => r.split(',')[0]);
    expect(scopedIds).toEqual([ids.e, ids.d]);
    expect(await exportLines(scoped.headers['x-request-id'] as string)).toHaveLength(2);

    const none = await get('/api/v1/items/export?state=failed', admin);
    expect(none.rawPayload.toString('utf8')).toBe('\uFEFFid,receivedAt,channel,state,subject,sender,kleNr,destination\r\n');
    expect(await exportLines(none.headers['x-request-id'] as string)).toEqual([]);
    expect((await get('/api/v1/items/export?format=xlsx')).statusCode).toBe(400);
  });

  it('documents both routes in the OpenAPI document, the export as text/csv', async () => {
    const document = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>> };
    expect(Object.keys(document.paths['/api/v1/statistics']!.get!.responses['200']!.content)).toEqual(['application/json']);
    expect(Object.keys(document.paths['/api/v1/items/export']!.get!.responses['200']!.content)).toEqual(['text/csv']);
    expect(Object.keys(document.paths['/api/v1/items/export']!.get!.responses['403']!.content)).toEqual(['application/problem+json']);
  });

  // Last: it adds 10,001 items of 2025 to the tenant.
  it('exports the newest 10,000 when more match, says so, and logs exactly those', async () => {
    await h.database.db.execute(
      sql`insert into items (tenant_id, channel, state, source, file_name, content_sha256, size, subject, received_at)
          select ${TENANT}, 'email', 'received', 'test://bulk', 'bulk.eml', md5(n::text), 1, 'Masseforsendelse ' || n, timestamptz '2025-01-01T00:00:00Z' + n * interval '1 minute'
          from generate_series(1, 10001) as n`,
    );
    const response = await get('/api/v1/items/export?to=2026-01-01', admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-export-truncated']).toBe('true');
    expect(response.headers['x-export-rows']).toBe('10000');
    const rows = response.rawPayload.toString('utf8').split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(10_000);
    expect(rows[0]).toContain(',Masseforsendelse 10001,');
    expect(rows.at(-1)).toContain(',Masseforsendelse 2,');
    const [logged] = await h.database.db
      .select({ lines: sql<number>`count(*)::int`, items: sql<number>`count(distinct ${accessLog.itemId})::int` })
      .from(accessLog)
      .where(and(eq(accessLog.tenantId, TENANT), eq(accessLog.requestId, response.headers['x-request-id'] as string), eq(accessLog.action, 'item.export')));
    expect(logged).toEqual({ lines: 10_000, items: 10_000 });
  });
});
