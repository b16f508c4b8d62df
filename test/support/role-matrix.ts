// The HTTP API with its real authentication, for the role × scope matrix (test/integration/api-role-matrix.test.ts):
// the api-harness database and routes, but `request.principal` set by api/auth (createAuthentication) from an
// OIDC login at the local identity provider (test/support/oidc-provider.ts) or a bearer JWT signed by a test
// key. A Client is one logged-in caller: a browser with its session cookie (and the CSRF token it fetched
// from /auth/me, sent on every write) or a machine client with its bearer token.
import type { FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { expect } from 'vitest';
import { createAuthentication, type Authentication } from '../../api/auth/index.js';
import type { Principal } from '../../api/principal.js';
import { CookieJar } from './auth-app.js';
import { openApiHarness, TENANT, type ApiHarness, type Backend, type SeedItem } from './api-harness.js';
import type { TestIdp } from './oidc-provider.js';

export const PUBLIC_URL = 'http://127.0.0.1:8080';
export const BEARER_ISSUER = 'https://login.kommune.test/tenant/v2.0';
export const BEARER_AUDIENCE = 'api://fordeler';

export interface BearerKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function makeBearerKey(): Promise<BearerKey> {
  const pair = await generateKeyPair('ES256');
  return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'matrix-key', alg: 'ES256' } };
}

/** A machine client's token: its groups in the `roles` claim (Entra app roles), as bearer.groupsClaim says. */
export async function bearerToken(key: BearerKey, clientId: string, groups: string[]): Promise<string> {
  return new SignJWT({ roles: groups, azp: clientId })
    .setProtectedHeader({ alg: 'ES256', kid: 'matrix-key' })
    .setIssuer(BEARER_ISSUER)
    .setAudience(BEARER_AUDIENCE)
    .setSubject(clientId)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.privateKey);
}

export interface MatrixApp {
  h: ApiHarness;
  authentication: Authentication;
  close(): Promise<void>;
}

/** The api-harness on `backend` with the real authentication plugin: OIDC at `idp`, bearer tokens by `key`, `groups` as the mapping. */
export async function openMatrixApp(backend: Backend, idp: TestIdp, key: BearerKey, groups: Record<string, unknown>): Promise<MatrixApp> {
  let authentication: Authentication | undefined;
  const settings = {
    publicUrl: PUBLIC_URL,
    oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecretEnv: 'TEST_OIDC_SECRET', scopes: ['openid', 'profile', 'groups'] },
    bearer: { issuer: BEARER_ISSUER, audience: BEARER_AUDIENCE, jwks: { keys: [key.jwk] }, groupsClaim: 'roles' },
    groups,
  };
  // The harness makes the database; the plugin needs it, so it is made in beforeBuild and registered through this shim.
  const auth: FastifyPluginAsync = async (app, options) => authentication!.plugin(app, options);
  Object.assign(auth, { [Symbol.for('skip-override')]: true });
  const h = await openApiHarness(backend, {
    auth,
    beforeBuild: (database) => {
      authentication = createAuthentication(settings, { db: database.db, tenantId: TENANT, databaseKind: database.kind, env: { TEST_OIDC_SECRET: idp.clientSecret } });
    },
  });
  return {
    h,
    authentication: authentication!,
    async close() {
      await authentication?.close();
      await h.close();
    },
  };
}

export interface Client {
  name: string;
  principal: Principal;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body: object): Promise<LightMyRequestResponse>;
  /** A write without the CSRF token (the same as post for a bearer client, which needs none). */
  postWithoutCsrf(url: string, body: object): Promise<LightMyRequestResponse>;
}

/** A browser login: /auth/login → the provider's login form → /auth/callback; then /auth/me for the Principal and the CSRF token. */
export async function sessionClient(h: ApiHarness, idp: TestIdp, accountId: string): Promise<Client> {
  const jar = new CookieJar();
  const start = jar.take(await h.app.inject({ method: 'GET', url: '/auth/login?returnTo=/api/v1/items' }));
  expect(start.statusCode).toBe(302);
  const authorization = new URL(start.headers.location as string);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  const back = await idp.login(authorization.href, accountId);
  const callback = jar.take(await h.app.inject({ method: 'GET', url: back.pathname + back.search, cookies: jar.all }));
  expect(callback.statusCode, `login of ${accountId}`).toBe(303);
  expect(jar.cookies.has('fordeler-session')).toBe(true);
  const me = await h.app.inject({ method: 'GET', url: '/auth/me', cookies: jar.all });
  expect(me.statusCode).toBe(200);
  const { principal, csrfToken } = me.json() as { principal: Principal; csrfToken: string };
  expect(principal.via).toBe('session');
  expect(csrfToken).toBeTruthy();
  return {
    name: accountId,
    principal,
    get: (url) => h.app.inject({ method: 'GET', url, cookies: jar.all }),
    post: (url, body) => h.app.inject({ method: 'POST', url, payload: body, cookies: jar.all, headers: { 'x-csrf-token': csrfToken } }),
    postWithoutCsrf: (url, body) => h.app.inject({ method: 'POST', url, payload: body, cookies: jar.all }),
  };
}

/** A machine client: every request carries its bearer token (no cookie, no CSRF token). */
export async function bearerClient(h: ApiHarness, key: BearerKey, clientId: string, groups: string[]): Promise<Client> {
  const authorization = `Bearer ${await bearerToken(key, clientId, groups)}`;
  const me = await h.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization } });
  expect(me.statusCode).toBe(200);
  const { principal } = me.json() as { principal: Principal };
  expect(principal.via).toBe('bearer');
  return {
    name: clientId,
    principal,
    get: (url) => h.app.inject({ method: 'GET', url, headers: { authorization } }),
    post: (url, body) => h.app.inject({ method: 'POST', url, payload: body, headers: { authorization } }),
    postWithoutCsrf: (url, body) => h.app.inject({ method: 'POST', url, payload: body, headers: { authorization } }),
  };
}

/** A failed item that had been routed to `destination` (its handover failed): it keeps its destination and emne. */
export async function seedFailedDelivery(h: ApiHarness, spec: Omit<SeedItem, 'state'> & { destination: string }): Promise<string> {
  const { id } = await h.seed({ ...spec, state: 'routed' });
  const result = await h.items.commit({ itemId: id, from: 'routed', to: 'failed', event: { stage: 'deliver', type: 'failed', at: new Date() }, patch: { error: { code: 'deliver.unexpected', message: 'test failure' } } });
  if (!result.committed) throw new Error('seedFailedDelivery: routed → failed refused');
  return id;
}

/** The ids of a list answer, sorted; the status when it is not 200. */
export async function listedIds(client: Client, url: string): Promise<string[] | number> {
  const response = await client.get(url);
  if (response.statusCode !== 200) return response.statusCode;
  return ((response.json() as { items: { id: string }[] }).items.map((item) => item.id)).sort();
}
