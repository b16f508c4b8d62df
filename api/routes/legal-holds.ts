// Legal holds over HTTP, for administrators: list them, place one on an item, lift it. An item under hold is
// never purged by retention (db/retention-purge.ts). The item must be one the administrator may read, else
// 404 — the same answer as for an id that does not exist. Placing and lifting are written to the
// configuration audit with the person as the actor (db/legal-hold-store.ts); the reason passes the CPR masker.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLegalHoldStore, type LegalHold } from '../../db/legal-hold-store.js';
import { readableItemIds } from '../../db/readable-item-ids.js';
import { readableItem, type RouteContext } from '../context.js';
import { ApiProblem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { ItemIdParams } from '../schemas.js';

export const LegalHoldSchema = z
  .object({
    itemId: z.string().describe('Forsendelsens id'),
    reason: z.string().describe('Hvorfor (sagsnummer, kendelse); CPR-numre er maskeret'),
    placedBy: z.string(),
    placedAt: z.string().describe('ISO 8601'),
  })
  .describe('En retlig tilbageholdelse: forsendelsen slettes ikke efter opbevaringsfristen');
export const LegalHoldListSchema = z.object({ holds: z.array(LegalHoldSchema) });
export const PlaceLegalHoldBody = z
  .object({
    itemId: z.string().min(1).max(100).describe('Forsendelsens id (uuid)'),
    reason: z.string().trim().min(1).max(500).describe('Hvorfor forsendelsen tilbageholdes'),
  })
  .strict();
export const PlacedLegalHoldSchema = z.object({ placed: z.boolean().describe('false: forsendelsen var allerede tilbageholdt'), hold: LegalHoldSchema });
export const LiftedLegalHoldSchema = z.object({ lifted: LegalHoldSchema });

const ADMINISTRATORS = ['administrator'] as const;

const view = (hold: LegalHold) => ({ itemId: hold.itemId, reason: hold.reason, placedBy: hold.placedBy, placedAt: hold.placedAt.toISOString() });

export function registerLegalHoldRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const store = createLegalHoldStore(ctx.db, { tenantId: ctx.tenantId });

  api.get('/api/v1/legal-holds', {
    schema: { tags: ['data-protection'], summary: 'Retligt tilbageholdte forsendelser (administratorer)', response: { 200: LegalHoldListSchema, ...problemResponses(401, 403) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...ADMINISTRATORS);
      if (principal.tenantId !== ctx.tenantId) return { holds: [] };
      const holds = await store.list();
      // Only holds on items this administrator may read: the list names item ids.
      const readable = await readableItemIds(ctx.db, principal, holds.map((h) => h.itemId));
      return { holds: holds.filter((h) => readable.has(h.itemId)).map(view) };
    },
  });

  api.post('/api/v1/legal-holds', {
    schema: {
      tags: ['data-protection'],
      summary: 'Tilbagehold en forsendelse (slettes ikke efter opbevaringsfristen)',
      body: PlaceLegalHoldBody,
      response: { 200: PlacedLegalHoldSchema, 201: PlacedLegalHoldSchema, ...problemResponses(400, 401, 403, 404, 415) },
    },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, ...ADMINISTRATORS);
      const { row } = await readableItem(ctx, principal, request.body.itemId);
      const result = await store.place(row.id, { reason: request.body.reason, by: principal.subject });
      if (result.outcome === 'not_found') throw new ApiProblem('not_found');
      void reply.code(result.outcome === 'placed' ? 201 : 200);
      return { placed: result.outcome === 'placed', hold: view(result.hold) };
    },
  });

  api.delete('/api/v1/legal-holds/:id', {
    schema: { tags: ['data-protection'], summary: 'Ophæv tilbageholdelsen af en forsendelse (brødtekst: {})', params: ItemIdParams, body: z.object({}).strict(), response: { 200: LiftedLegalHoldSchema, ...problemResponses(400, 401, 403, 404, 415) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...ADMINISTRATORS);
      const { row } = await readableItem(ctx, principal, request.params.id);
      const result = await store.lift(row.id, { by: principal.subject });
      // Not held: nothing to lift is "not found" too.
      if (result.outcome !== 'lifted') throw new ApiProblem('not_found');
      return { lifted: view(result.hold) };
    },
  });
}
