// The figures behind GET /api/v1/statistics, computed from the items, their events, route decisions and
// re-distributions (the truth) rather than kept as counters that could drift. Every figure counts only the
// items received in the period (Copenhagen days, both ends included) that the caller may read: `scope` is
// db/access-policy.ts readableItems(principal), and the tenant is named again, so no figure ever counts an
// item outside the caller's scope or tenant. Days are calendar days in Europe/Copenhagen.
//
// Definitions (docs/api.md "Statistics"):
// - placed: the item got a destination — a `route/routed` event (a rule) or `route/redistributed` (a person);
// - automatic: placed by a rule and never re-distributed by a person afterwards;
// - rule hits: route decisions naming a rule (manual placings name none);
// - misroute: a person re-distributed the item away from the destination an automatic route decision chose
//   (automatic routing comes first in an item's life, so a move away from that destination is after it);
// - time to placement: received → the first placing event, in seconds.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Channel } from '../core/model.js';
import type { Db } from './connect.js';
import { decisions, itemEvents, items, redistributions } from './schema.js';

export const STATISTICS_TIME_ZONE = 'Europe/Copenhagen';

export interface StatisticsPeriod {
  /** First day, `YYYY-MM-DD` (Copenhagen), included. */
  from: string;
  /** Last day, included. */
  to: string;
}

export interface StatisticsFigures {
  received: number;
  volume: { day: string; channel: Channel; count: number }[];
  senders: { name: string | null; email: string | null; id: string | null; count: number }[];
  destinations: { destination: string; count: number }[];
  automation: { day: string; placed: number; automatic: number }[];
  rules: { ruleId: string; ruleSetVersion: string | null; count: number }[];
  misroutes: { destination: string; routedAutomatically: number; redistributed: number }[];
  timeToPlacement: { placed: number; medianSeconds: number | null; p90Seconds: number | null };
}

const day = sql<string>`to_char(${items.receivedAt} at time zone ${sql.raw(`'${STATISTICS_TIME_ZONE}'`)}, 'YYYY-MM-DD')`;
const count = sql<number>`count(*)::int`;

/** Received within the period: from the start of `from` to the start of the day after `to`, Copenhagen time. */
function inPeriod(period: StatisticsPeriod): SQL {
  const zone = sql.raw(`'${STATISTICS_TIME_ZONE}'`);
  return sql`(${items.receivedAt} >= (${period.from}::date)::timestamp at time zone ${zone} and ${items.receivedAt} < ((${period.to}::date) + 1)::timestamp at time zone ${zone})`;
}

/** An event of the item that gave it a destination: a rule routed it, or a person placed it. */
const placingEvent = (types: readonly string[]): SQL =>
  sql`exists (select 1 from ${itemEvents} where ${itemEvents.itemId} = ${items.id} and ${itemEvents.tenantId} = ${items.tenantId} and ${itemEvents.stage} = 'route' and ${itemEvents.type} in (${sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  )}))`;
const placed = placingEvent(['routed', 'redistributed']);
const redistributed = sql`exists (select 1 from ${redistributions} where ${redistributions.itemId} = ${items.id} and ${redistributions.tenantId} = ${items.tenantId})`;
const automatic = sql`(${placingEvent(['routed'])} and not ${redistributed})`;

export async function statisticsFigures(db: Db, tenantId: string, scope: SQL, period: StatisticsPeriod, options: { topSenders: number }): Promise<StatisticsFigures> {
  const mine = and(eq(items.tenantId, tenantId), scope, inPeriod(period))!;
  const [volume, senders, destinations, automation, rules, misroutes, timeToPlacement] = await Promise.all([
    volumeByDay(db, mine),
    topSenders(db, mine, options.topSenders),
    byDestination(db, mine),
    automationByDay(db, mine),
    ruleHits(db, tenantId, mine),
    misroutesByDestination(db, tenantId, mine),
    placementTimes(db, tenantId, mine),
  ]);
  return { received: volume.reduce((sum, v) => sum + v.count, 0), volume, senders, destinations, automation, rules, misroutes, timeToPlacement };
}

async function volumeByDay(db: Db, where: SQL): Promise<StatisticsFigures['volume']> {
  const rows = await db.select({ day, channel: items.channel, count }).from(items).where(where).groupBy(day, items.channel).orderBy(day, items.channel);
  return rows.map((r) => ({ day: r.day, channel: r.channel, count: Number(r.count) }));
}

async function topSenders(db: Db, where: SQL, limit: number): Promise<StatisticsFigures['senders']> {
  const name = sql<string | null>`nullif(${items.extracted} -> 'sender' ->> 'name', '')`;
  const email = sql<string | null>`nullif(lower(${items.extracted} -> 'sender' ->> 'email'), '')`;
  const id = sql<string | null>`nullif(${items.extracted} -> 'sender' ->> 'id', '')`;
  const rows = await db
    .select({ name, email, id, count })
    .from(items)
    .where(and(where, sql`(${name} is not null or ${email} is not null or ${id} is not null)`))
    .groupBy(name, email, id)
    .orderBy(sql`count(*) desc`, sql`${name} nulls last`, sql`${email} nulls last`, sql`${id} nulls last`)
    .limit(limit);
  return rows.map((r) => ({ name: r.name, email: r.email, id: r.id, count: Number(r.count) }));
}

async function byDestination(db: Db, where: SQL): Promise<StatisticsFigures['destinations']> {
  const rows = await db
    .select({ destination: items.destination, count })
    .from(items)
    .where(and(where, sql`${items.destination} is not null`))
    .groupBy(items.destination)
    .orderBy(sql`count(*) desc`, items.destination);
  return rows.map((r) => ({ destination: r.destination!, count: Number(r.count) }));
}

async function automationByDay(db: Db, where: SQL): Promise<StatisticsFigures['automation']> {
  const rows = await db
    .select({ day, placed: sql<number>`(count(*) filter (where ${placed}))::int`, automatic: sql<number>`(count(*) filter (where ${automatic}))::int` })
    .from(items)
    .where(where)
    .groupBy(day)
    .orderBy(day);
  return rows.map((r) => ({ day: r.day, placed: Number(r.placed), automatic: Number(r.automatic) }));
}

async function ruleHits(db: Db, tenantId: string, where: SQL): Promise<StatisticsFigures['rules']> {
  const d = alias(decisions, 'route_decision');
  const rows = await db
    .select({ ruleId: d.ruleId, ruleSetVersion: d.ruleSetVersion, count })
    .from(d)
    .innerJoin(items, eq(items.id, d.itemId))
    .where(and(where, eq(d.tenantId, tenantId), eq(d.stage, 'route'), sql`${d.ruleId} is not null`))
    .groupBy(d.ruleId, d.ruleSetVersion)
    .orderBy(sql`count(*) desc`, d.ruleId, d.ruleSetVersion);
  return rows.map((r) => ({ ruleId: r.ruleId!, ruleSetVersion: r.ruleSetVersion, count: Number(r.count) }));
}

async function misroutesByDestination(db: Db, tenantId: string, where: SQL): Promise<StatisticsFigures['misroutes']> {
  const d = alias(decisions, 'route_decision');
  const destination = sql<string>`${d.outcome} ->> 'destination'`;
  const movedAway = sql`exists (select 1 from ${redistributions} where ${redistributions.itemId} = ${d.itemId} and ${redistributions.tenantId} = ${tenantId} and ${redistributions.fromDestination} = ${destination})`;
  const rows = await db
    .select({ destination, routed: count, redistributed: sql<number>`(count(*) filter (where ${movedAway}))::int` })
    .from(d)
    .innerJoin(items, eq(items.id, d.itemId))
    .where(
      and(where, eq(d.tenantId, tenantId), eq(d.stage, 'route'), sql`${d.outcome} ->> 'status' = 'routed'`, sql`coalesce((${d.outcome} ->> 'manual')::boolean, false) = false`, sql`${destination} is not null`),
    )
    .groupBy(destination)
    .orderBy(destination);
  return rows.map((r) => ({ destination: r.destination, routedAutomatically: Number(r.routed), redistributed: Number(r.redistributed) }));
}

async function placementTimes(db: Db, tenantId: string, where: SQL): Promise<StatisticsFigures['timeToPlacement']> {
  const firstPlacing = sql`(select min(${itemEvents.at}) from ${itemEvents} where ${itemEvents.itemId} = ${items.id} and ${itemEvents.tenantId} = ${tenantId} and ${itemEvents.stage} = 'route' and ${itemEvents.type} in ('routed', 'redistributed'))`;
  const seconds = db
    .select({ seconds: sql<number>`extract(epoch from (${firstPlacing} - ${items.receivedAt}))::float8`.as('seconds') })
    .from(items)
    .where(where)
    .as('placing');
  const [row] = await db
    .select({
      placed: sql<number>`count(${seconds.seconds})::int`,
      median: sql<number | null>`percentile_cont(0.5) within group (order by ${seconds.seconds})`,
      p90: sql<number | null>`percentile_cont(0.9) within group (order by ${seconds.seconds})`,
    })
    .from(seconds);
  const rounded = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);
  return { placed: Number(row?.placed ?? 0), medianSeconds: rounded(row?.median), p90Seconds: rounded(row?.p90) };
}
