// The web app as `fordeler serve` builds it, for the browser test (test/integration/web-browser.test.ts):
// buildApi with the web pages (registerWebApp) and the REAL authentication (api/auth createAuthentication,
// OIDC against the local identity provider test/support/oidc-provider.ts, whose development login form the
// browser fills in), listening on 127.0.0.1. The database (PGlite), the blob store and the actions come from
// the API harness (test/support/api-harness.ts): re-distribution is the real worker action, but its hand-over
// is recorded in `delivered` instead of queued to a runtime and the FK emulator. Seeded: parked items with
// suggestions, a routed, a failed and a sensitive one, and one outside the staff person's scope.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyPluginAsync } from 'fastify';
import { createAuthentication, type Authentication } from '../../api/auth/index.js';
import { registerWebApp } from '../../web/plugin.js';
import { openApiHarness, TENANT, type ApiHarness } from './api-harness.js';
import { startTestIdp, type TestIdp } from './oidc-provider.js';

/** Identity-provider accounts (any password is taken by the development login form). */
export const ACCOUNTS = {
  /** Journal function: every destination and KLE gruppe, sensitive post too. */
  journal: { id: 'jette', name: 'Jette Journal', groups: ['fordeler-journal'] },
  /** Staff of KY, KLE gruppe 32.30, no sensitive post. */
  staff: { id: 'kim', name: 'Kim Sagsbehandler', groups: ['fordeler-ky'] },
  /** Administrator: everything, the Revision and Drift pages too. */
  administrator: { id: 'anne', name: 'Anne Administrator', groups: ['fordeler-admin'] },
} as const;

const GROUPS = {
  'fordeler-journal': { roles: ['journal'], destinations: 'all', kleGroups: 'all', sensitive: true },
  'fordeler-ky': { roles: ['staff'], destinations: ['KY'], kleGroups: ['32.30'], sensitive: false },
  'fordeler-admin': { roles: ['administrator'], destinations: 'all', kleGroups: 'all', sensitive: true },
};

export interface SeededItems {
  /** Parked, KLE 32.30.04, three suggestions (KY first): in the staff scope. */
  parked: string;
  /** Parked, KLE 32.30.04, suggestions KY and BORGER: the one the test accepts. */
  parkedToAccept: string;
  /** Parked, KLE 17.02.00, suggestion SKOLE: the one the test places from its item page. */
  parkedToPlace: string;
  routed: string;
  failed: string;
  /** Parked, flagged sensitive, otherwise in the staff scope (KY, 32.30): journal only. */
  sensitive: string;
  /** Routed to BORGER, KLE 27.24.00: outside the staff person's scope. */
  otherScope: string;
}

export interface WebStack {
  url: string;
  harness: ApiHarness;
  idp: TestIdp;
  items: SeededItems;
  /** Item ids the re-distribution action handed over (recorded instead of queued). */
  delivered: string[];
  close(): Promise<void>;
}

/** A port free right now on 127.0.0.1: the redirect URI must be registered with the provider before Fordeler listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startWebStack(): Promise<WebStack> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const idp = await startTestIdp({ redirectUri: `${url}/auth/callback`, postLogoutRedirectUri: `${url}/`, accounts: Object.values(ACCOUNTS).map((a) => ({ ...a, groups: [...a.groups] })) });
  let authentication: Authentication | undefined;
  // The real plugin needs the harness's database, which exists only just before buildApi registers `auth`.
  const auth: FastifyPluginAsync = async (app, options) => authentication!.plugin(app, options);
  Object.assign(auth, { [Symbol.for('skip-override')]: true });
  let harness: ApiHarness | undefined;
  try {
    harness = await openApiHarness('PGlite', {
      pages: registerWebApp,
      auth,
      beforeBuild: (database) => {
        authentication = createAuthentication(
          {
            publicUrl: url,
            oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecretEnv: 'WEB_TEST_OIDC_SECRET', scopes: ['openid', 'profile', 'groups'] },
            groups: GROUPS,
          },
          { db: database.db, tenantId: TENANT, databaseKind: database.kind, env: { WEB_TEST_OIDC_SECRET: idp.clientSecret } },
        );
      },
    });
    const items = await seed(harness);
    await harness.app.listen({ host: '127.0.0.1', port });
    const h = harness;
    return {
      url,
      harness: h,
      idp,
      items,
      delivered: h.delivered,
      async close() {
        await h.close();
        await authentication?.close();
        await idp.close();
      },
    };
  } catch (error) {
    await harness?.close().catch(() => {});
    await authentication?.close();
    await idp.close();
    throw error;
  }
}

async function seed(h: ApiHarness): Promise<SeededItems> {
  const hour = 3600_000;
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour);
  const sender = { name: 'Søren Ærø', email: 'soeren@example.dk' };
  const parked = await h.seed({
    subject: 'Ansøgning om boligstøtte',
    body: 'Jeg søger om boligstøtte fra 1. januar.',
    state: 'parked',
    kle: '32.30.04',
    sender,
    receivedAt: at(5),
    suggestions: [
      { kle: '32.30.04', title: 'Boligstøtte', score: 0.62, destination: 'KY', ruleId: null },
      { kle: '27.24.00', title: 'Underretninger', score: 0.21, destination: 'BORGER', ruleId: null },
      { kle: '17.02.00', title: 'Skoleindskrivning', score: 0.08, destination: 'SKOLE', ruleId: null },
    ],
  });
  const parkedToAccept = await h.seed({
    subject: 'Flytning og boligydelse',
    body: 'Jeg flytter og vil gerne have min boligydelse overført.',
    state: 'parked',
    kle: '32.30.04',
    sender: { name: 'Bente Bo', email: 'bente@example.dk' },
    receivedAt: at(3),
    suggestions: [
      { kle: '32.30.04', title: 'Boligstøtte', score: 0.55, destination: 'KY', ruleId: null },
      { kle: '27.24.00', title: 'Underretninger', score: 0.3, destination: 'BORGER', ruleId: null },
    ],
  });
  const parkedToPlace = await h.seed({
    subject: 'Spørgsmål om skolefritidsordning',
    body: 'Hvornår kan min søn begynde i SFO?',
    state: 'parked',
    kle: '17.02.00',
    sender: { name: 'Ali Hansen', email: 'ali@example.dk' },
    receivedAt: at(6),
    suggestions: [{ kle: '17.02.00', title: 'Skoleindskrivning', score: 0.4, destination: 'SKOLE', ruleId: null }],
  });
  const routed = await h.seed({ subject: 'Boligstøtte: ændrede indtægtsforhold', state: 'routed', destination: 'KY', kle: '32.30.04', sender, receivedAt: at(8) });
  const failed = await h.seed({ subject: 'Ulæselig scanning', state: 'failed', channel: 'scan', fileName: 'scan.pdf', receivedAt: at(2) });
  const sensitive = await h.seed({
    subject: 'Bekymring for et barn',
    state: 'parked',
    kle: '32.30.04',
    sensitive: ['children'],
    receivedAt: at(1),
    // KY and 32.30 like the staff person's scope: only the sensitive flag keeps it from them.
    suggestions: [{ kle: '32.30.04', title: 'Boligstøtte', score: 0.7, destination: 'KY', ruleId: null }],
  });
  const otherScope = await h.seed({ subject: 'Underretning fra skolen', state: 'routed', destination: 'BORGER', kle: '27.24.00', receivedAt: at(4) });
  return { parked: parked.id, parkedToAccept: parkedToAccept.id, parkedToPlace: parkedToPlace.id, routed: routed.id, failed: failed.id, sensitive: sensitive.id, otherScope: otherScope.id };
}
