// The statistics as GET /api/v1/statistics answers them, for that route and the Statistik page alike: the
// period (Copenhagen days; default the last 30), the figures counted inside the person's access policy
// (db/access-policy.ts readableItems), and the view with rates and masked senders. Not a route module.
import type { z } from 'zod';
import { readableItems } from '../db/access-policy.js';
import { statisticsFigures, type StatisticsFigures } from '../db/statistics-queries.js';
import type { RouteContext } from './context.js';
import { addDays, copenhagenDay, daysBetween, TIME_ZONE } from './copenhagen-time.js';
import { maskOrNull } from './item-views.js';
import type { Principal } from './principal.js';
import type { StatisticsSchema } from './statistics-schemas.js';

export const DEFAULT_STATISTICS_DAYS = 30;
export const MAX_STATISTICS_DAYS = 366;

export type StatisticsView = z.infer<typeof StatisticsSchema>;

/** The period asked for, with the defaults filled in; undefined when it is empty or longer than a year. */
export function statisticsPeriod(now: Date, input: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } | undefined {
  const to = input.to ?? copenhagenDay(now);
  const from = input.from ?? addDays(to, -(DEFAULT_STATISTICS_DAYS - 1));
  const days = daysBetween(from, to);
  return days < 1 || days > MAX_STATISTICS_DAYS ? undefined : { from, to };
}

/** The figures of the period that the principal may read (none for another tenant's principal). */
export async function statisticsFor(ctx: RouteContext, principal: Principal, period: { from: string; to: string }, topSenders: number): Promise<StatisticsView> {
  // Another tenant's principal may read nothing here: the figures are of an empty set.
  const scope = principal.tenantId === ctx.tenantId ? readableItems(principal) : undefined;
  const figures = scope ? await statisticsFigures(ctx.db, ctx.tenantId, scope, period, { topSenders }) : undefined;
  return statisticsView(period, figures ?? EMPTY);
}

const EMPTY: StatisticsFigures = { received: 0, volume: [], senders: [], destinations: [], automation: [], rules: [], misroutes: [], timeToPlacement: { placed: 0, medianSeconds: null, p90Seconds: null } };

const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

function statisticsView(period: { from: string; to: string }, f: StatisticsFigures): StatisticsView {
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
