// The authentication plugin inside the real API (api/app.ts buildApi), as `fordeler serve` composes them:
// the /auth routes are in the OpenAPI document and it still validates; an anonymous caller gets 401 from the
// item routes; a logged-in session reads them; a write on a cookie session without the CSRF token is 403
// and with it reaches the route (404 for an unknown item); a bearer-free, cookie-free write is 401.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/app.js';
import { createAuthentication, hashPassword, type Authentication } from '../../api/auth/index.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { CookieJar } from '../support/auth-app.js';

const TENANT = 'norrea';
let database: Database;
let auth: Authentication;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  auth = createAuthentication(
    {
      groups: { journal: { roles: ['journal'], destinations: 'all', kleGroups: 'all', sensitive: true } },
      localLogin: true,
      localUsers: [{ username: 'jens', displayName: 'Jens Journal', passwordHash: await hashPassword('prøv-fordeler'), groups: ['journal'] }],
    },
    { db: database.db, tenantId: TENANT, databaseKind: database.kind, env: {} },
  );
  app = await buildApi({
    database,
    tenantId: TENANT,
    blobs: { read: () => { throw new Error('no blobs'); }, has: async () => false },
    auth: auth.plugin,
    logger: pino({ level: 'silent' }),
    actions: { redistribute: () => Promise.reject(new Error('not used')), requeue: async () => {} },
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await auth?.close();
  await database?.close();
});

describe('authentication inside the API', () => {
  it('puts the /auth routes into a valid OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/local', '/auth/me', '/auth/logout']));
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lets a session read, and writes only with its CSRF token', async () => {
    const retry = `/api/v1/failed/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/retry`;
    expect((await app.inject({ method: 'GET', url: '/api/v1/items' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: retry, payload: {} })).statusCode).toBe(401);

    const jar = new CookieJar();
    expect(jar.take(await app.inject({ method: 'POST', url: '/auth/local', payload: { username: 'jens', password: 'prøv-fordeler' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/items', cookies: jar.all })).statusCode).toBe(200);
    const token = (await app.inject({ method: 'GET', url: '/auth/me', cookies: jar.all })).json().csrfToken as string;

    expect((await app.inject({ method: 'POST', url: retry, payload: {}, cookies: jar.all })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: retry, payload: {}, cookies: jar.all, headers: { 'x-csrf-token': token } })).statusCode).toBe(404);
  });
});
