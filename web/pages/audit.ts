// Revision: the access log (who read which item's content, when and why; filtered by actor, item and
// dates) and the configuration audit (who changed the rule set, with the difference) — for auditors and
// administrators, as GET /api/v1/access-log and GET /api/v1/rule-sets/audit show them. Reading the log is
// not an item read, so this page writes no access-log line.
import type { FastifyInstance } from 'fastify';
import { addDays } from '../../api/copenhagen-time.js';
import { toDate } from '../../api/item-views.js';
import { auditView } from '../../api/rule-set-views.js';
import { AccessLogQuery } from '../../api/schemas.js';
import { createRuleSetStore } from '../../db/rule-set-store.js';
import { pagePrincipal, sendPage, type WebContext } from '../context.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { accessFilterForm, accessLogTable, type AccessFilter } from '../views/audit.js';
import { auditTable } from '../views/rules.js';

const READERS = ['auditor', 'administrator'] as const;
const PAGE_SIZE = 100;
const hidden = { schema: { hide: true } } as never;

export function registerAuditPages(app: FastifyInstance, ctx: WebContext): void {
  const store = createRuleSetStore(ctx.db, { tenantId: ctx.tenantId });
  app.get('/revision', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, READERS, 'revision');
    if (!principal) return reply;
    // Empty form fields are no filter.
    const asked = Object.fromEntries(Object.entries(request.query as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()]));
    const parsed = AccessLogQuery.safeParse({ ...asked, limit: PAGE_SIZE });
    const filter: AccessFilter = { actor: asked.actor, item: asked.item, from: asked.from, to: asked.to };
    const mine = principal.tenantId === ctx.tenantId;
    let log;
    if (!parsed.success) {
      log = html`${accessFilterForm(filter, 'Filteret kan ikke bruges: forsendelsens id er et UUID, og datoer skrives ÅÅÅÅ-MM-DD.')}`;
    } else {
      const q = parsed.data;
      const from = toDate(q.from);
      // "Til og med" a day: up to the start of the next.
      const to = q.to && q.to.length === 10 ? toDate(addDays(q.to, 1)) : toDate(q.to);
      const entries = mine
        ? await ctx.accessLog.list({ ...(q.actor ? { actor: q.actor } : {}), ...(q.item ? { itemId: q.item } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(q.before ? { before: q.before } : {}), limit: PAGE_SIZE })
        : [];
      log = html`${accessFilterForm(filter)}${accessLogTable(entries, filter, PAGE_SIZE)}`;
    }
    const audit = mine ? (await store.audit(100)).map(auditView) : [];
    const body = html`<h2>Adgangslog</h2>
<p>Hver gang nogen har set en forsendelses indhold, tekst eller original eller eksporteret den, står det her.</p>
${log}
<h2>Konfigurationslog</h2>
<p>Ændringer af regelsættet: hvem, hvornår og hvad der blev ændret.</p>
${auditTable(audit, 'Konfigurationsloggen, nyeste først')}`;
    return sendPage(reply.code(parsed.success ? 200 : 400), page({ title: 'Revision', principal, active: 'revision', body }).value);
  });
}
