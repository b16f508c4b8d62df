// The rest mailbox over HTTP: GET /api/v1/rest-mailbox lists parked and rejected items in the caller's scope
// with their top-3 suggestions (each with where it would go); POST …/:id/accept takes suggestion n, POST
// …/:id/place names a destination (and maybe an emne), POST …/bulk does either for up to 100 items. Every
// write goes through the one re-distribution action (worker/actions/redistribute.ts via the runtime) with
// the authenticated person as the actor, and the `Idempotency-Key` header as the action's key: the same
// request sent twice is recorded once. The placing itself is api/placing.ts, shared with the web app.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { REST_MAILBOX_STATES } from '../../core/lifecycle.js';
import { readableItems } from '../../db/access-policy.js';
import { currentRouteOutcomes, searchItems } from '../../db/item-search.js';
import type { RouteContext } from '../context.js';
import { decodeCursor, page, suggestionViews, summaryView } from '../item-views.js';
import { placeItem, type Placing } from '../placing.js';
import type { Principal } from '../principal.js';
import { ApiProblem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { AcceptBody, BulkBody, BulkResultSchema, ItemIdParams, PageQuery, PlaceBody, RedistributedSchema, RestPageSchema } from '../schemas.js';

const ACTORS = ['administrator', 'journal', 'staff'] as const;
type Redistributed = z.infer<typeof RedistributedSchema>;

export function registerRestMailboxRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/rest-mailbox', {
    schema: { tags: ['rest-mailbox'], summary: 'Restpostkassen: parkerede forsendelser med top-3 forslag', querystring: PageQuery, response: { 200: RestPageSchema, ...problemResponses(400, 401, 403) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...ACTORS);
      const after = decodeCursor(request.query.cursor);
      const rows = await searchItems(ctx.db, readableItems(principal), { states: REST_MAILBOX_STATES, ...(after ? { after } : {}), limit: request.query.limit + 1 });
      const shown = page(rows, request.query.limit);
      const routes = await currentRouteOutcomes(ctx.db, ctx.tenantId, shown.rows);
      return { items: shown.rows.map((row) => ({ ...summaryView(row), suggestions: suggestionViews(routes.get(row.id)) })), next: shown.next };
    },
  });

  const writeResponses = { 200: RedistributedSchema, ...problemResponses(400, 401, 403, 404, 409, 415, 422) };

  api.post('/api/v1/rest-mailbox/:id/accept', {
    schema: { tags: ['rest-mailbox'], summary: 'Tag forslag n (1–3)', params: ItemIdParams, body: AcceptBody, response: writeResponses },
    handler: async (request) => place(ctx, request, requirePrincipal(request, ...ACTORS), request.params.id, request.body),
  });

  api.post('/api/v1/rest-mailbox/:id/place', {
    schema: { tags: ['rest-mailbox'], summary: 'Fordel til en modtager (og evt. et KLE-emne)', params: ItemIdParams, body: PlaceBody, response: writeResponses },
    handler: async (request) => place(ctx, request, requirePrincipal(request, ...ACTORS), request.params.id, request.body),
  });

  api.post('/api/v1/rest-mailbox/bulk', {
    schema: { tags: ['rest-mailbox'], summary: 'Fordel op til 100 forsendelser; svar pr. forsendelse', body: BulkBody, response: { 200: BulkResultSchema, ...problemResponses(400, 401, 403, 415) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...ACTORS);
      const results = [];
      for (const entry of request.body.items) {
        try {
          const done = await place(ctx, request, principal, entry.id, entry);
          results.push({ id: entry.id, status: done.status });
        } catch (error) {
          if (!(error instanceof ApiProblem)) throw error;
          results.push({ id: entry.id.slice(0, 100), status: error.kind === 'not_found' ? ('not_found' as const) : ('refused' as const), problem: error.kind });
        }
      }
      return { results };
    },
  });
}

const place = (ctx: RouteContext, request: FastifyRequest, principal: Principal, id: string, placing: Placing): Promise<Redistributed> =>
  placeItem(ctx, principal, id, placing, idempotencyKey(request));

function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!key) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new ApiProblem('bad_request');
  return key;
}
