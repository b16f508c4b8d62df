// Failed shipments over HTTP: GET /api/v1/failed lists failed items in the caller's scope with the stage
// that failed; POST /api/v1/failed/:id/retry puts one back where its failed stage starts (the same
// worker/actions/failures.ts retry as `fordeler failed --retry`, with the authenticated person as actor) and
// queues its job at once through the runtime, instead of waiting for the reconciler (api/retrying.ts, shared
// with the web app).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readableItems } from '../../db/access-policy.js';
import { searchItems } from '../../db/item-search.js';
import type { RouteContext } from '../context.js';
import { decodeCursor, page, summaryView } from '../item-views.js';
import { problemResponses } from '../problem.js';
import { failureDetail, retryItem } from '../retrying.js';
import { requirePrincipal } from '../request-principal.js';
import { FailedPageSchema, ItemIdParams, PageQuery, RetriedSchema } from '../schemas.js';
import { z } from 'zod';

/** Failed shipments are operations: administrators and the journal function. */
const OPERATORS = ['administrator', 'journal'] as const;

export function registerFailedRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/failed', {
    schema: { tags: ['failed'], summary: 'Fejlede forsendelser', querystring: PageQuery, response: { 200: FailedPageSchema, ...problemResponses(400, 401, 403) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...OPERATORS);
      const after = decodeCursor(request.query.cursor);
      const rows = await searchItems(ctx.db, readableItems(principal), { state: 'failed', ...(after ? { after } : {}), limit: request.query.limit + 1 });
      const shown = page(rows, request.query.limit);
      const items = await Promise.all(
        shown.rows.map(async (row) => {
          const failed = await failureDetail(ctx, row);
          return { ...summaryView(row), stage: failed.stage, failedAt: failed.failedAt?.toISOString() ?? null, error: failed.error };
        }),
      );
      return { items, next: shown.next };
    },
  });

  api.post('/api/v1/failed/:id/retry', {
    schema: { tags: ['failed'], summary: 'Prøv igen nu', params: ItemIdParams, body: z.object({}).strict(), response: { 200: RetriedSchema, ...problemResponses(400, 401, 403, 404, 409, 415) } },
    handler: async (request) => {
      return retryItem(ctx, requirePrincipal(request, ...OPERATORS), request.params.id);
    },
  });
}
