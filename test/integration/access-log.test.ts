// The access log as the API writes it, on PGlite and PostgreSQL: each read of item content (detail, text,
// original) leaves exactly one line naming who, which item, what was shown, the purpose and the request;
// lists, refusals and "not found" leave none; no line carries a CPR number in any spelling; the table
// refuses UPDATE; auditors read it through GET /api/v1/access-log with filters.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog } from '../../db/schema.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

const reader = principal({ subject: 'mette@norrea', displayName: 'Mette 010190 1009 Journal' });
const auditor = asPrincipal(principal({ subject: 'revisor@norrea', displayName: 'Revisor', roles: ['auditor'] }));
const staffElsewhere = asPrincipal(principal({ subject: 'ole@norrea', roles: ['staff'], scope: { destinations: ['SKOLE'] } }));
/** Neither the serial nor the birth date: the log needs no part of a CPR number. */
const CPR_PART = /1009|010190/;

describe.each(BACKENDS)('the access log on %s', (backend) => {
  let h: ApiHarness;
  let itemId: string;
  const rows = async () => h.database.db.select().from(accessLog).orderBy(accessLog.id);

  beforeAll(async () => {
    h = await openApiHarness(backend);
    itemId = (await h.seed({ subject: 'Klage 010190-1009', body: 'CPR 0101901009', state: 'routed', destination: 'KY', fileName: 'klage 010190–1009.eml' })).id;
  }, 60_000);
  afterAll(async () => h?.close());

  it('writes exactly one line per read of content, and none for lists, refusals or "not found"', async () => {
    const headers = asPrincipal(reader);
    const cases = [
      { url: `/api/v1/items/${itemId}`, action: 'item.read', shown: ['metadata', 'classification', 'route', 'timeline'], purpose: null as string | null },
      { url: `/api/v1/items/${itemId}/text?purpose=${encodeURIComponent('sagsbehandling af sag 010190-1009')}`, action: 'item.text', shown: ['text'], purpose: 'sagsbehandling af sag XXXXXX-XXXX' },
      { url: `/api/v1/items/${itemId}/original`, action: 'item.original', shown: ['original'], purpose: 'aktindsigt', header: { 'x-purpose': 'aktindsigt' } },
    ];
    for (const c of cases) {
      const before = (await rows()).length;
      const response = await h.app.inject({ method: 'GET', url: c.url, headers: { ...headers, ...(c.header ?? {}) } });
      expect(response.statusCode).toBe(200);
      const after = await rows();
      expect(after.length).toBe(before + 1);
      expect(after.at(-1)).toMatchObject({ tenantId: 'norrea', actor: 'mette@norrea', via: 'local', action: c.action, itemId, shown: c.shown, purpose: c.purpose, requestId: response.headers['x-request-id'] });
    }
    const count = (await rows()).length;
    for (const url of ['/api/v1/items', '/api/v1/rest-mailbox', `/api/v1/items?q=klage`]) expect((await h.app.inject({ method: 'GET', url, headers })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/items/${itemId}/text`, headers: staffElsewhere })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/items/${itemId}/original` })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/items/${itemId}`, headers: auditor })).statusCode).toBe(403);
    expect((await rows()).length).toBe(count);
  });

  it('holds no CPR number in any line', async () => {
    const all = await rows();
    expect(all.length).toBeGreaterThan(0);
    for (const row of all) expect(JSON.stringify(row)).not.toMatch(CPR_PART);
    expect(all[0]!.actorName).toBe('Mette XXXXXX-XXXX Journal');
  });

  it('refuses UPDATE', async () => {
    await expect(h.database.db.execute(sql`update access_log set purpose = 'changed'`)).rejects.toThrow();
    expect((await rows()).every((row) => row.purpose !== 'changed')).toBe(true);
  });

  it('is read by auditors through the API, with filters, and by nobody else', async () => {
    const response = await h.app.inject({ method: 'GET', url: `/api/v1/access-log?actor=mette@norrea&item=${itemId}`, headers: auditor });
    expect(response.statusCode).toBe(200);
    const entries = (response.json() as { entries: { action: string }[] }).entries;
    expect(entries.map((e) => e.action)).toEqual(['item.original', 'item.text', 'item.read']);
    const none = await h.app.inject({ method: 'GET', url: '/api/v1/access-log?actor=nobody', headers: auditor });
    expect((none.json() as { entries: unknown[] }).entries).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/access-log', headers: staffElsewhere })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/access-log?item=not-an-id', headers: auditor })).statusCode).toBe(400);
  });
});
