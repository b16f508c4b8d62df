// POST/GET /api/v1/erasures on PGlite and PostgreSQL: administrators only (401/403), by CPR or CVR only for an
// administrator without scope, by item only when the administrator may read it (else 404); a dry run
// erases nothing; the answer, the list and any problem never carry the number asked about; both routes are
// in the OpenAPI document. All CPR numbers are fictional test numbers.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items } from '../../db/schema.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, type ApiHarness } from '../support/api-harness.js';

const admin = asPrincipal(principal({ subject: 'anna@norrea', roles: ['administrator'] }));
const adminBorger = asPrincipal(principal({ subject: 'bo@norrea', roles: ['administrator'], scope: { destinations: ['BORGER'] } }));
const journal = asPrincipal(principal({ roles: ['journal'] }));
const SERIAL = /020285\D{0,3}1230|0202851230/;

for (const backend of BACKENDS) {
  describe(`erasure on request over HTTP on ${backend}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await openApiHarness(backend);
    }, 60_000);
    afterAll(async () => h?.close());

    const erase = (headers: Record<string, string>, body: unknown) => h.app.inject({ method: 'POST', url: '/api/v1/erasures', headers, payload: body as Record<string, unknown> });
    const exists = async (id: string) => (await h.database.db.select({ id: items.id }).from(items).where(eq(items.id, id))).length === 1;

    it('erases by CPR for an unscoped administrator, after a dry run, and never echoes the number', async () => {
      const { id } = await h.seed({ subject: 'Klage, cpr 020285-1230', body: 'Mit CPR er 020285 1230', state: 'parked', destination: null });
      const { id: other } = await h.seed({ subject: 'Klage', body: 'Intet nummer her', state: 'parked', destination: null });
      expect((await erase({}, { cpr: '020285-1230' })).statusCode).toBe(401);
      expect((await erase(journal, { cpr: '020285-1230' })).statusCode).toBe(403);
      expect((await erase(adminBorger, { cpr: '020285-1230' })).statusCode).toBe(403);
      const bad = await erase(admin, { cpr: '320285-1230' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).not.toMatch(/320285/);
      expect((await erase(admin, { cpr: '0202851230', cvr: '29189404' })).statusCode).toBe(400);

      const dry = await erase(admin, { cpr: '020285–1230', dryRun: true, reference: 'J.nr. 7' });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ basis: 'cpr', dryRun: true, items: 1, erasedItemIds: [id], erasureId: null });
      expect(await exists(id)).toBe(true);

      const done = await erase(admin, { cpr: '0202851230', reference: 'Borger 020285-1230, J.nr. 7' });
      expect(done.statusCode).toBe(201);
      expect(done.json()).toMatchObject({ basis: 'cpr', dryRun: false, items: 1, erasedItemIds: [id], reference: 'Borger […], J.nr. 7' });
      expect(done.body).not.toMatch(SERIAL);
      expect(await exists(id)).toBe(false);
      expect(await exists(other)).toBe(true);

      expect((await h.app.inject({ method: 'GET', url: '/api/v1/erasures', headers: journal })).statusCode).toBe(403);
      const listed = await h.app.inject({ method: 'GET', url: '/api/v1/erasures', headers: admin });
      expect(listed.statusCode).toBe(200);
      expect(listed.body).not.toMatch(SERIAL);
      expect((listed.json() as { erasures: { actor: string; basis: string; itemCount: number }[] }).erasures[0]).toMatchObject({ actor: 'anna@norrea', basis: 'cpr', itemCount: 1 });
    });

    it('erases one item only when the administrator may read it', async () => {
      const { id } = await h.seed({ subject: 'Skolebrev', state: 'routed', destination: 'SKOLE' });
      expect((await erase(adminBorger, { itemId: id })).statusCode).toBe(404);
      expect(await exists(id)).toBe(true);
      const done = await erase(admin, { itemId: id });
      expect(done.statusCode).toBe(201);
      expect(done.json()).toMatchObject({ basis: 'item', items: 1, erasedItemIds: [id] });
      expect(await exists(id)).toBe(false);
      expect((await erase(admin, { itemId: id })).statusCode).toBe(404);
    });

    it('is in the OpenAPI document', async () => {
      const document = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(document.paths['/api/v1/erasures'] ?? {}).sort()).toEqual(['get', 'post']);
    });
  });
}
