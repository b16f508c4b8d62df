// The OpenAPI document: served at GET /api/openapi.json, version 3.1, valid by a validator library's check
// (@seriousme/openapi-schema-validator), and complete — every route the app registered (apart from the
// document itself and Fastify's automatic HEAD routes) is in it with its method.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyPluginAsync, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthentication, hashPassword } from '../../api/auth/index.js';
import { testAuth } from '../support/api-auth.js';
import { openApiHarness, TENANT, type ApiHarness } from '../support/api-harness.js';

describe('the OpenAPI document', () => {
  let h: ApiHarness;
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    const auth: FastifyPluginAsync = async (app) => {
      app.addHook('onRoute', (route) => void routes.push(route));
      await testAuth(app, {});
    };
    Object.assign(auth, { [Symbol.for('skip-override')]: true });
    h = await openApiHarness('PGlite', { auth });
  }, 60_000);
  afterAll(async () => h?.close());

  it('is served without a login and passes the validator', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string };
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names every registered route with its method', async () => {
    const document = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const registered = routes
      .filter((route) => route.url !== '/api/openapi.json')
      .flatMap((route) => [route.method].flat().filter((method) => method !== 'HEAD').map((method) => `${method.toLowerCase()} ${route.url.replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect(registered.length).toBeGreaterThanOrEqual(10);
    expect(documented.sort()).toEqual([...new Set(registered)].sort());
  });
});

describe('the OpenAPI document with the real login plugin', () => {
  let h: ApiHarness;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    // api/auth's plugin needs the database the harness opens, so it is made in beforeBuild and called through `auth`.
    const passwordHash = await hashPassword('prøve-kodeord');
    let plugin: FastifyPluginAsync = async () => {};
    const auth: FastifyPluginAsync = async (app) => plugin(app, {});
    Object.assign(auth, { [Symbol.for('skip-override')]: true });
    h = await openApiHarness('PGlite', {
      auth,
      beforeBuild: (database) => {
        const authentication = createAuthentication(
          { localLogin: true, groups: { journal: { roles: ['journal'], destinations: 'all', kleGroups: 'all' } }, localUsers: [{ username: 'mette', displayName: 'Mette', passwordHash, groups: ['journal'] }] },
          { db: database.db, tenantId: TENANT, databaseKind: 'pglite', env: {} },
        );
        plugin = authentication.plugin;
        close = () => authentication.close();
      },
    });
  }, 60_000);
  afterAll(async () => (await close(), await h?.close()));

  it('still validates with the login routes in it, and items still need a login', async () => {
    const document = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/local', '/api/v1/items']));
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/items' })).statusCode).toBe(401);
  });
});
