// GET /api/v1/items/export?format=csv: the item list's metadata as a CSV file for the journal function and
// administrators, with the same filters as GET /api/v1/items and inside the same access policy. Metadata
// only (id, received in Copenhagen time with its offset, channel, state, subject and sender with CPR
// numbers masked, KLE emne, destination), newest first, at most 10,000 rows: a larger selection gives the
// newest 10,000 and says so in `X-Export-Truncated`. An export takes post out of the system, so unlike a
// list it is logged: one `item.export` line per exported item, written before the file is sent.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readableItems } from '../../db/access-policy.js';
import { recordExportAccess } from '../../db/item-export-log.js';
import { searchItems, type ItemListRow } from '../../db/item-search.js';
import { purposeOf, type RouteContext } from '../context.js';
import { copenhagenDay, copenhagenTime } from '../copenhagen-time.js';
import { csvRecord, csvText, UTF8_BOM } from '../csv.js';
import { maskOrNull, toDate } from '../item-views.js';
import { problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { ItemExportQuery } from '../statistics-schemas.js';

export const MAX_EXPORT_ROWS = 10_000;
const COLUMNS = ['id', 'receivedAt', 'channel', 'state', 'subject', 'sender', 'kleNr', 'destination'];

export function registerItemExportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/items/export', {
    schema: {
      tags: ['items'],
      summary: 'Udtræk af forsendelsernes metadata som CSV (højst 10.000; hver forsendelse logges)',
      querystring: ItemExportQuery,
      response: { 200: z.string().describe('text/csv; charset=utf-8 (RFC 4180, med BOM)'), ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, 'administrator', 'journal');
      const { format: _format, purpose: _purpose, from, to, ...filters } = request.query;
      const fromDate = toDate(from);
      const toDateValue = toDate(to);
      const rows =
        principal.tenantId === ctx.tenantId
          ? await searchItems(ctx.db, readableItems(principal), { ...filters, ...(fromDate ? { from: fromDate } : {}), ...(toDateValue ? { to: toDateValue } : {}), limit: MAX_EXPORT_ROWS + 1 })
          : [];
      const exported = rows.slice(0, MAX_EXPORT_ROWS);
      const csv = UTF8_BOM + csvRecord(COLUMNS) + exported.map((row) => csvRecord(csvRow(row))).join('');
      // No line, no file: the log is written (whole, in one transaction) before a byte is sent.
      await recordExportAccess(
        ctx.db,
        { tenantId: ctx.tenantId },
        { actor: principal.subject, actorName: principal.displayName, via: principal.via, shown: ['metadata'], purpose: purposeOf(request), requestId: request.id },
        exported.map((row) => row.id),
      );
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `attachment; filename="forsendelser-${copenhagenDay(ctx.clock.now())}.csv"`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('x-export-rows', String(exported.length))
        .header('x-export-truncated', String(rows.length > MAX_EXPORT_ROWS))
        .send(Buffer.from(csv, 'utf8') as unknown as string);
    },
  });
}

function csvRow(row: ItemListRow): (string | null)[] {
  return [row.id, copenhagenTime(row.receivedAt), row.channel, row.state, csvText(maskOrNull(row.subject)), csvText(maskOrNull(row.sender)), row.kleNr, row.destination];
}
