// `fordeler serve --config work.json [--auth auth.json] [--listen 127.0.0.1:8080]`: the HTTP API (api/app.ts)
// for FORDELER_TENANT. It opens the runtime the work file describes (database — the embedded PGlite by
// default —, blob store, rules, queues) so re-distributions and retries go through the same actions as
// `fordeler work`; the `auth` settings (api/auth: OIDC, bearer tokens, local login for trying it out) come
// from the work file's `auth` section or, winning over it, from `--auth <file>`, and are required: there is
// no way to serve post to people who did not log in. On the embedded default this
// process also works the jobs the API queues (PGlite belongs to one process); with Redis the workers do.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildApi } from '../../api/app.js';
import { createAuthentication } from '../../api/auth/index.js';
import { registerWebApp } from '../../web/plugin.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { openRuntime } from '../../worker/runtime/compose.js';
import { stageForState } from '../../worker/runtime/jobs.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { loadWorkConfig, type WorkConfig } from '../../worker/runtime/work-config.js';

export interface ServeCommandOptions {
  config: string;
  auth?: string;
  listen?: string;
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces is never the default). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new Error(`--listen must be host:port (e.g. 127.0.0.1:8080), not "${value.slice(0, 80)}"`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

export interface AuthSettingsSource {
  /** The raw settings, checked by createAuthentication (api/auth/config.ts). */
  settings: unknown;
  /** Where relative secret file paths start: the folder of the file the settings came from. */
  baseDir: string;
  from: 'auth-file' | 'work-file';
}

/** The login settings: `--auth <file>` when given, else the work file's `auth` section; neither is an error saying both ways. */
export async function authSettingsFor(authPath: string | undefined, work: Pick<WorkConfig, 'file' | 'baseDir'>): Promise<AuthSettingsSource> {
  if (authPath) {
    const authFile = resolve(authPath);
    const text = await readFile(authFile, 'utf8').catch((error: unknown) => {
      throw new Error(`cannot read the auth settings ${authFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    let settings: unknown;
    try {
      settings = JSON.parse(text);
    } catch (error) {
      throw new Error(`the auth settings ${authFile} are not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return { settings, baseDir: dirname(authFile), from: 'auth-file' };
  }
  if (work.file.auth !== undefined) return { settings: work.file.auth, baseDir: work.baseDir, from: 'work-file' };
  throw new Error('fordeler serve needs login settings: an `auth` section in the work file, or --auth <file> (OIDC, bearer tokens or, for trying it out, local login); see docs/login.md');
}

export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  const { host, port } = parseListen(options.listen ?? '127.0.0.1:8080');
  const app = loadConfig();
  const config = await loadWorkConfig(app, options.config);
  const auth = await authSettingsFor(options.auth, config);
  const logger = createLogger(app.logLevel);
  const runtime = await openRuntime(config, { logger });
  const closers: (() => Promise<void>)[] = [() => runtime.close()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  };
  try {
    const authentication = createAuthentication(auth.settings, { db: runtime.database.db, tenantId: app.tenantId, databaseKind: runtime.database.kind, baseDir: auth.baseDir });
    closers.push(() => authentication.close());
    if (!config.redisUrl) await runtime.runner.start();
    const api = await buildApi({
      database: runtime.database,
      tenantId: app.tenantId,
      blobs: runtime.blobs,
      auth: authentication.plugin,
      logger,
      routing: config.file.routing,
      pages: registerWebApp,
      actions: {
        redistribute: (input) => runtime.redistribute(input),
        knownDestinations: () => runtime.knownDestinations(),
        async requeue(itemId, state) {
          const stage = stageForState(state);
          if (stage) await runtime.runner.enqueue(stage, itemId);
        },
      },
    });
    closers.push(() => api.close());
    const url = await api.listen({ host, port });
    process.stderr.write(`fordeler serve: ${url}/api/v1 (OpenAPI: ${url}/api/openapi.json) for tenant ${app.tenantId}${config.redisUrl ? '' : '; this process also works the jobs it queues'}; stop with Ctrl-C\n`);
  } catch (error) {
    await closeAll();
    throw error;
  }
  await new Promise<void>((done) => {
    const shutdown = (signal: string) => {
      logger.info({ code: 'serve.signal', signal }, 'stopping');
      void closeAll().then(done);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
