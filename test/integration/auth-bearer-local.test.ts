// Machine clients and the local trial login. A bearer JWT signed by a configured key (a key set in the
// settings, a JWKS URL, or the issuer's discovery document) is accepted with the right issuer and audience
// and mapped through the same groups as people; a wrong issuer, audience, key or expiry, or no mapped group,
// gives no principal, and a refused token never falls back to a session cookie. Bearer requests need no
// CSRF token. Local login works on the embedded default and is refused at start-up in production mode.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthentication, hashPassword, LocalLoginRefusedError } from '../../api/auth/index.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { CookieJar, startAuthApp, type AuthApp } from '../support/auth-app.js';

const ISSUER = 'https://login.kommune.test/tenant/v2.0';
const AUDIENCE = 'api://fordeler';
const groups = {
  'fordeler-esdh': { roles: ['journal'], destinations: 'all', kleGroups: 'all' },
  'fordeler-ky': { roles: ['staff'], destinations: ['KY'] },
};

let database: Database;
let key: { privateKey: CryptoKey; jwk: JWK };
let otherKey: { privateKey: CryptoKey };
let localUsers: { username: string; displayName: string; passwordHash: string; groups: string[] }[];

async function token(claims: Record<string, unknown> = {}, options: { issuer?: string; audience?: string; expires?: string | number; signWith?: CryptoKey } = {}) {
  return new SignJWT({ roles: ['fordeler-esdh'], azp: 'esdh-integration', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject('client-123')
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(options.signWith ?? key.privateKey);
}

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const pair = await generateKeyPair('ES256');
  key = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256' } };
  otherKey = { privateKey: (await generateKeyPair('ES256')).privateKey };
  localUsers = [{ username: 'mette', displayName: 'Mette Jensen', passwordHash: await hashPassword('prøv-fordeler'), groups: ['fordeler-ky'] }];
}, 60_000);
afterAll(async () => database?.close());

describe('bearer tokens with a configured key set', () => {
  let t: AuthApp;
  beforeAll(async () => {
    t = await startAuthApp(
      { bearer: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [key.jwk] }, groupsClaim: 'roles' }, groups, localLogin: true, localUsers },
      { db: database.db, tenantId: 'default', env: {}, databaseKind: 'pglite' },
    );
  });
  afterAll(async () => t?.close());
  const probe = async (headers: Record<string, string>, method: 'GET' | 'POST' = 'GET', cookies?: Record<string, string>) =>
    (await t.app.inject({ method, url: '/probe', headers, ...(cookies ? { cookies } : {}) })).json().principal;

  it('accepts the right issuer and audience, maps the groups, and needs no CSRF token', async () => {
    const expected = { subject: 'client-123', displayName: 'esdh-integration', tenantId: 'default', roles: ['journal'], scope: { destinations: 'all', kleGroups: 'all', sensitive: false }, via: 'bearer' };
    expect(await probe(bearer(await token()))).toEqual(expected);
    expect(await probe(bearer(await token()), 'POST')).toEqual(expected);
  });

  it('refuses a wrong issuer, audience, key, an expired token and one with no mapped group', async () => {
    const refused = [
      await token({}, { issuer: 'https://evil.test/' }),
      await token({}, { audience: 'api://other' }),
      await token({}, { signWith: otherKey.privateKey }),
      await token({}, { expires: Math.floor(Date.now() / 1000) - 120 }),
      await token({ roles: ['outlook-users'] }),
      'not.a.jwt',
    ];
    for (const value of refused) expect(await probe(bearer(value))).toBeNull();
    expect(await probe({ authorization: 'Basic bWV0dGU6eA==' })).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(refused[0]!) })).statusCode).toBe(401);
  });

  it('never falls back to the session cookie when a token is refused', async () => {
    const jar = new CookieJar();
    jar.take(await t.app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'mette', password: 'prøv-fordeler' } }));
    expect((await probe({}, 'GET', jar.all))?.subject).toBe('local:mette');
    expect(await probe(bearer(await token({}, { audience: 'api://other' })), 'GET', jar.all)).toBeNull();
  });

  it('logs a local user in on the embedded default, and refuses wrong passwords and non-JSON bodies', async () => {
    const jar = new CookieJar();
    const ok = jar.take(await t.app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'mette', password: 'prøv-fordeler' } }));
    expect(ok.statusCode).toBe(200);
    const me = (await t.app.inject({ method: 'GET', url: '/auth/me', cookies: jar.all })).json();
    expect(me.principal).toEqual({ subject: 'local:mette', displayName: 'Mette Jensen', tenantId: 'default', roles: ['staff'], scope: { destinations: ['KY'], kleGroups: [], sensitive: false }, via: 'local' });
    expect(me.csrfToken).toBeTruthy();

    const wrong = await t.app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'mette', password: 'forkert' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ type: 'urn:fordeler:problem:login-refused', title: 'Forkert brugernavn eller adgangskode', status: 401, detail: 'Wrong username or password.', instance: expect.stringMatching(/^urn:fordeler:request:/) });
    expect((await t.app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'ukendt', password: 'prøv-fordeler' } })).statusCode).toBe(401);
    const form = await t.app.inject({ method: 'POST', url: '/auth/local', headers: { 'content-type': 'text/plain' }, payload: '{"username":"mette","password":"prøv-fordeler"}' });
    expect(form.statusCode).toBe(415);
    expect(form.json()).toMatchObject({ type: 'urn:fordeler:problem:unsupported-media-type' });
    expect(form.cookies).toEqual([]);
  });
});

describe('cookies when Fordeler is served over HTTPS', () => {
  it('are __Host- cookies: Secure, HttpOnly, SameSite=Lax, Path=/', async () => {
    const t = await startAuthApp({ publicUrl: 'https://fordeler.kommune.test', groups, localLogin: true, localUsers }, { db: database.db, tenantId: 'default', env: {} });
    try {
      const login = await t.app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'mette', password: 'prøv-fordeler' } });
      expect(login.cookies).toEqual([expect.objectContaining({ name: '__Host-fordeler-session', secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })]);
      expect((login.cookies[0] as { domain?: string }).domain).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('bearer keys fetched over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = req.url === '/.well-known/openid-configuration' ? { issuer: base, jwks_uri: `${base}/keys` } : req.url === '/keys' ? { keys: [key.jwk] } : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['a JWKS URL', () => ({ issuer: ISSUER, jwksUri: `${base}/keys` })],
    ['the issuer\'s discovery document', () => ({ issuer: base })],
  ])('verify with %s', async (_label, settings) => {
    const { issuer } = settings();
    const t = await startAuthApp({ bearer: { ...settings(), audience: AUDIENCE, groupsClaim: 'roles' }, groups }, { db: database.db, tenantId: 'default', env: {} });
    try {
      const accepted = await t.app.inject({ method: 'GET', url: '/probe', headers: bearer(await token({}, { issuer })) });
      expect(accepted.json().principal).toMatchObject({ subject: 'client-123', via: 'bearer' });
      const refused = await t.app.inject({ method: 'GET', url: '/probe', headers: bearer(await token({}, { issuer, signWith: otherKey.privateKey })) });
      expect(refused.json().principal).toBeNull();
    } finally {
      await t.close();
    }
  });
});

describe('local login in production mode', () => {
  it.each([
    ['NODE_ENV=production', { env: { NODE_ENV: 'production' } }],
    ['DATABASE_URL is set', { env: { DATABASE_URL: 'postgres://db/fordeler' } }],
    ['the database is PostgreSQL', { env: {}, databaseKind: 'postgres' as const }],
  ])('is refused at start-up when %s, saying why', (why, signals) => {
    const start = () => createAuthentication({ groups, localLogin: true, localUsers }, { db: database.db, tenantId: 'default', ...signals });
    expect(start).toThrow(LocalLoginRefusedError);
    expect(start).toThrow(`auth.localLogin is refused in production mode (${why})`);
  });
});
