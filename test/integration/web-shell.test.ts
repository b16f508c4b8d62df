// The web app's frame (web/plugin.ts, web/layout.ts) on the API's instance: assets from the dkfds and htmx
// packages are served, a visitor without a login is sent to login and back, the front page opens the first
// section the person's roles allow, pages are Danish with security headers, and the API is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../../web/plugin.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

describe('the web app frame', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApiHarness('PGlite', { pages: registerWebApp });
  }, 60_000);
  afterAll(async () => h?.close());

  it('serves Det Fælles Designsystem, htmx and its own script', async () => {
    for (const url of ['/assets/dkfds/css/dkfds.min.css', '/assets/htmx/htmx.min.js', '/assets/fordeler.js']) {
      const response = await h.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body.length, url).toBeGreaterThan(100);
    }
    expect((await h.app.inject({ method: 'GET', url: '/assets/../package.json' })).statusCode).not.toBe(200);
  });

  it('sends a visitor without a login to login, with the page to come back to', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/auth/login?returnTo=%2F');
  });

  it('opens the first section the roles allow: the rest mailbox for staff, the audit for an auditor', async () => {
    const staff = await h.app.inject({ method: 'GET', url: '/', headers: asPrincipal(principal({ roles: ['staff'] })) });
    expect(staff.headers.location).toBe('/restpostkasse');
    const auditor = await h.app.inject({ method: 'GET', url: '/', headers: asPrincipal(principal({ roles: ['auditor'] })) });
    expect(auditor.headers.location).toBe('/revision');
  });

  it('leaves the JSON API and its OpenAPI document as they were', async () => {
    const document = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).some((path) => !path.startsWith('/api/') && !path.startsWith('/auth/'))).toBe(false);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/items' })).statusCode).toBe(401);
  });
});
