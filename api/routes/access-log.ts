// GET /api/v1/access-log: who read which item's content, when and why — for auditors and administrators,
// filtered by actor, item and time, newest first. Reading the log is not itself an item read, so it writes
// no line (the log holds no item content).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteContext } from '../context.js';
import { toDate } from '../item-views.js';
import { problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { AccessLogPageSchema, AccessLogQuery } from '../schemas.js';

export function registerAccessLogRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/access-log', {
    schema: { tags: ['access-log'], summary: 'Adgangsloggen (revisorer og administratorer)', querystring: AccessLogQuery, response: { 200: AccessLogPageSchema, ...problemResponses(400, 401, 403) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, 'auditor', 'administrator');
      const q = request.query;
      if (principal.tenantId !== ctx.tenantId) return { entries: [] };
      const from = toDate(q.from);
      const to = toDate(q.to);
      const entries = await ctx.accessLog.list({
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.item ? { itemId: q.item } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(q.before ? { before: q.before } : {}),
        limit: q.limit,
      });
      return { entries: entries.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor, actorName: e.actorName, via: e.via, action: e.action, itemId: e.itemId, shown: e.shown, purpose: e.purpose, requestId: e.requestId })) };
    },
  });
}
