// Fejlede forsendelser: the failed items in the person's scope (the same query as GET /api/v1/failed) with
// the stage that failed and the error; "Prøv igen" per row and "Prøv alle igen", both through
// api/retrying.ts — the retry the API's POST /api/v1/failed/:id/retry uses — with the person as actor.
// An htmx post gets the row's replacement; a plain post is sent back with 303. Outside one's scope an item
// is "Ikke fundet" (404).
import type { FastifyInstance } from 'fastify';
import { changeableItems, readableItems } from '../../db/access-policy.js';
import { searchItems } from '../../db/item-search.js';
import { decodeCursor, page as pageOf, summaryView } from '../../api/item-views.js';
import { ApiProblem } from '../../api/problem.js';
import { failureDetail, retryItem } from '../../api/retrying.js';
import { csrfTokenFor, notFoundPage, pagePrincipal, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { messagePage, page } from '../layout.js';
import { alert } from '../views/common.js';
import { failedBody, failedRowOutcome } from '../views/failed.js';
import { isHtmx } from './rest-mailbox.js';

/** Failed shipments are operations: administrators and the journal function (as the API). */
const OPERATORS = ['administrator', 'journal'] as const;
const PAGE_SIZE = 50;
/** "Prøv alle igen" retries at most this many per press. */
const RETRY_ALL_MAX = 500;
const hidden = { schema: { hide: true } } as never;

export function registerFailedPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/fejlede', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, OPERATORS, 'fejlede');
    if (!principal) return reply;
    const q = request.query as { cursor?: unknown; retried?: unknown; refused?: unknown };
    let after;
    try {
      after = decodeCursor(typeof q.cursor === 'string' && q.cursor ? q.cursor : undefined);
    } catch {
      return sendPage(reply.code(400), messagePage({ title: 'Fejlede forsendelser', principal, active: 'fejlede', message: 'Siden findes ikke (ugyldig side-markør).' }).value);
    }
    const rows = await searchItems(ctx.db, readableItems(principal), { state: 'failed', ...(after ? { after } : {}), limit: PAGE_SIZE + 1 });
    const shown = pageOf(rows, PAGE_SIZE);
    const viewRows = await Promise.all(
      shown.rows.map(async (row) => {
        const summary = summaryView(row);
        const failed = await failureDetail(ctx, row);
        return { id: row.id, channel: row.channel, subject: summary.subject, fileName: summary.fileName, receivedAt: row.receivedAt, stage: failed.stage, failedAt: failed.failedAt, error: failed.error };
      }),
    );
    const retried = Number(q.retried);
    const refused = Number(q.refused);
    const notice = Number.isInteger(retried) && q.retried !== undefined ? alert(refused > 0 ? 'warning' : 'success', `${retried} forsendelse(r) sendt videre igen${refused > 0 ? `, ${refused} kunne ikke` : ''}.`) : undefined;
    const csrfToken = csrfTokenFor(request, reply);
    const body = failedBody({ rows: viewRows, csrfToken, next: shown.next, paged: after !== undefined, ...(notice ? { notice } : {}) });
    return sendPage(reply, page({ title: 'Fejlede forsendelser', principal, active: 'fejlede', ...(csrfToken ? { csrfToken } : {}), body }).value);
  });

  app.post('/fejlede/:id/retry', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, OPERATORS, 'fejlede');
    if (!principal) return reply;
    const { id } = request.params as { id: string };
    try {
      const retried = await retryItem(ctx, principal, id);
      if (isHtmx(request)) return sendPage(reply, failedRowOutcome(retried.id, alert('success', retried.queued ? 'Forsendelsen er sendt videre igen.' : 'Forsendelsen er sat til at blive prøvet igen; den sættes i kø om lidt.')).value);
      return reply.redirect('/fejlede?retried=1&refused=0', 303);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.kind === 'not_found') {
        if (isHtmx(request)) return sendPage(reply.code(404), failedRowOutcome(id.slice(0, 100), alert('error', 'Forsendelsen findes ikke, eller du har ikke adgang til den.')).value);
        return sendPage(reply.code(404), notFoundPage(principal, 'fejlede').value);
      }
      const message = 'Forsendelsen er ikke længere fejlet.';
      if (isHtmx(request)) return sendPage(reply, failedRowOutcome(id.slice(0, 100), alert('error', message)).value);
      return sendPage(reply.code(409), page({ title: 'Ikke prøvet igen', principal, active: 'fejlede', body: html`${alert('error', message)}<p><a href="/fejlede">Tilbage</a></p>` }).value);
    }
  });

  app.post('/fejlede/retry-all', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, OPERATORS, 'fejlede');
    if (!principal) return reply;
    const rows = await searchItems(ctx.db, changeableItems(principal), { state: 'failed', limit: RETRY_ALL_MAX });
    let retried = 0;
    let refused = 0;
    for (const row of rows) {
      try {
        await retryItem(ctx, principal, row.id);
        retried += 1;
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
        refused += 1;
      }
    }
    return reply.redirect(`/fejlede?retried=${retried}&refused=${refused}`, 303);
  });
}
