// What the routes work with: the database, the tenant-bound stores, the blob store, the access log, and the
// actions that need the runtime (re-distribution queues a hand-over, a retry queues a job). buildApi
// (api/app.ts) makes it once from ApiDeps; `fordeler serve` (cli/commands/serve.ts) and tests supply the deps.
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ItemState } from '../core/lifecycle.js';
import type { BlobStore, Clock, ItemStore } from '../core/ports.js';
import { mayChange, mayRead } from '../db/access-policy.js';
import { createAccessLogStore, type AccessAction, type AccessLogStore } from '../db/access-log.js';
import type { Database, Db } from '../db/connect.js';
import { createItemQueries, type ItemQueries } from '../db/item-queries.js';
import { createItemStore } from '../db/item-store.js';
import { findPolicyItem } from '../db/item-search.js';
import type { RedistributeOutcome } from '../worker/actions/redistribute.js';
import type { RedistributeInput } from '../worker/runtime/compose.js';
import type { Logger } from '../worker/runtime/logger.js';
import type { RoutingSettings } from '../worker/runtime/work-config.js';
import type { Principal } from './principal.js';
import { ApiProblem } from './problem.js';

/** The runtime's write actions, as the API needs them. */
export interface ApiActions {
  /** worker/actions/redistribute.ts through the runtime (recorded, queued, learned from). */
  redistribute(input: RedistributeInput): Promise<RedistributeOutcome>;
  /** Queues the job that resumes an item waiting in `state` (a retried failed item), now. */
  requeue(itemId: string, state: ItemState): Promise<void>;
  /** The destinations a person may place an item at (the runtime's router and work file); pages offer them. */
  knownDestinations?(): readonly string[];
}

export interface ApiDeps {
  database: Database;
  tenantId: string;
  blobs: Pick<BlobStore, 'read' | 'has'>;
  /** Sets `request.principal` (api/auth createAuthentication().plugin; tests use test/support/api-auth.ts). */
  auth: FastifyPluginAsync;
  logger: Logger;
  actions: ApiActions;
  clock?: Clock;
  /** The work file's `routing` settings: a rule-set simulation gates as the route stage does (default: a 1 % target). */
  routing?: RoutingSettings;
  /** More routes on the same instance and context: the web app (web/plugin.ts registerWebApp), given by `fordeler serve`. */
  pages?: (app: FastifyInstance, ctx: RouteContext) => Promise<void>;
}

export interface RouteContext {
  db: Db;
  tenantId: string;
  blobs: ApiDeps['blobs'];
  items: ItemStore;
  queries: ItemQueries;
  accessLog: AccessLogStore;
  actions: ApiActions;
  clock: Clock;
  logger: Logger;
  routing?: RoutingSettings;
}

export function routeContext(deps: ApiDeps): RouteContext {
  const clock = deps.clock ?? { now: () => new Date() };
  const scope = { tenantId: deps.tenantId };
  return {
    db: deps.database.db,
    tenantId: deps.tenantId,
    blobs: deps.blobs,
    items: createItemStore(deps.database.db, { ...scope, clock }),
    queries: createItemQueries(deps.database.db, scope),
    accessLog: createAccessLogStore(deps.database.db, scope),
    actions: deps.actions,
    clock,
    logger: deps.logger,
    ...(deps.routing ? { routing: deps.routing } : {}),
  };
}

type Found = NonNullable<Awaited<ReturnType<typeof findPolicyItem>>>;

/** The item when the principal may read it; else 404, the same as for an id that does not exist. */
export async function readableItem(ctx: RouteContext, principal: Principal, id: string): Promise<Found> {
  const found = principal.tenantId === ctx.tenantId ? await findPolicyItem(ctx.db, ctx.tenantId, id) : undefined;
  if (!found || !mayRead(principal, found.policy)) throw new ApiProblem('not_found');
  return found;
}

/** The item when the principal may change it; else 404 (never "forbidden": that would say it exists). */
export async function changeableItem(ctx: RouteContext, principal: Principal, id: string): Promise<Found> {
  const found = principal.tenantId === ctx.tenantId ? await findPolicyItem(ctx.db, ctx.tenantId, id) : undefined;
  if (!found || !mayChange(principal, found.policy)) throw new ApiProblem('not_found');
  return found;
}

/** The purpose a caller gave: the `X-Purpose` header, else the `purpose` query parameter. */
export function purposeOf(request: FastifyRequest): string | null {
  const header = request.headers['x-purpose'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const fromQuery = (request.query as { purpose?: unknown } | undefined)?.purpose;
  const purpose = fromHeader?.trim() || (typeof fromQuery === 'string' ? fromQuery.trim() : '');
  return purpose ? purpose.slice(0, 200) : null;
}

/** One access-log line for one read of item content. Written before the content is sent: no line, no content. */
export async function recordAccess(ctx: RouteContext, request: FastifyRequest, principal: Principal, action: AccessAction, itemId: string, shown: readonly string[]): Promise<void> {
  await ctx.accessLog.append({ actor: principal.subject, actorName: principal.displayName, via: principal.via, action, itemId, shown, purpose: purposeOf(request), requestId: request.id });
}
