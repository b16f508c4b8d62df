// Request and response shapes of the statistics route and the item export (api/routes/statistics.ts,
// api/routes/item-export.ts), as zod schemas: validated by Fastify and turned into the OpenAPI document
// like every other route's (api/schemas.ts holds the item routes' shapes).
import { z } from 'zod';
import { ChannelSchema, ItemListQuery } from './schemas.js';

const Day = z.string().describe('YYYY-MM-DD, Europe/Copenhagen');
const Count = z.number().int();
const Rate = z.number().nullable().describe('0–1; null when nothing was placed');

export const StatisticsQuery = z.object({
  from: z.iso.date().optional().describe('Første dag (modtaget), Europe/Copenhagen; standard: 29 dage før `to`'),
  to: z.iso.date().optional().describe('Sidste dag, inklusive; standard: i dag'),
  top: z.coerce.number().int().min(1).max(100).default(10).describe('Antal afsendere i toplisten'),
});

export const StatisticsSchema = z.object({
  period: z.object({ from: Day, to: Day, timeZone: z.literal('Europe/Copenhagen') }),
  received: Count.describe('Forsendelser modtaget i perioden, som man må se'),
  volume: z.array(z.object({ day: Day, channel: ChannelSchema, count: Count })).describe('Modtaget pr. dag og kanal'),
  topSenders: z.array(z.object({ name: z.string().nullable(), email: z.string().nullable(), id: z.string().nullable(), count: Count })).describe('CPR-numre maskeret'),
  destinations: z.array(z.object({ destination: z.string(), count: Count })).describe('Nuværende modtager'),
  automation: z.object({
    placed: Count.describe('Fik en modtager: af en regel eller af en person'),
    automatic: Count.describe('Fordelt af en regel og aldrig omfordelt af en person'),
    rate: Rate,
    perDay: z.array(z.object({ day: Day, placed: Count, automatic: Count, rate: Rate })),
  }),
  rules: z.array(z.object({ ruleId: z.string(), ruleSetVersion: z.string().nullable(), hits: Count })).describe('Rute-beslutninger pr. regel'),
  redistributedAfterRouting: z
    .array(z.object({ destination: z.string(), routedAutomatically: Count, redistributed: Count, rate: Rate }))
    .describe('Fejlfordelinger: automatisk fordelt hertil og siden omfordelt af en person'),
  timeToPlacement: z.object({ placed: Count, medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() }).describe('Modtaget → første fordeling (regel eller person), sekunder'),
});

export const ItemExportQuery = ItemListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv']).default('csv'),
  purpose: z.string().min(1).max(200).optional().describe('Formål med udtrækket (ellers X-Purpose)'),
});
