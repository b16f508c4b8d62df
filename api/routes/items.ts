// GET /api/v1/items (list and search), /items/:id (detail: metadata, classification with reasons, the route
// explanation, the timeline), /items/:id/text (extracted text) and /items/:id/original (the original file,
// streamed). Lists run inside the access policy's SQL condition and show metadata only, so they write no
// access-log line; each per-item read writes exactly one line before it answers. Outside one's scope an
// item is "not found".
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readableItems } from '../../db/access-policy.js';
import { searchItems } from '../../db/item-search.js';
import { readableItem, recordAccess, type RouteContext } from '../context.js';
import { decodeCursor, mask, maskOrNull, page, summaryView, toDate } from '../item-views.js';
import { ApiProblem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { ItemDetailSchema, ItemIdParams, ItemListQuery, ItemPageSchema, ItemTextSchema, PurposeQuery } from '../schemas.js';
import { itemDetail } from './item-detail.js';

const READERS = ['administrator', 'journal', 'staff'] as const;

export function registerItemRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/items', {
    schema: { tags: ['items'], summary: 'Forsendelser: liste, filtre og fritekstsøgning', querystring: ItemListQuery, response: { 200: ItemPageSchema, ...problemResponses(400, 401, 403) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...READERS);
      const { limit, cursor, from, to, ...filters } = request.query;
      const after = decodeCursor(cursor);
      const fromDate = toDate(from);
      const toDateValue = toDate(to);
      const rows = await searchItems(ctx.db, readableItems(principal), { ...filters, ...(fromDate ? { from: fromDate } : {}), ...(toDateValue ? { to: toDateValue } : {}), ...(after ? { after } : {}), limit: limit + 1 });
      const shown = page(rows, limit);
      return { items: shown.rows.map(summaryView), next: shown.next };
    },
  });

  api.get('/api/v1/items/:id', {
    schema: { tags: ['items'], summary: 'Én forsendelse: metadata, klassifikation, rute-forklaring og tidslinje (logges)', params: ItemIdParams, querystring: PurposeQuery, response: { 200: ItemDetailSchema, ...problemResponses(401, 403, 404) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...READERS);
      const found = await readableItem(ctx, principal, request.params.id);
      const detail = await itemDetail(ctx, found);
      await recordAccess(ctx, request, principal, 'item.read', found.row.id, ['metadata', 'classification', 'route', 'timeline']);
      return detail;
    },
  });

  api.get('/api/v1/items/:id/text', {
    schema: { tags: ['items'], summary: 'Den udtrukne tekst (CPR-numre maskeret; logges)', params: ItemIdParams, querystring: PurposeQuery, response: { 200: ItemTextSchema, ...problemResponses(401, 403, 404) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...READERS);
      const { row } = await readableItem(ctx, principal, request.params.id);
      const content = row.extracted;
      await recordAccess(ctx, request, principal, 'item.text', row.id, ['text']);
      return {
        id: row.id,
        subject: maskOrNull(content?.subject ?? row.subject),
        body: maskOrNull(content?.body),
        bodySource: content?.bodySource ?? null,
        attachments: (content?.attachments ?? []).map((a) => ({ name: mask(a.name), mimeType: a.mimeType ?? null, textSource: a.textSource ?? null, text: maskOrNull(a.text) })),
      };
    },
  });

  api.get('/api/v1/items/:id/original', {
    schema: {
      tags: ['items'],
      summary: 'Den oprindelige fil, streamet (logges)',
      params: ItemIdParams,
      querystring: PurposeQuery,
      response: { 200: z.string().describe('The original bytes, with the content type of the file'), ...problemResponses(401, 403, 404, 410) },
    },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, ...READERS);
      const { row } = await readableItem(ctx, principal, request.params.id);
      const sources = (await ctx.queries.listAttachments(row.id)).filter((a) => a.role === 'source');
      // The retention purge keeps the source attachment row with no blob: the original is gone for this item,
      // even while another item (of any tenant) still holds the same bytes in the store.
      if (sources.length > 0 && sources.every((a) => a.blobSha256 === null)) throw new ApiProblem('gone');
      const source = sources.find((a) => a.blobSha256 === row.contentSha256);
      const sha256 = row.contentSha256;
      if (!(await ctx.blobs.has(sha256))) throw new ApiProblem('gone');
      await recordAccess(ctx, request, principal, 'item.original', row.id, ['original']);
      const name = mask(row.fileName);
      return reply
        .type(source?.mimeType ?? defaultType(row.channel, row.fileName))
        .header('content-disposition', contentDisposition(name))
        .header('content-length', String(row.size))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        // A stream is piped as it is read (never buffered whole); the 200 schema above only documents it.
        .send(Readable.from(ctx.blobs.read(sha256)) as unknown as string);
    },
  });
}

function defaultType(channel: string, fileName: string): string {
  if (channel === 'email' || fileName.toLowerCase().endsWith('.eml')) return 'message/rfc822';
  if (fileName.toLowerCase().endsWith('.pdf')) return 'application/pdf';
  if (fileName.toLowerCase().endsWith('.xml')) return 'application/xml';
  return 'application/octet-stream';
}

/** RFC 6266: an ASCII fallback and the UTF-8 name; always `attachment`, so a browser never renders it inline. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
