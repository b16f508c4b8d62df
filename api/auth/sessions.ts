// Who is asking, for every request: an `onRequest` hook sets `request.principal` from the session cookie
// (a row in `sessions`, expiry and idle timeout checked by db/session-store.ts) or from an
// `Authorization: Bearer <JWT>` header (api/auth/bearer.ts). A request that sends an Authorization header
// is judged by it alone: a refused token never falls back to a cookie. Unsafe methods on a cookie session
// need the session's CSRF token in the `X-CSRF-Token` header (token from GET /auth/me); bearer requests
// are exempt, they carry no ambient credentials. Also here: starting and ending a session, /auth/me and
// /auth/logout, shared by OIDC and local login.
import './types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { SessionStore, StoredSession } from '../../db/session-store.js';
import { PrincipalSchema, type Principal } from '../principal.js';
import type { BearerVerifier } from './bearer.js';
import { sendProblem } from '../problem.js';

export interface SessionSettings {
  store: SessionStore;
  tenantId: string;
  /** Served over HTTPS (publicUrl): cookies get `Secure` and the `__Host-` prefix. */
  https: boolean;
  ttlMinutes: number;
  bearer?: BearerVerifier;
}

export const cookieNames = (https: boolean) =>
  https ? { session: '__Host-fordeler-session', pending: '__Host-fordeler-login' } : { session: 'fordeler-session', pending: 'fordeler-login' };

/** Host-only, whole site, not readable by scripts; Lax so the identity provider's redirect back carries it. */
export const cookieOptions = (https: boolean) => ({ path: '/', httpOnly: true, secure: https, sameSite: 'lax' as const });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/i;

export interface SessionAuth {
  authenticate: onRequestHookHandler;
  /** The CSRF check; registered after authenticate. */
  csrfGuard(app: FastifyInstance): onRequestHookHandler;
  /** A new session for this login; a session the browser already had is ended (one login, one row). */
  start(request: FastifyRequest, reply: FastifyReply, principal: Principal, idToken?: string): Promise<void>;
  /** Deletes the request's session row and clears the cookie; the ended session, if there was one. */
  end(request: FastifyRequest, reply: FastifyReply): Promise<StoredSession | undefined>;
  registerRoutes(app: FastifyInstance, options: { endSessionUrl?: (idToken: string) => Promise<string | undefined> }): void;
}

export function createSessionAuth(settings: SessionSettings): SessionAuth {
  const names = cookieNames(settings.https);
  const options = cookieOptions(settings.https);
  const live = new WeakMap<FastifyRequest, { id: string; session: StoredSession }>();

  const fromSession = async (request: FastifyRequest): Promise<void> => {
    const id = request.cookies[names.session];
    if (!id) return;
    const session = await settings.store.find(id);
    if (!session) return;
    const parsed = PrincipalSchema.safeParse(session.principal);
    if (!parsed.success || parsed.data.tenantId !== settings.tenantId) {
      request.log.warn({ code: 'auth.session_principal_invalid' }, 'a stored session holds no usable principal');
      return;
    }
    request.principal = parsed.data;
    request.session = { csrfSecret: session.csrfSecret };
    live.set(request, { id, session });
  };

  const fromBearer = async (request: FastifyRequest, header: string): Promise<void> => {
    const token = BEARER.exec(header)?.[1];
    if (!token || !settings.bearer) {
      request.log.info({ code: token ? 'auth.bearer.not_configured' : 'auth.authorization_unusable' }, 'Authorization header ignored: no principal');
      return;
    }
    const result = await settings.bearer.verify(token);
    if (result.ok) request.principal = result.principal;
    else request.log.info({ code: result.reason.code, ...result.reason.data }, 'bearer token refused');
  };

  const end = async (request: FastifyRequest, reply: FastifyReply): Promise<StoredSession | undefined> => {
    const id = request.cookies[names.session];
    reply.clearCookie(names.session, options);
    if (!id) return undefined;
    const known = live.get(request);
    await settings.store.delete(id);
    return known?.session;
  };

  return {
    async authenticate(request) {
      request.principal = null;
      request.session = null;
      const header = request.headers.authorization;
      await (header !== undefined ? fromBearer(request, header) : fromSession(request));
    },

    csrfGuard(app) {
      return (request, reply, done) => {
        if (SAFE_METHODS.has(request.method) || !request.session) return done();
        // @fastify/csrf-protection refuses by sending its own error; the refusal is answered as every problem is.
        const refusing = Object.assign(Object.create(reply) as FastifyReply, { send: () => sendProblem(reply, 'csrf_refused') });
        app.csrfProtection(request, refusing, done);
      };
    },

    async start(request, reply, principal, idToken) {
      const previous = request.cookies[names.session];
      if (previous) await settings.store.delete(previous);
      const { id } = await settings.store.create({
        subject: principal.subject,
        principal: principal as unknown as Record<string, unknown>,
        ttlMinutes: settings.ttlMinutes,
        ...(idToken ? { idToken } : {}),
      });
      reply.setCookie(names.session, id, options);
    },

    end,

    registerRoutes(app, { endSessionUrl }) {
      app.get('/auth/me', { schema: { tags: ['auth'], summary: 'Who is logged in, and the CSRF token for unsafe requests on a cookie session' } }, async (request, reply) => {
        if (!request.principal) return sendProblem(reply, 'unauthenticated');
        const session = live.get(request)?.session;
        reply.header('cache-control', 'no-store');
        return {
          principal: request.principal,
          ...(session ? { csrfToken: reply.generateCsrf(), expiresAt: session.expiresAt.toISOString() } : {}),
        };
      });
      app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Ends the session (CSRF token required); redirectTo is the identity provider\'s logout when it offers one' } }, async (request, reply) => {
        const ended = await end(request, reply);
        let redirectTo = '/';
        if (ended?.idToken && endSessionUrl) {
          redirectTo = (await endSessionUrl(ended.idToken).catch((error: unknown) => {
            request.log.warn({ code: 'auth.end_session_unavailable', err: error }, 'identity provider logout not offered');
            return undefined;
          })) ?? '/';
        }
        reply.header('cache-control', 'no-store');
        return { loggedOut: ended !== undefined, redirectTo };
      });
    },
  };
}
