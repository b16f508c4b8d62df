// Restpostkasse: the parked and rejected items in the person's scope (the same query as GET
// /api/v1/rest-mailbox) with filters, top-3 suggestions, accept, place and bulk accept. Every write goes
// through api/placing.ts — the code the JSON API uses — with the logged-in person as the actor. An htmx
// post gets the row's replacement (a Danish confirmation); a plain form post is sent back with 303.
// Outside one's scope an item is "Ikke fundet" (404), as a missing id.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REST_MAILBOX_STATES } from '../../core/lifecycle.js';
import type { Channel } from '../../core/model.js';
import { readableItems } from '../../db/access-policy.js';
import { currentRouteOutcomes, searchItems } from '../../db/item-search.js';
import { decodeCursor, page as pageOf, suggestionViews, summaryView } from '../../api/item-views.js';
import { placeableDestinations, placeItem, type Placed, type Placing } from '../../api/placing.js';
import type { Principal } from '../../api/principal.js';
import { ApiProblem } from '../../api/problem.js';
import { csrfTokenFor, notFoundPage, pagePrincipal, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { messagePage, page } from '../layout.js';
import { alert, problemText } from '../views/common.js';
import { restMailboxBody, rowOutcome, type RestFilters } from '../views/rest-mailbox.js';

const ACTORS = ['administrator', 'journal', 'staff'] as const;
const PAGE_SIZE = 50;
const CHANNELS: readonly Channel[] = ['email', 'digitalpost', 'scan'];
const KLE_PREFIX = /^\d\d(\.\d\d){0,2}$/;
const KLE_EMNE = /^\d\d\.\d\d\.\d\d$/;
const hidden = { schema: { hide: true } } as never;

type Form = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
export const isHtmx = (request: FastifyRequest): boolean => request.headers['hx-request'] === 'true';

/** Only our own pages: the rest mailbox (with its filters) or an item page. */
export function safeReturnTo(value: string): string {
  return /^\/restpostkasse(\?[^\s]*)?$/.test(value) || /^\/forsendelser\/[0-9a-f-]{36}$/i.test(value) ? value : '/restpostkasse';
}

export const placedText = (placed: Placed): string =>
  placed.status === 'already_recorded' ? 'Forsendelsen var allerede fordelt.' : `Forsendelsen er fordelt til ${placed.to}${placed.kle ? ` med KLE-emne ${placed.kle}` : ''}.`;

export function registerRestMailboxPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/restpostkasse', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, ACTORS, 'restpostkasse');
    if (!principal) return reply;
    const q = request.query as Form;
    const filters: RestFilters = {};
    const channel = one(q.channel);
    if ((CHANNELS as readonly string[]).includes(channel)) filters.channel = channel;
    const kle = one(q.kle);
    if (KLE_PREFIX.test(kle)) filters.kle = kle;
    const text = one(q.q).slice(0, 200);
    if (text) filters.q = text;
    const csrfToken = csrfTokenFor(request, reply);
    let after;
    try {
      after = decodeCursor(one(q.cursor) || undefined);
    } catch {
      return sendPage(reply.code(400), messagePage({ title: 'Restpostkasse', principal, active: 'restpostkasse', message: 'Siden findes ikke (ugyldig side-markør).' }).value);
    }
    const rows = await searchItems(ctx.db, readableItems(principal), {
      states: REST_MAILBOX_STATES,
      ...(filters.channel ? { channel: filters.channel as Channel } : {}),
      ...(filters.kle ? { kle: filters.kle } : {}),
      ...(filters.q ? { q: filters.q } : {}),
      ...(after ? { after } : {}),
      limit: PAGE_SIZE + 1,
    });
    const shown = pageOf(rows, PAGE_SIZE);
    const routes = await currentRouteOutcomes(ctx.db, ctx.tenantId, shown.rows);
    const viewRows = shown.rows.map((row) => {
      const summary = summaryView(row);
      return { id: row.id, channel: row.channel, subject: summary.subject, fileName: summary.fileName, sender: summary.sender, receivedAt: row.receivedAt, suggestions: suggestionViews(routes.get(row.id)) };
    });
    const seen = viewRows.flatMap((r) => r.suggestions.flatMap((s) => (s.destination ? [s.destination] : [])));
    const destinations = await placeableDestinations(ctx, seen);
    const placedCount = Number(one(q.placed));
    const refusedCount = Number(one(q.refused));
    const notice = one(q.placed) || one(q.refused)
      ? alert(refusedCount > 0 ? 'warning' : 'success', `${placedCount || 0} forsendelse(r) fordelt${refusedCount > 0 ? `, ${refusedCount} kunne ikke fordeles` : ''}.`)
      : undefined;
    const body = restMailboxBody({ rows: viewRows, filters, destinations, csrfToken, next: shown.next, paged: after !== undefined, ...(notice ? { notice } : {}) });
    return sendPage(reply, page({ title: 'Restpostkasse', principal, active: 'restpostkasse', ...(csrfToken ? { csrfToken } : {}), body }).value);
  });

  const act = async (request: FastifyRequest, reply: FastifyReply, placingOf: (form: Form) => Placing | undefined) => {
    const principal = await pagePrincipal(request, reply, ACTORS, 'restpostkasse');
    if (!principal) return reply;
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Form;
    const placing = placingOf(form);
    if (!placing) return answerProblem(request, reply, principal, id, new ApiProblem('bad_request'), form);
    try {
      const placed = await placeItem(ctx, principal, id, placing);
      if (isHtmx(request)) return sendPage(reply, rowOutcome(placed.id, alert('success', placedText(placed))).value);
      return reply.redirect(safeReturnTo(one(form.returnTo)), 303);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      return answerProblem(request, reply, principal, id, error, form);
    }
  };

  app.post('/restpostkasse/:id/accept', hidden, (request, reply) =>
    act(request, reply, (form) => {
      const n = Number(one(form.suggestion));
      return Number.isInteger(n) && n >= 1 && n <= 3 ? { suggestion: n } : undefined;
    }),
  );

  app.post('/restpostkasse/:id/place', hidden, (request, reply) =>
    act(request, reply, (form) => {
      const destination = one(form.destination);
      const kle = one(form.kle);
      if (!destination || destination.length > 100 || (kle && !KLE_EMNE.test(kle))) return undefined;
      return { destination, ...(kle ? { kle } : {}) };
    }),
  );

  app.post('/restpostkasse/bulk', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, ACTORS, 'restpostkasse');
    if (!principal) return reply;
    const form = (request.body ?? {}) as Form;
    const ids = [...new Set((Array.isArray(form.ids) ? form.ids : form.ids ? [form.ids] : []).map((x) => x.trim()).filter(Boolean))].slice(0, 100);
    let placed = 0;
    let refused = 0;
    for (const id of ids) {
      try {
        await placeItem(ctx, principal, id, { suggestion: 1 });
        placed += 1;
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
        refused += 1;
      }
    }
    return reply.redirect(`/restpostkasse?placed=${placed}&refused=${refused}`, 303);
  });

  async function answerProblem(request: FastifyRequest, reply: FastifyReply, principal: Principal, id: string, problem: ApiProblem, form: Form) {
    const status = problem.kind === 'not_found' ? 404 : problem.kind === 'bad_request' ? 400 : problem.kind === 'conflict' ? 409 : 422;
    if (isHtmx(request)) {
      // htmx swaps 2xx answers only: a refusal inside the scope replaces the row with why; "not found" stays a 404.
      const fragment = rowOutcome(id.slice(0, 100), alert('error', problemText(problem.kind))).value;
      return sendPage(status === 404 ? reply.code(404) : reply, fragment);
    }
    if (status === 404) return sendPage(reply.code(404), notFoundPage(principal, 'restpostkasse').value);
    const back = safeReturnTo(one(form.returnTo));
    const body = html`${alert('error', problemText(problem.kind))}<p><a href="${back}">Tilbage</a></p>`;
    return sendPage(reply.code(status), page({ title: 'Ikke fordelt', principal, active: 'restpostkasse', body }).value);
  }
}
