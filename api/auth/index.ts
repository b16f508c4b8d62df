// Authentication as one Fastify plugin: the thing `buildApi` (api/app.ts) and `fordeler serve` register.
// It reads and checks the `auth` settings and their secrets at start-up (local login in production mode
// stops the start here, saying why), adds cookies and CSRF tokens, the hook that sets `request.principal`
// on every request, and the /auth routes that are configured. The plugin is not encapsulated (Fastify's
// skip-override), so its hooks cover every route of the app it is registered on.
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/ports.js';
import type { Db } from '../../db/connect.js';
import { createSessionStore, type SessionStore } from '../../db/session-store.js';
import { createBearerVerifier } from './bearer.js';
import { parseAuthConfig, readAuthSecrets, type AuthConfig } from './config.js';
import { assertLocalLoginAllowed, registerLocalLogin } from './local-login.js';
import { registerOidcRoutes } from './oidc.js';
import { createSessionAuth } from './sessions.js';
import './types.js';

export interface AuthenticationDeps {
  db: Db;
  /** The municipality this API serves; sessions and principals are bound to it. */
  tenantId: string;
  /** 'postgres' is production mode for local login, like DATABASE_URL. */
  databaseKind?: 'pglite' | 'postgres';
  env?: NodeJS.ProcessEnv;
  /** Where relative secret file paths start (the work file's folder). */
  baseDir?: string;
  clock?: Clock;
  /** How often ended sessions are deleted; default 15 minutes. */
  sweepMinutes?: number;
}

export interface Authentication {
  plugin: FastifyPluginAsync;
  /** Stops the sweep of ended sessions. Safe to call twice. */
  close(): Promise<void>;
  readonly config: AuthConfig;
  readonly sessions: SessionStore;
}

export function createAuthentication(rawConfig: unknown, deps: AuthenticationDeps): Authentication {
  const config = parseAuthConfig(rawConfig);
  const env = deps.env ?? process.env;
  if (config.localLogin) assertLocalLoginAllowed({ env, ...(deps.databaseKind ? { databaseKind: deps.databaseKind } : {}) });
  const secrets = readAuthSecrets(config, env, deps.baseDir);
  const clock = deps.clock ?? { now: () => new Date() };
  const store = createSessionStore(deps.db, { tenantId: deps.tenantId, clock, idleMinutes: config.session.idleMinutes });
  const bearer = config.bearer ? createBearerVerifier(config.bearer, { tenantId: deps.tenantId, mapping: config.groups, clock }) : undefined;
  const https = config.publicUrl ? new URL(config.publicUrl).protocol === 'https:' : false;
  const sessionAuth = createSessionAuth({ store, tenantId: deps.tenantId, https, ttlMinutes: config.session.ttlMinutes, ...(bearer ? { bearer } : {}) });
  let sweep: NodeJS.Timeout | undefined;

  const plugin: FastifyPluginAsync = async (app) => {
    if (app.hasRequestDecorator('cookies')) {
      throw new Error('@fastify/cookie is already registered: the authentication plugin registers it with its signing secret; do not register it elsewhere');
    }
    await app.register(fastifyCookie, { secret: secrets.cookieSecret ?? randomBytes(32).toString('hex') });
    await app.register(fastifyCsrfProtection, {
      sessionPlugin: '@fastify/session',
      sessionKey: 'csrfSecret',
      getToken: (request: FastifyRequest) => {
        const token = request.headers['x-csrf-token'];
        return typeof token === 'string' ? token : undefined;
      },
    });
    if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null);
    app.decorateRequest('session', null);
    app.addHook('onRequest', sessionAuth.authenticate);
    app.addHook('onRequest', sessionAuth.csrfGuard(app));

    const oidc = config.oidc && config.publicUrl
      ? registerOidcRoutes(app, { oidc: config.oidc, publicUrl: config.publicUrl, tenantId: deps.tenantId, mapping: config.groups, sessions: sessionAuth, clock, ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}) })
      : undefined;
    if (config.localLogin) registerLocalLogin(app, { users: config.localUsers, mapping: config.groups, tenantId: deps.tenantId, sessions: sessionAuth });
    sessionAuth.registerRoutes(app, oidc ? { endSessionUrl: oidc.endSessionUrl } : {});

    sweep ??= setInterval(() => {
      store.deleteEnded().catch((error: unknown) => app.log.warn({ code: 'auth.session_sweep_failed', err: error }, 'ended sessions not deleted'));
    }, (deps.sweepMinutes ?? 15) * 60_000).unref();
  };
  Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'fordeler-auth' });

  return {
    plugin,
    config,
    sessions: store,
    async close() {
      if (sweep) clearInterval(sweep);
      sweep = undefined;
    },
  };
}

export type { AuthConfig } from './config.js';
export { AuthConfigError } from './config.js';
export { LocalLoginRefusedError, hashPassword } from './local-login.js';
