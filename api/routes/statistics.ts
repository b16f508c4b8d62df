// GET /api/v1/statistics: the mailroom's figures for a period — volume by channel and day, top senders,
// destinations, the automation rate, hits per rule, re-distributions after automatic routing (the misroute
// signal) and the time to placement — for administrators and the journal function. Every figure counts
// only the items the caller may read (db/access-policy.ts readableItems), so statistics never reveal post
// outside one's scope; they show counts and masked senders, no content, so they write no access-log line.
// The item export (GET /api/v1/items/export) is registered from here too.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteContext } from '../context.js';
import { ApiProblem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { StatisticsQuery, StatisticsSchema } from '../statistics-schemas.js';
import { statisticsFor, statisticsPeriod } from '../statistics-view.js';
import { registerItemExportRoutes } from './item-export.js';

export function registerStatisticsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/statistics', {
    schema: {
      tags: ['statistics'],
      summary: 'Statistik for en periode: mængder, afsendere, modtagere, automatiseringsgrad, regler, fejlfordelinger, tid til fordeling',
      querystring: StatisticsQuery,
      response: { 200: StatisticsSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const principal = requirePrincipal(request, 'administrator', 'journal');
      const period = statisticsPeriod(ctx.clock.now(), request.query);
      if (!period) throw new ApiProblem('bad_request');
      return statisticsFor(ctx, principal, period, request.query.top);
    },
  });
  registerItemExportRoutes(app, ctx);
}
