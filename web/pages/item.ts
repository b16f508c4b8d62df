// Forsendelse: one item — metadata, the document beside its extracted text, entities, classification with
// reasons, the rule explanation, the timeline and re-distribute — built from the same detail as GET
// /api/v1/items/:id. One access-log line per view (item.read); CPR numbers are masked until the person
// presses "Vis CPR-numre", which reloads the page with them and writes a second line (item.cpr_revealed).
// Outside one's scope the item is "Ikke fundet" (404), as a missing id.
import type { FastifyInstance } from 'fastify';
import { REST_MAILBOX_STATES } from '../../core/lifecycle.js';
import { readableItem, recordAccess } from '../../api/context.js';
import { mask, maskOrNull } from '../../api/item-views.js';
import { placeableDestinations } from '../../api/placing.js';
import { ApiProblem } from '../../api/problem.js';
import { itemDetail } from '../../api/routes/item-detail.js';
import { csrfTokenFor, notFoundPage, pagePrincipal, sendPage, type WebContext } from '../context.js';
import { page } from '../layout.js';
import { itemPageBody, type ItemText } from '../views/item.js';

const READERS = ['administrator', 'journal', 'staff'] as const;

/** The entities the classify stage stored (CPR serials already masked there), as plain values per kind. */
function storedEntities(outcome: unknown): Record<'cpr' | 'cvr' | 'caseNumbers' | 'dates', string[]> {
  const raw = (outcome as { entities?: Record<string, unknown> } | undefined)?.entities ?? {};
  const values = (list: unknown): string[] =>
    Array.isArray(list) ? list.flatMap((e) => (typeof (e as { value?: unknown })?.value === 'string' ? [mask((e as { value: string }).value)] : [])) : [];
  return { cpr: values(raw.cpr), cvr: values(raw.cvr), caseNumbers: values(raw.caseNumbers), dates: values(raw.dates) };
}
const entity = (label: string, values: readonly string[]) => ({ label, values: [...new Set(values)] });
const hidden = { schema: { hide: true } } as never;

export function registerItemPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/forsendelser/:id', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, READERS, 'restpostkasse');
    if (!principal) return reply;
    const { id } = request.params as { id: string };
    const cprShown = (request.query as { cpr?: unknown }).cpr === 'vis';
    let found;
    try {
      found = await readableItem(ctx, principal, id);
    } catch (error) {
      if (error instanceof ApiProblem && error.kind === 'not_found') return sendPage(reply.code(404), notFoundPage(principal, 'restpostkasse').value);
      throw error;
    }
    const [detail, decisions] = await Promise.all([itemDetail(ctx, found), ctx.queries.listDecisions(found.row.id)]);
    const stored = storedEntities(decisions.filter((d) => d.stage === 'classify').at(-1)?.outcome);
    const { row } = found;
    const show = cprShown ? (x: string | null | undefined) => x ?? null : maskOrNull;
    const content = row.extracted;
    const meta = content?.metadata;
    const text: ItemText = {
      subject: show(content?.subject ?? row.subject),
      body: show(content?.body),
      bodySource: content?.bodySource ?? null,
      attachments: (content?.attachments ?? []).map((a) => ({ name: mask(a.name), mimeType: a.mimeType ?? null, text: show(a.text) })),
      entities: [
        entity('CPR-numre', [...(meta?.cpr ?? []).map((c) => (cprShown ? c : mask(c))), ...stored.cpr]),
        entity('CVR-numre', [...(meta?.cvr ?? []), ...stored.cvr]),
        entity('Sagsnumre', [...(meta?.caseIds ?? []).map((c) => mask(c.system ? `${c.caseId} (${c.system})` : c.caseId)), ...stored.caseNumbers]),
        entity('Datoer', stored.dates),
      ].filter((e) => e.values.length > 0),
    };
    const placeable = (REST_MAILBOX_STATES as readonly string[]).includes(row.state);
    const seen = detail.route?.suggestions.flatMap((s) => (s.destination ? [s.destination] : [])) ?? [];
    const destinations = placeable ? await placeableDestinations(ctx, seen) : [];
    const csrfToken = csrfTokenFor(request, reply);
    // Logged before anything is sent: no line, no content.
    await recordAccess(ctx, request, principal, 'item.read', row.id, ['metadata', 'classification', 'route', 'timeline', 'text']);
    if (cprShown) await recordAccess(ctx, request, principal, 'item.cpr_revealed', row.id, ['cpr']);
    const title = detail.item.subject ?? detail.item.fileName;
    const body = itemPageBody({ detail, text, cprShown, placeable, destinations, csrfToken });
    return sendPage(reply, page({ title: `Forsendelse: ${title}`, principal, active: 'restpostkasse', ...(csrfToken ? { csrfToken } : {}), body }).value);
  });
}
