// Statistik: the mailroom's figures for a period as server-rendered ECharts SVG charts with their numbers
// as text alternatives, a from/to form and the CSV export link — for administrators and the journal
// function. The figures are the API's own (api/statistics-view.ts: the same queries, the same access
// policy, senders masked), so the page never shows a number GET /api/v1/statistics would not.
import type { FastifyInstance } from 'fastify';
import { copenhagenDay, addDays } from '../../api/copenhagen-time.js';
import { DEFAULT_STATISTICS_DAYS, statisticsFor, statisticsPeriod } from '../../api/statistics-view.js';
import { pagePrincipal, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { periodForm, statisticsBody } from '../views/statistics.js';

const READERS = ['administrator', 'journal'] as const;
const TOP_SENDERS = 10;
const hidden = { schema: { hide: true } } as never;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function registerStatisticsPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/statistik', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, READERS, 'statistik');
    if (!principal) return reply;
    const q = request.query as Record<string, unknown>;
    const day = (value: unknown): string | undefined => (typeof value === 'string' && DAY.test(value) ? value : undefined);
    const asked = { from: day(q.from), to: day(q.to) };
    const period = statisticsPeriod(ctx.clock.now(), asked);
    const fallback = () => {
      const to = copenhagenDay(ctx.clock.now());
      return { from: addDays(to, -(DEFAULT_STATISTICS_DAYS - 1)), to };
    };
    const body = period
      ? html`${periodForm(period)}${statisticsBody(await statisticsFor(ctx, principal, period, TOP_SENDERS))}`
      : html`${periodForm({ from: asked.from ?? fallback().from, to: asked.to ?? fallback().to }, 'Perioden skal være fra 1 til 366 dage, og "til og med" må ikke ligge før "fra".')}`;
    return sendPage(reply.code(period ? 200 : 400), page({ title: 'Statistik', principal, active: 'statistik', body }).value);
  });
}
