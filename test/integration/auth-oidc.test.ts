// Login through a real identity provider (oidc-provider on loopback, test/support/oidc-provider.ts): the
// authorization code flow with PKCE ends in a session whose cookie shows the mapped Principal; a wrong state,
// a replayed code, an expired or idle session and a person in no mapped group are refused; logout needs the
// CSRF token, deletes the row and sends the browser to the provider's logout; a cookie-session POST without
// the CSRF token is 403. On PGlite, and the whole round once on PostgreSQL.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { sessions } from '../../db/schema.js';
import { createSessionStore } from '../../db/session-store.js';
import { CookieJar, startAuthApp, type AuthApp } from '../support/auth-app.js';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/test-databases.js';

const publicUrl = 'http://127.0.0.1:8080';
const groups = {
  'fordeler-admin': { roles: ['administrator'], destinations: 'all', kleGroups: 'all', sensitive: true },
  'fordeler-boern': { roles: ['staff'], destinations: ['BUF'], kleGroups: ['27.24'], sensitive: true },
  'fordeler-ky': { roles: ['staff', 'auditor'], destinations: ['KY'], kleGroups: ['32.30'] },
};
const accounts = [
  { id: 'mette', name: 'Mette Jensen', groups: ['fordeler-ky', 'fordeler-boern', 'alle-medarbejdere'] },
  { id: 'anna', name: 'Anna Admin', groups: ['fordeler-admin'] },
  { id: 'nobody', name: 'Niels Ingen', groups: ['alle-medarbejdere'] },
];
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A clock the tests move: sessions expire and idle by it. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

function authConfig(idp: TestIdp) {
  return {
    publicUrl,
    oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecretEnv: 'TEST_OIDC_SECRET', scopes: ['openid', 'profile', 'groups'] },
    groups,
    session: { ttlMinutes: 10, idleMinutes: 5 },
  };
}

async function startFor(idp: TestIdp, database: Database): Promise<AuthApp> {
  return startAuthApp(authConfig(idp), { db: database.db, tenantId: 'default', clock, env: { TEST_OIDC_SECRET: idp.clientSecret }, databaseKind: database.kind });
}

/** /auth/login → the provider's login → /auth/callback, as a browser does it. */
async function browserLogin(t: AuthApp, idp: TestIdp, accountId: string, jar = new CookieJar()) {
  const start = jar.take(await t.app.inject({ method: 'GET', url: '/auth/login?returnTo=/probe' }));
  expect(start.statusCode).toBe(302);
  const authorization = new URL(start.headers.location as string);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('nonce')).toBeTruthy();
  const pending = { ...jar.all };
  const back = await idp.login(authorization.href, accountId);
  const callbackPath = back.pathname + back.search;
  const callback = jar.take(await t.app.inject({ method: 'GET', url: callbackPath, cookies: jar.all }));
  return { callback, callbackPath, pending, jar };
}

async function me(t: AuthApp, jar: CookieJar) {
  return t.app.inject({ method: 'GET', url: '/auth/me', cookies: jar.all });
}

describe('OIDC login on PGlite', () => {
  let database: Database;
  let idp: TestIdp;
  let t: AuthApp;
  const rows = () => database.db.select().from(sessions);

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    idp = await startTestIdp({ redirectUri: `${publicUrl}/auth/callback`, postLogoutRedirectUri: `${publicUrl}/`, accounts });
    t = await startFor(idp, database);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await idp?.close();
    await database?.close();
  });

  it('logs a person in: the session cookie shows the mapped Principal, only its SHA-256 is stored', async () => {
    clock.offsetMs = 0;
    const { callback, jar } = await browserLogin(t, idp, 'mette');
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/probe');
    const cookie = (callback.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string }[]).find((c) => c.name === 'fordeler-session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(Buffer.from(cookie.value, 'base64url')).toHaveLength(32);

    const answer = await me(t, jar);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().principal).toEqual({
      subject: 'mette',
      displayName: 'Mette Jensen',
      tenantId: 'default',
      roles: ['staff', 'auditor'],
      scope: { destinations: ['BUF', 'KY'], kleGroups: ['27.24', '32.30'], sensitive: true },
      via: 'session',
    });
    expect((await t.app.inject({ method: 'GET', url: '/probe', cookies: jar.all })).json().principal.subject).toBe('mette');
    const [row] = await database.db.select().from(sessions).where(eq(sessions.idHash, sha256(cookie.value)));
    expect(row?.subject).toBe('mette');
    expect(row?.idToken).toBeTruthy();
    expect(JSON.stringify(await rows())).not.toContain(cookie.value);
  });

  it('answers without a cookie, or with an unknown one, with no principal', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/probe' })).json().principal).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/probe', cookies: { 'fordeler-session': 'A'.repeat(43) } })).json().principal).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
  });

  it('refuses a callback whose state was changed, a replayed code and a callback without the pending-login cookie', async () => {
    clock.offsetMs = 0;
    const before = (await rows()).length;
    const start = await t.app.inject({ method: 'GET', url: '/auth/login' });
    const pending = new CookieJar();
    pending.take(start);
    const back = await idp.login(start.headers.location as string, 'mette');
    back.searchParams.set('state', 'forged-state');
    const forged = await t.app.inject({ method: 'GET', url: back.pathname + back.search, cookies: pending.all });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ type: 'urn:fordeler:problem:login-failed', title: 'Login mislykkedes. Prøv igen fra Fordelers forside.', status: 400 });
    expect(forged.headers['content-type']).toMatch(/^application\/problem\+json/);

    // The whole first login succeeds; the same code and pending cookie once more are refused by the provider.
    const first = await browserLogin(t, idp, 'anna');
    expect(first.callback.statusCode).toBe(303);
    const replay = await t.app.inject({ method: 'GET', url: first.callbackPath, cookies: first.pending });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ type: 'urn:fordeler:problem:login-failed' });
    expect(replay.cookies.some((c: { name: string; value: string }) => c.name === 'fordeler-session' && c.value)).toBe(false);

    const bare = await t.app.inject({ method: 'GET', url: first.callbackPath });
    expect(bare.statusCode).toBe(400);
    expect(bare.json()).toMatchObject({ type: 'urn:fordeler:problem:login-expired', status: 400 });
    expect((await rows()).length).toBe(before + 1);
  });

  it('refuses a person in no mapped group, in Danish, and stores no session', async () => {
    clock.offsetMs = 0;
    const before = (await rows()).length;
    const { callback } = await browserLogin(t, idp, 'nobody');
    expect(callback.statusCode).toBe(403);
    expect(callback.json()).toMatchObject({ type: 'urn:fordeler:problem:no-access', title: 'Du har ingen adgang til Fordeler', status: 403 });
    expect(callback.json()).not.toHaveProperty('code');
    expect((await rows()).length).toBe(before);
  });

  it('ends an idle session and an expired one, and deletes their rows', async () => {
    clock.offsetMs = 0;
    const idle = await browserLogin(t, idp, 'mette');
    const idleHash = sha256(idle.jar.cookies.get('fordeler-session')!);
    clock.offsetMs = 4 * 60_000;
    expect((await me(t, idle.jar)).statusCode).toBe(200);
    clock.offsetMs = 9.5 * 60_000;
    expect((await me(t, idle.jar)).statusCode).toBe(401);
    expect(await database.db.select().from(sessions).where(eq(sessions.idHash, idleHash))).toEqual([]);

    clock.offsetMs = 0;
    const busy = await browserLogin(t, idp, 'mette');
    const busyHash = sha256(busy.jar.cookies.get('fordeler-session')!);
    for (const minute of [4, 8]) {
      clock.offsetMs = minute * 60_000;
      expect((await me(t, busy.jar)).statusCode).toBe(200);
    }
    clock.offsetMs = 10.5 * 60_000; // used 2.5 minutes ago, but past its 10 minutes
    expect((await me(t, busy.jar)).statusCode).toBe(401);
    expect(await database.db.select().from(sessions).where(eq(sessions.idHash, busyHash))).toEqual([]);
    clock.offsetMs = 0;
  });

  it('needs the CSRF token for unsafe requests on a cookie session', async () => {
    clock.offsetMs = 0;
    const { jar } = await browserLogin(t, idp, 'mette');
    const other = await browserLogin(t, idp, 'anna');
    const token = (await me(t, jar)).json().csrfToken as string;
    const otherToken = (await me(t, other.jar)).json().csrfToken as string;
    expect(token).toBeTruthy();

    const missing = await t.app.inject({ method: 'POST', url: '/probe', cookies: jar.all });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ type: 'urn:fordeler:problem:csrf-refused', status: 403 });
    expect((await t.app.inject({ method: 'POST', url: '/probe', cookies: jar.all, headers: { 'x-csrf-token': otherToken } })).statusCode).toBe(403);
    const allowed = await t.app.inject({ method: 'POST', url: '/probe', cookies: jar.all, headers: { 'x-csrf-token': token } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().principal.subject).toBe('mette');
  });

  it('logs out only with the CSRF token: the row is deleted and the browser goes to the provider\'s logout', async () => {
    clock.offsetMs = 0;
    const { jar } = await browserLogin(t, idp, 'mette');
    const hash = sha256(jar.cookies.get('fordeler-session')!);
    expect((await t.app.inject({ method: 'POST', url: '/auth/logout', cookies: jar.all })).statusCode).toBe(403);
    expect(await database.db.select().from(sessions).where(eq(sessions.idHash, hash))).toHaveLength(1);

    const token = (await me(t, jar)).json().csrfToken as string;
    const out = jar.take(await t.app.inject({ method: 'POST', url: '/auth/logout', cookies: jar.all, headers: { 'x-csrf-token': token } }));
    expect(out.statusCode).toBe(200);
    const redirect = new URL(out.json().redirectTo as string);
    expect(redirect.origin).toBe(idp.issuer);
    expect(redirect.searchParams.get('id_token_hint')).toBeTruthy();
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe(`${publicUrl}/`);
    expect(await database.db.select().from(sessions).where(eq(sessions.idHash, hash))).toEqual([]);
    expect(jar.cookies.has('fordeler-session')).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/auth/me', cookies: { 'fordeler-session': [...jar.cookies.values()][0] ?? 'x' } })).statusCode).toBe(401);
  });

  it('replaces the browser\'s earlier session at a new login', async () => {
    clock.offsetMs = 0;
    const first = await browserLogin(t, idp, 'mette');
    const firstHash = sha256(first.jar.cookies.get('fordeler-session')!);
    const second = await browserLogin(t, idp, 'anna', first.jar);
    expect(second.callback.statusCode).toBe(303);
    expect(await database.db.select().from(sessions).where(eq(sessions.idHash, firstHash))).toEqual([]);
    expect((await me(t, second.jar)).json().principal.subject).toBe('anna');
  });

  it('keeps sessions to their tenant and sweeps ended ones', async () => {
    const now = { at: new Date('2026-03-02T08:00:00Z'), now: () => now.at };
    const mine = createSessionStore(database.db, { tenantId: 'sweep-a', clock: now, idleMinutes: 5 });
    const theirs = createSessionStore(database.db, { tenantId: 'sweep-b', clock: now, idleMinutes: 5 });
    const principal = { subject: 's' };
    const { id } = await mine.create({ subject: 's', principal, ttlMinutes: 60 });
    const { id: other } = await theirs.create({ subject: 's', principal, ttlMinutes: 60 });
    expect(await theirs.find(id)).toBeUndefined();
    expect(await theirs.delete(id)).toBe(false);
    expect((await mine.find(id))?.principal).toEqual(principal);
    now.at = new Date(now.at.getTime() + 6 * 60_000);
    expect(await mine.deleteEnded()).toBe(1);
    expect(await theirs.deleteEnded()).toBe(1);
    expect(await mine.find(id)).toBeUndefined();
    expect(await theirs.find(other)).toBeUndefined();
  });

  it('takes the groups from userinfo when the provider keeps them out of the id token', async () => {
    const conformant = await startTestIdp({ redirectUri: `${publicUrl}/auth/callback`, postLogoutRedirectUri: `${publicUrl}/`, accounts, groupsInIdToken: false });
    const other = await startFor(conformant, database);
    try {
      const { callback, jar } = await browserLogin(other, conformant, 'anna');
      expect(callback.statusCode).toBe(303);
      expect((await me(other, jar)).json().principal).toMatchObject({ subject: 'anna', roles: ['administrator'], scope: { destinations: 'all', kleGroups: 'all', sensitive: true } });
    } finally {
      await other.close();
      await conformant.close();
    }
  });
});

describe('OIDC login on PostgreSQL', () => {
  let throwaway: ThrowawayDatabase;
  let database: Database;
  let idp: TestIdp;
  let t: AuthApp;
  beforeAll(async () => {
    throwaway = await createThrowawayDatabase('auth');
    database = await openDatabase({ databaseUrl: throwaway.url });
    idp = await startTestIdp({ redirectUri: `${publicUrl}/auth/callback`, postLogoutRedirectUri: `${publicUrl}/`, accounts });
    t = await startFor(idp, database);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await idp?.close();
    await database?.close();
    await throwaway?.drop();
  });

  it('logs in, shows the Principal, and logs out', async () => {
    clock.offsetMs = 0;
    const { callback, jar } = await browserLogin(t, idp, 'mette');
    expect(callback.statusCode).toBe(303);
    const answer = (await me(t, jar)).json();
    expect(answer.principal).toMatchObject({ subject: 'mette', roles: ['staff', 'auditor'], via: 'session' });
    const out = await t.app.inject({ method: 'POST', url: '/auth/logout', cookies: jar.all, headers: { 'x-csrf-token': answer.csrfToken } });
    expect(out.json()).toMatchObject({ loggedOut: true });
    expect(await database.db.select().from(sessions)).toEqual([]);
  });
});
