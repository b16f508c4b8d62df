// GET /api/v1/statistics: the mailroom's figures for a period — volume by channel and day, top senders,
// destinations, the automation rate, hits per rule, re-distributions after automatic routing (the misroute
// signal) and the time to placement — for administrators and the journal function. Every figure counts
// only the items the caller may read (db/access-policy.ts readableItems), so statistics never reveal post
// outside one's scope; they show counts and masked senders, no content, so they write no access-log line.
// The item export (GET /api/v1/items/export) is registered from here too.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { readableItems } from '../../db/access-policy.js';
import { statisticsFigures, type StatisticsFigures } from '../../db/statistics-queries.js';
import type { RouteContext } from '../context.js';
import { addDays, copenhagenDay, daysBetween, TIME_ZONE } from '../copenhagen-time.js';
import { maskOrNull } from '../item-views.js';
import { ApiProblem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { StatisticsQuery, StatisticsSchema } from '../statistics-schemas.js';
import { registerItemExportRoutes } from './item-export.js';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

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
      const to = request.query.to ?? copenhagenDay(ctx.clock.now());
      const from = request.query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
      const days = daysBetween(from, to);
      if (days < 1 || days > MAX_DAYS) throw new ApiProblem('bad_request');
      // Another tenant's principal may read nothing here: the figures are of an empty set.
      const scope = principal.tenantId === ctx.tenantId ? readableItems(principal) : undefined;
      const figures = scope ? await statisticsFigures(ctx.db, ctx.tenantId, scope, { from, to }, { topSenders: request.query.top }) : undefined;
      return statisticsView({ from, to }, figures ?? EMPTY);
    },
  });
  registerItemExportRoutes(app, ctx);
}

const EMPTY: StatisticsFigures = { received: 0, volume: [], senders: [], destinations: [], automation: [], rules: [], misroutes: [], timeToPlacement: { placed: 0, medianSeconds: null, p90Seconds: null } };

const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

function statisticsView(period: { from: string; to: string }, f: StatisticsFigures): z.infer<typeof StatisticsSchema> {
  const placed = f.automation.reduce((sum, d) => sum + d.placed, 0);
  const automatic = f.automation.reduce((sum, d) => sum + d.automatic, 0);
  return {
    period: { ...period, timeZone: TIME_ZONE },
    received: f.received,
    volume: f.volume,
    topSenders: f.senders.map((s) => ({ name: maskOrNull(s.name), email: maskOrNull(s.email), id: maskOrNull(s.id), count: s.count })),
    destinations: f.destinations,
    automation: { placed, automatic, rate: rate(automatic, placed), perDay: f.automation.map((d) => ({ ...d, rate: rate(d.automatic, d.placed) })) },
    rules: f.rules.map((r) => ({ ruleId: r.ruleId, ruleSetVersion: r.ruleSetVersion, hits: r.count })),
    redistributedAfterRouting: f.misroutes.map((m) => ({ ...m, rate: rate(m.redistributed, m.routedAutomatically) })),
    timeToPlacement: f.timeToPlacement,
  };
}
