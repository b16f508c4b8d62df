// Erasure on request over HTTP (GDPR art. 17), for administrators: POST /api/v1/erasures erases every item
// of the tenant that mentions a CPR or CVR number (or one item) through worker/actions/erasure.ts and
// answers the report; GET /api/v1/erasures lists the records. By CPR or CVR only an administrator who may
// read every item (no scope) may ask, since the erasure reaches all of them; by item, the item must be one
// the administrator may read (else 404, as for an id that does not exist). The number asked about is never
// echoed: a bad one is a plain 400, and the report and the records hold counts and item ids only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseCprRequest, parseCvrRequest, type ErasureTarget } from '../../classifiers/entities/erasure-identifier.js';
import { erasureFor } from '../../worker/actions/erasure.js';
import { readableItem, type RouteContext } from '../context.js';
import type { Principal } from '../principal.js';
import { ApiProblem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';

const Counts = z.record(z.string(), z.number().int());

export const ErasureRequestBody = z
  .object({
    cpr: z.string().max(40).optional().describe('Et CPR-nummer i enhver skrivemåde (med eller uden bindestreg)'),
    cvr: z.string().max(40).optional().describe('Et CVR-nummer (8 cifre, med eller uden "CVR"/mellemrum)'),
    itemId: z.string().max(100).optional().describe('Én forsendelses id (uuid)'),
    reference: z.string().trim().max(500).optional().describe('Anmodningens reference (journalnummer); gemmes uden nummeret'),
    dryRun: z.boolean().default(false).describe('Kun opgør, hvad der ville blive slettet'),
  })
  .strict()
  .refine((body) => [body.cpr, body.cvr, body.itemId].filter((v) => v !== undefined).length === 1, { message: 'exactly one of cpr, cvr, itemId' })
  .describe('Hvad der skal slettes: præcis ét af cpr, cvr og itemId');

export const ErasureReportSchema = z
  .object({
    basis: z.enum(['cpr', 'cvr', 'item']),
    dryRun: z.boolean(),
    reference: z.string().nullable(),
    items: z.number().int().describe('Slettede forsendelser (prøvekørsel: som ville blive slettet)'),
    erasedItemIds: z.array(z.string()),
    heldItemIds: z.array(z.string()).describe('Forsendelser under retlig tilbageholdelse: beholdt'),
    rows: Counts.describe('Forsendelsernes rækker pr. tabel'),
    outside: Counts.describe('Rækker uden for forsendelserne, der nævnte nummeret, pr. tabel'),
    blobs: z.object({ removed: z.number().int(), kept: z.number().int() }),
    stillMentioned: Counts.describe('Rækker, der stadig nævner nummeret, pr. tabel (tilbageholdte forsendelser, konfiguration, adgangsloggen)'),
    erasureId: z.number().int().nullable(),
  })
  .describe('Sletningsrapporten; aldrig selve nummeret');

export const ErasureRecordSchema = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO 8601'),
  actor: z.string(),
  basis: z.string(),
  itemCount: z.number().int(),
  report: z.record(z.string(), z.unknown()),
});
export const ErasureListSchema = z.object({ erasures: z.array(ErasureRecordSchema) });
const ErasureListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

const unscoped = (principal: Principal): boolean =>
  principal.scope.destinations === 'all' && principal.scope.kleGroups === 'all' && principal.scope.sensitive;

export function registerErasureRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const erasure = () => erasureFor(ctx.db, ctx.tenantId, ctx.blobs);

  api.post('/api/v1/erasures', {
    schema: {
      tags: ['data-protection'],
      summary: 'Slet efter anmodning (CPR, CVR eller forsendelse) med rapport (administratorer)',
      body: ErasureRequestBody,
      response: { 200: ErasureReportSchema, 201: ErasureReportSchema, ...problemResponses(400, 401, 403, 404, 415) },
    },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, 'administrator');
      const body = request.body;
      let target: ErasureTarget | null;
      if (body.itemId !== undefined) {
        const { row } = await readableItem(ctx, principal, body.itemId);
        target = { basis: 'item', value: row.id };
      } else {
        if (!unscoped(principal) || principal.tenantId !== ctx.tenantId) throw new ApiProblem('forbidden');
        target = body.cpr !== undefined ? parseCprRequest(body.cpr) : parseCvrRequest(body.cvr ?? '');
      }
      if (!target) throw new ApiProblem('bad_request');
      const report = await erasure().erase({ target, actor: principal.subject, ...(body.reference ? { reference: body.reference } : {}), dryRun: body.dryRun });
      void reply.code(report.dryRun ? 200 : 201);
      return report;
    },
  });

  api.get('/api/v1/erasures', {
    schema: { tags: ['data-protection'], summary: 'Sletninger efter anmodning: hvem, hvornår, grundlag, antal (administratorer)', querystring: ErasureListQuery, response: { 200: ErasureListSchema, ...problemResponses(400, 401, 403) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, 'administrator');
      if (principal.tenantId !== ctx.tenantId) return { erasures: [] };
      const records = await erasure().list(request.query.limit);
      return { erasures: records.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, basis: r.basis, itemCount: r.itemCount, report: r.report })) };
    },
  });
}
