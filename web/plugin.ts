// The Danish web app (issue 14), served by the same Fastify instance as the JSON API (api/app.ts calls
// registerWebApp through ApiDeps.pages): Det Fælles Designsystem and htmx from their npm packages under
// /assets, Fordeler's own script and stylesheet, and the pages. Pages read and write through the same
// route context as the API (policy, stores, actions, access log), so a page can never show or change more
// than the API would. Forms post application/x-www-form-urlencoded (outside /api, where only JSON is taken)
// with the session's CSRF token checked by the login layer.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { WebContext } from './context.js';
import { pagePrincipal } from './context.js';
import { sectionsFor } from './layout.js';
import { registerAuditPages } from './pages/audit.js';
import { registerFailedPages } from './pages/failed.js';
import { registerItemPages } from './pages/item.js';
import { registerOperationsPages } from './pages/operations.js';
import { registerRestMailboxPages } from './pages/rest-mailbox.js';
import { registerRulesPages } from './pages/rules.js';
import { registerStatisticsPages } from './pages/statistics.js';

const require = createRequire(import.meta.url);
/** A package's folder: up from its resolved entry to the folder named like it (dkfds exports no package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(`${sep}${name}`) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const hidden = { schema: { hide: true } } as never;

export async function registerWebApp(app: FastifyInstance, ctx: WebContext): Promise<void> {
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  const assets = (root: string, prefix: string, decorateReply: boolean) =>
    app.register(fastifyStatic, { root, prefix, decorateReply, index: false, list: false, dotfiles: 'deny', cacheControl: true, maxAge: '1h', schemaHide: true });
  await assets(join(packageDir('dkfds'), 'dist'), '/assets/dkfds/', true);
  await assets(join(packageDir('htmx.org'), 'dist'), '/assets/htmx/', false);
  await assets(join(dirname(fileURLToPath(import.meta.url)), 'assets'), '/assets/', false);

  // The front page is the first section the person may open.
  app.get('/', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, []);
    if (!principal) return reply;
    const first = sectionsFor(principal)[0];
    return reply.redirect(first ? first.path : '/revision', 303);
  });

  registerRestMailboxPages(app, ctx);
  registerItemPages(app, ctx);
  registerFailedPages(app, ctx);
  registerRulesPages(app, ctx);
  registerStatisticsPages(app, ctx);
  registerAuditPages(app, ctx);
  registerOperationsPages(app, ctx);
}
