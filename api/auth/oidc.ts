// Login through the municipality's identity provider: OpenID Connect authorization code flow with PKCE
// (S256), state and nonce, done by openid-client. `/auth/login` keeps the pending login (state, nonce,
// code verifier, where to return) in a signed, httpOnly cookie that lives ten minutes and is used once;
// `/auth/callback` exchanges the code, has the id token checked (signature, issuer, audience, nonce), takes
// the person's groups from the id token or else from userinfo, maps them to a Principal and starts a
// session. The provider's metadata is discovered at the first login (and again after a failure), so the
// API starts even while the identity provider is unreachable.
import './types.js';
import * as client from 'openid-client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/ports.js';
import type { AuthConfig } from './config.js';
import { groupsFromClaim, principalFromGroups, type GroupMapping } from './group-mapping.js';
import { sendProblem } from '../problem.js';
import { cookieNames, cookieOptions, type SessionAuth } from './sessions.js';

type OidcConfig = NonNullable<AuthConfig['oidc']>;

export interface OidcSettings {
  oidc: OidcConfig;
  publicUrl: string;
  clientSecret?: string;
  tenantId: string;
  mapping: GroupMapping;
  sessions: SessionAuth;
  clock: Clock;
}

interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  at: number;
}

const PENDING_SECONDS = 600;

/** Only a path on this site: never `//host`, `/\host` or an absolute URL (no open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && value.length < 2000 && /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : '/';
}

export function registerOidcRoutes(app: FastifyInstance, settings: OidcSettings): { endSessionUrl(idToken: string): Promise<string | undefined> } {
  const { oidc, publicUrl } = settings;
  const https = new URL(publicUrl).protocol === 'https:';
  const names = cookieNames(https);
  const options = cookieOptions(https);
  const redirectUri = new URL('/auth/callback', publicUrl).href;

  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        settings.clientSecret,
        settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
        new URL(oidc.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      }));

  const readPending = (request: FastifyRequest): PendingLogin | undefined => {
    const raw = request.cookies[names.pending];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return undefined;
    try {
      const pending = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as PendingLogin;
      const age = settings.clock.now().getTime() - pending.at;
      return age >= 0 && age <= PENDING_SECONDS * 1000 ? pending : undefined;
    } catch {
      return undefined;
    }
  };

  app.get('/auth/login', { schema: { tags: ['auth'], summary: 'Starts login at the identity provider (redirect)' } }, async (request, reply) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      request.log.error({ code: 'auth.oidc.discovery_failed', err: error }, 'identity provider metadata unavailable');
      return sendProblem(reply, 'idp_unavailable');
    }
    const pending: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo: safeReturnTo((request.query as Record<string, unknown>)?.returnTo),
      at: settings.clock.now().getTime(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: oidc.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    reply.setCookie(names.pending, Buffer.from(JSON.stringify(pending)).toString('base64url'), { ...options, signed: true, maxAge: PENDING_SECONDS });
    reply.header('cache-control', 'no-store');
    return reply.redirect(url.href, 302);
  });

  app.get('/auth/callback', { schema: { tags: ['auth'], summary: 'The identity provider\'s redirect back: code exchange, group mapping, session' } }, async (request, reply) => {
    const pending = readPending(request);
    // One use: whatever happens next, this pending login is gone.
    reply.clearCookie(names.pending, options);
    if (!pending) return sendProblem(reply, 'login_expired');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let config: client.Configuration;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      config = await configuration();
      tokens = await client.authorizationCodeGrant(config, new URL(redirectUri + query), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      request.log.warn({ code: 'auth.oidc.callback_refused', error: errorCode(error) }, 'login refused at the code exchange');
      return sendProblem(reply, 'login_failed');
    }
    const claims = tokens.claims()!;
    let groups = claims[oidc.groupsClaim];
    if (groups === undefined) {
      try {
        groups = (await client.fetchUserInfo(config, tokens.access_token, claims.sub))[oidc.groupsClaim];
      } catch (error) {
        request.log.warn({ code: 'auth.oidc.userinfo_failed', error: errorCode(error) }, 'groups not available from userinfo');
      }
    }
    const displayName = [claims[oidc.nameClaim], claims.preferred_username, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0)!;
    const mapped = principalFromGroups({ subject: claims.sub, displayName, tenantId: settings.tenantId, via: 'session' }, groupsFromClaim(groups), settings.mapping);
    if (!mapped.ok) {
      request.log.info({ code: mapped.reason.code, ...mapped.reason.data }, 'login refused: no mapped group');
      return sendProblem(reply, 'no_access');
    }
    await settings.sessions.start(request, reply, mapped.principal, tokens.id_token);
    request.log.info({ code: 'auth.login', via: 'session', groups: mapped.groups }, 'logged in');
    reply.header('cache-control', 'no-store');
    return reply.redirect(pending.returnTo, 303);
  });

  return {
    async endSessionUrl(idToken) {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: new URL('/', publicUrl).href }).href;
    },
  };
}

/** The failure without tokens or codes: openid-client's error code and the OAuth error, if any. */
function errorCode(error: unknown): Record<string, unknown> {
  const e = error as { code?: unknown; error?: unknown; name?: unknown };
  return { name: e?.name, code: e?.code, oauthError: e?.error };
}
