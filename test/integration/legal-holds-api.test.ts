// GET/POST/DELETE /api/v1/legal-holds on PGlite and PostgreSQL: administrators only (401 without a login,
// 403 for other roles), the item must be one the administrator may read (else 404, like an unknown id or
// another tenant's item), placing twice is one hold, lifting writes the audit, and the routes are in the
// OpenAPI document.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalityRule } from '../../core/retention.js';
import { createRetentionBlobs } from '../../db/retention-blobs.js';
import { createRetentionStore } from '../../db/retention-purge.js';
import { configAudit, items, legalHolds } from '../../db/schema.js';
import { purgeRetention } from '../../worker/follow-ups/retention-purge.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness } from '../support/api-harness.js';

const admin = asPrincipal(principal({ subject: 'anna@norrea', roles: ['administrator'] }));
const adminBorger = asPrincipal(principal({ subject: 'bo@norrea', roles: ['administrator'], scope: { destinations: ['BORGER'] } }));
const journal = asPrincipal(principal({ roles: ['journal'] }));

for (const backend of BACKENDS) {
  describe(`legal holds over HTTP on ${backend}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await openApiHarness(backend);
    }, 60_000);
    afterAll(async () => h?.close());

    const place = (headers: Record<string, string>, body: unknown) => h.app.inject({ method: 'POST', url: '/api/v1/legal-holds', headers, payload: body as Record<string, unknown> });
    const lift = (headers: Record<string, string>, id: string) => h.app.inject({ method: 'DELETE', url: `/api/v1/legal-holds/${id}`, headers, payload: {} });
    const list = async (headers: Record<string, string>) => (await h.app.inject({ method: 'GET', url: '/api/v1/legal-holds', headers })).json() as { holds: { itemId: string; reason: string; placedBy: string }[] };

    it('administrators place, list and lift a hold; the person is the actor in the audit', async () => {
      const { id } = await h.seed({ subject: 'Klagesag', state: 'routed', destination: 'KY' });
      const first = await place(admin, { itemId: id, reason: 'Klage over afgørelse, sag 010190-1234' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ placed: true, hold: { itemId: id, placedBy: 'anna@norrea' } });
      expect(first.body).not.toContain('010190-1234');
      const again = await place(admin, { itemId: id, reason: 'igen' });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ placed: false });
      expect((await list(admin)).holds.map((hold) => hold.itemId)).toContain(id);
      const lifted = await lift(admin, id);
      expect(lifted.statusCode).toBe(200);
      expect((await lift(admin, id)).statusCode).toBe(404);
      const audit = await h.database.db.select().from(configAudit).where(eq(configAudit.subject, id));
      expect(audit.map((a) => [a.action, a.actor]).sort()).toEqual([['legal_hold.lifted', 'anna@norrea'], ['legal_hold.placed', 'anna@norrea']]);
    });

    it('only administrators; an item the administrator may not read, an unknown id and another tenant\'s item are 404', async () => {
      const { id } = await h.seed({ subject: 'KY-post', state: 'routed', destination: 'KY' });
      const theirs = await h.seed({ subject: 'Anden kommune', state: 'routed', destination: 'KY', tenantId: 'kommune-b' });
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/legal-holds' })).statusCode).toBe(401);
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/legal-holds', headers: journal })).statusCode).toBe(403);
      expect((await place(journal, { itemId: id, reason: 'x' })).statusCode).toBe(403);
      expect((await lift(journal, id)).statusCode).toBe(403);
      expect((await place(adminBorger, { itemId: id, reason: 'x' })).statusCode).toBe(404);
      expect((await place(admin, { itemId: theirs.id, reason: 'x' })).statusCode).toBe(404);
      expect((await place(admin, { itemId: '00000000-0000-4000-8000-000000000000', reason: 'x' })).statusCode).toBe(404);
      expect((await place(admin, { itemId: id })).statusCode).toBe(400);
      expect((await place(admin, { itemId: id, reason: '   ' })).statusCode).toBe(400);
      expect(await h.database.db.select().from(legalHolds).where(eq(legalHolds.itemId, theirs.id))).toEqual([]);
      // A hold on an item outside the administrator's scope is not listed to them, nor lifted by them.
      expect((await place(admin, { itemId: id, reason: 'Tilsyn' })).statusCode).toBe(201);
      expect((await list(adminBorger)).holds.map((hold) => hold.itemId)).not.toContain(id);
      expect((await lift(adminBorger, id)).statusCode).toBe(404);
      expect((await list(admin)).holds.map((hold) => hold.itemId)).toContain(id);
    });

    it('an item whose text, decisions and events were purged still opens: no text, no timeline', async () => {
      const { id } = await h.seed({ subject: 'Gammel sag', body: 'kloakrotter i haven', state: 'routed', destination: 'KY' });
      await h.database.db.update(items).set({ state: 'accepted', stateChangedAt: new Date(Date.now() - 100 * 86_400_000) }).where(eq(items.id, id));
      const days = { originalDays: 365, extractedDays: 30, eventsDays: 30, metadataDays: 365, accessLogDays: 365, configAuditDays: 365 };
      const files = { isFresh: async () => true, remove: async () => 'fresh' as const };
      const result = await purgeRetention({ store: createRetentionStore(h.database.db, { tenantId: TENANT }, finalityRule()), blobs: createRetentionBlobs(h.database.db), files, days, clock: { now: () => new Date() } });
      expect(result.counts).toMatchObject({ extracted: 1, events: 1 });
      const detail = await h.app.inject({ method: 'GET', url: `/api/v1/items/${id}`, headers: admin });
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('Gammel sag');
      const text = await h.app.inject({ method: 'GET', url: `/api/v1/items/${id}/text`, headers: admin });
      expect(text.statusCode).toBe(200);
      expect(text.body).not.toContain('kloakrotter');
    });

    it('an original purged by retention is gone (410) for its item even while another tenant keeps the same bytes', async () => {
      const bytes = Buffer.from(`samme bytes ${backend} ${Date.now()}`);
      const { id } = await h.seed({ subject: 'Gammel original', state: 'routed', destination: 'KY', bytes });
      await h.seed({ subject: 'Ny kopi', state: 'routed', destination: 'KY', bytes, tenantId: 'kommune-b' });
      await h.database.db.update(items).set({ state: 'accepted', stateChangedAt: new Date(Date.now() - 100 * 86_400_000) }).where(eq(items.id, id));
      const before = await h.app.inject({ method: 'GET', url: `/api/v1/items/${id}/original`, headers: admin });
      expect(before.statusCode).toBe(200);
      const days = { originalDays: 30, extractedDays: 365, eventsDays: 365, metadataDays: 365, accessLogDays: 365, configAuditDays: 365 };
      const files = { isFresh: async () => true, remove: async () => 'fresh' as const };
      const result = await purgeRetention({ store: createRetentionStore(h.database.db, { tenantId: TENANT }, finalityRule()), blobs: createRetentionBlobs(h.database.db), files, days, clock: { now: () => new Date() } });
      expect(result.counts.original).toBeGreaterThanOrEqual(1);
      const after = await h.app.inject({ method: 'GET', url: `/api/v1/items/${id}/original`, headers: admin });
      expect(after.statusCode).toBe(410);
      expect(after.body).not.toContain('samme bytes');
    });

    it('is in the OpenAPI document', async () => {
      const document = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(document.paths['/api/v1/legal-holds'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(document.paths['/api/v1/legal-holds/{id}'] ?? {})).toEqual(['delete']);
    });
  });
}
