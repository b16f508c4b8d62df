// Drift: for administrators, the municipality's items per state with the oldest one's age in each and the
// failed count called out (db/state-overview.ts). The queue view (bull-board) needs Redis and is not built
// yet; the page says so. Counts and times only: no item content, so no access-log line.
import type { FastifyInstance } from 'fastify';
import { stateOverview } from '../../db/state-overview.js';
import { pagePrincipal, sendPage, type WebContext } from '../context.js';
import { page } from '../layout.js';
import { stateOverviewBody } from '../views/operations.js';

const hidden = { schema: { hide: true } } as never;

export function registerOperationsPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/drift', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, ['administrator'], 'drift');
    if (!principal) return reply;
    const rows = principal.tenantId === ctx.tenantId ? await stateOverview(ctx.db, { tenantId: ctx.tenantId }) : [];
    return sendPage(reply, page({ title: 'Drift', principal, active: 'drift', body: stateOverviewBody(rows, ctx.clock.now()) }).value);
  });
}
