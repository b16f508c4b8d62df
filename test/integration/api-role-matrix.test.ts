// Issue 13's acceptance for login and access: people log in through the local OIDC provider (authorization
// code + PKCE, the session cookie; test/support/oidc-provider.ts) into the real API, and a role × scope matrix
// shows that each one sees and can change exactly their items — the item list, the rest mailbox and the failed
// list hold exactly the expected ids; detail, text and original answer 200 inside scope and 404 outside
// (never 403 for an item); accepting, placing and retrying succeed inside scope and are 404 outside, 403 for a
// role that may not act; the access log is for auditors and administrators. A machine client with a bearer
// JWT (signed by a test key in bearer.jwks) whose group is a person's gets exactly that person's answers.
// Writes on a session send the CSRF token. On PGlite and PostgreSQL. The cases, written out by hand, are in
// test/support/role-matrix-cases.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, TENANT, type ApiHarness, type SeedItem } from '../support/api-harness.js';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.js';
import { accounts, EXPECTED, groups, ITEMS, OTHER_TENANT, PARKED, parkedFor, ROLE_ROWS, WRITES, type FailedSpec, type Key, type User, type WriteCase } from '../support/role-matrix-cases.js';
import { bearerClient, listedIds, makeBearerKey, openMatrixApp, PUBLIC_URL, seedFailedDelivery, sessionClient, type BearerKey, type Client, type MatrixApp } from '../support/role-matrix.js';

interface WriteAnswers {
  accept: number;
  place: number;
  outside: [number, number][];
  /** One bulk request: an item in scope and the ones outside; each item's status, or the request's when it is refused whole. */
  bulk: string[] | number;
  retryInside: number;
  retryOutside: number;
}

interface ReadAnswers {
  items: string[] | number;
  restMailbox: string[] | number;
  failed: string[] | number;
  accessLog: number;
  /** Per item: the status of detail, text and original. */
  reads: Record<string, [number, number, number]>;
}

describe.each(BACKENDS)('the role × scope matrix through OIDC login on %s', (backend) => {
  let idp: TestIdp;
  let key: BearerKey;
  let m: MatrixApp;
  let h: ApiHarness;
  const ids = new Map<Key, string>();
  const keyOf = new Map<string, string>();
  const clients = new Map<User, Client>();
  let machine: Client;
  const asKeys = (answer: string[] | number) => (typeof answer === 'number' ? answer : answer.map((i) => keyOf.get(i) ?? `unknown:${i}`).sort());

  beforeAll(async () => {
    idp = await startTestIdp({ redirectUri: `${PUBLIC_URL}/auth/callback`, postLogoutRedirectUri: `${PUBLIC_URL}/`, accounts });
    key = await makeBearerKey();
    m = await openMatrixApp(backend, idp, key, groups);
    h = m.h;
    for (const [k, spec] of Object.entries(ITEMS) as [Key, SeedItem][]) ids.set(k, (await h.seed(spec)).id);
    ids.set('failedKy', await seedFailedDelivery(h, { subject: 'fejlet ved aflevering til KY', destination: 'KY', kle: '32.30.04' }));
    for (const [k, i] of ids) keyOf.set(i, k);
    for (const account of accounts) clients.set(account.id, await sessionClient(h, idp, account.id));
    machine = await bearerClient(h, key, 'esdh-integration', ['g-journal-ky']);
  }, 120_000);
  afterAll(async () => {
    await m?.close();
    await idp?.close();
  });

  async function readAnswers(client: Client): Promise<ReadAnswers> {
    const reads: ReadAnswers['reads'] = {};
    for (const [k, itemId] of ids) {
      const base = `/api/v1/items/${itemId}`;
      reads[k] = [(await client.get(base)).statusCode, (await client.get(`${base}/text`)).statusCode, (await client.get(`${base}/original`)).statusCode];
    }
    return {
      items: asKeys(await listedIds(client, '/api/v1/items?limit=200')),
      restMailbox: asKeys(await listedIds(client, '/api/v1/rest-mailbox?limit=200')),
      failed: asKeys(await listedIds(client, '/api/v1/failed?limit=200')),
      accessLog: (await client.get('/api/v1/access-log')).statusCode,
      reads,
    };
  }

  function expectedAnswers(user: User): ReadAnswers {
    const { items, failed, accessLog } = EXPECTED[user];
    const reads: ReadAnswers['reads'] = {};
    for (const k of ids.keys()) {
      const status = items === 403 ? 403 : items.includes(k) ? 200 : 404;
      reads[k] = [status, status, status];
    }
    return {
      items: items === 403 ? 403 : [...items].sort(),
      restMailbox: items === 403 ? 403 : items.filter((k) => PARKED.includes(k)).sort(),
      failed: failed === 403 ? 403 : [...failed].sort(),
      accessLog,
      reads,
    };
  }

  it('logs everyone in through the provider with the Principal their groups map to', () => {
    expect(clients.get('anna')!.principal).toEqual({ subject: 'anna', displayName: 'Anna Administrator', tenantId: TENANT, roles: ['administrator'], scope: { destinations: 'all', kleGroups: 'all', sensitive: true }, via: 'session' });
    expect(clients.get('sofie')!.principal).toMatchObject({ roles: ['staff'], scope: { destinations: ['KY'], kleGroups: 'all', sensitive: false } });
    expect(clients.get('sara')!.principal.scope.sensitive).toBe(true);
    expect(clients.get('karl')!.principal.scope).toEqual({ destinations: 'all', kleGroups: ['27.15'], sensitive: false });
    expect(clients.get('alma')!.principal.roles).toEqual(['auditor']);
    expect(machine.principal).toEqual({ ...clients.get('julie')!.principal, subject: 'esdh-integration', displayName: 'esdh-integration', via: 'bearer' });
  });

  it.each(accounts.map((a) => a.id))('gives %s exactly their items: lists, detail, text and original', async (user) => {
    expect(await readAnswers(clients.get(user)!)).toEqual(expectedAnswers(user));
  });

  it.each(accounts.filter((a) => EXPECTED[a.id].items !== 403).map((a) => a.id))('pages %s\'s item list two at a time into exactly the same items', async (user) => {
    const client = clients.get(user)!;
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const response = await client.get(`/api/v1/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = response.json() as { items: { id: string }[]; next: string | null };
      seen.push(...body.items.map((item) => item.id));
      cursor = body.next;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(asKeys(seen.sort())).toEqual([...(EXPECTED[user].items as Key[])].sort());
  });

  it('gives the bearer client exactly the answers of the person with the same group', async () => {
    const person = await readAnswers(clients.get('julie')!);
    expect(await readAnswers(machine)).toEqual(person);
    expect(person).toEqual(expectedAnswers('julie'));
  });

  async function seedFailed(spec: FailedSpec): Promise<string> {
    if (spec === 'delivery-ky') return seedFailedDelivery(h, { subject: 'fejlet aflevering', destination: 'KY', kle: '32.30.04' });
    return (await h.seed({ subject: 'fejlet', state: 'failed', ...(spec === 'other-tenant' ? { tenantId: OTHER_TENANT } : {}) })).id;
  }

  /** Fresh items for one caller's writes (so no write depends on another's), and the statuses of the writes. */
  async function writeAnswers(client: Client, write: WriteCase): Promise<{ answers: WriteAnswers; accepted: string; placed: string }> {
    const accepted = (await h.seed(write.inside)).id;
    const placed = (await h.seed(write.inside)).id;
    const bulked = (await h.seed(write.inside)).id;
    const outside = await Promise.all(write.outside.map(async (spec) => (await h.seed(spec)).id));
    const [retryInside, retryOutside] = [await seedFailed(write.retryInside), await seedFailed(write.retryOutside)];
    const accept = await client.post(`/api/v1/rest-mailbox/${accepted}/accept`, { suggestion: 1 });
    const place = await client.post(`/api/v1/rest-mailbox/${placed}/place`, { destination: write.placeTo });
    const outsideAnswers: [number, number][] = [];
    for (const itemId of outside) {
      outsideAnswers.push([(await client.post(`/api/v1/rest-mailbox/${itemId}/accept`, { suggestion: 1 })).statusCode, (await client.post(`/api/v1/rest-mailbox/${itemId}/place`, { destination: write.placeTo })).statusCode]);
    }
    const bulk = await client.post('/api/v1/rest-mailbox/bulk', { items: [{ id: bulked, suggestion: 1 }, ...outside.map((itemId) => ({ id: itemId, destination: write.placeTo }))] });
    return {
      answers: {
        accept: accept.statusCode,
        place: place.statusCode,
        outside: outsideAnswers,
        bulk: bulk.statusCode === 200 ? (bulk.json() as { results: { status: string }[] }).results.map((r) => r.status) : bulk.statusCode,
        retryInside: (await client.post(`/api/v1/failed/${retryInside}/retry`, {})).statusCode,
        retryOutside: (await client.post(`/api/v1/failed/${retryOutside}/retry`, {})).statusCode,
      },
      accepted,
      placed,
    };
  }

  const expectedWrites = (write: WriteCase): WriteAnswers => ({
    accept: write.acts ? 200 : 403,
    place: write.acts ? 200 : 403,
    outside: write.outside.map(() => (write.acts ? [404, 404] : [403, 403])),
    bulk: write.acts ? ['redistributed', ...write.outside.map(() => 'not_found')] : 403,
    retryInside: write.retries ? 200 : 403,
    retryOutside: write.retries ? 404 : 403,
  });

  /** The item's state and destination, and who the route decision names, as the administrator reads them. */
  async function placedAs(itemId: string) {
    const detail = (await clients.get('anna')!.get(`/api/v1/items/${itemId}`)).json() as { item: { state: string; destination: string | null }; route: { manual: boolean; by: string | null } | null };
    return { state: detail.item.state, destination: detail.item.destination, manual: detail.route?.manual ?? false, by: detail.route?.by ?? null };
  }

  it.each(accounts.map((a) => a.id))('lets %s accept, place and retry exactly inside their scope', async (user) => {
    const client = clients.get(user)!;
    const write = WRITES[user];
    const { answers, accepted, placed } = await writeAnswers(client, write);
    expect(answers).toEqual(expectedWrites(write));
    const suggested = (write.inside.suggestions as { destination: string }[])[0]!.destination;
    if (write.acts) {
      expect(await placedAs(accepted)).toEqual({ state: 'routed', destination: suggested, manual: true, by: user });
      expect(await placedAs(placed)).toEqual({ state: 'routed', destination: write.placeTo, manual: true, by: user });
      expect(h.delivered).toEqual(expect.arrayContaining([accepted, placed]));
    } else {
      expect((await placedAs(accepted)).state).toBe('parked');
      expect(h.delivered).not.toContain(accepted);
    }
  });

  it('gives the bearer client the write answers of the person with the same group, with no CSRF token', async () => {
    const { answers, accepted } = await writeAnswers(machine, WRITES.julie);
    expect(answers).toEqual((await writeAnswers(clients.get('julie')!, WRITES.julie)).answers);
    expect(answers).toEqual(expectedWrites(WRITES.julie));
    expect(await placedAs(accepted)).toMatchObject({ state: 'routed', by: 'esdh-integration' });
  });

  it('refuses a session write without the CSRF token before it reaches the item', async () => {
    const itemId = (await h.seed(parkedFor('KY', '32.30.04'))).id;
    const refused = await clients.get('sofie')!.postWithoutCsrf(`/api/v1/rest-mailbox/${itemId}/accept`, { suggestion: 1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ type: 'urn:fordeler:problem:csrf-refused' });
    expect((await placedAs(itemId)).state).toBe('parked');
    expect((await clients.get('sofie')!.post(`/api/v1/rest-mailbox/${itemId}/accept`, { suggestion: 1 })).statusCode).toBe(200);
  });

  it('records retries by the person who asked, and queues them', async () => {
    const itemId = await seedFailed('delivery-ky');
    const retried = await clients.get('julie')!.post(`/api/v1/failed/${itemId}/retry`, {});
    expect(retried.json()).toEqual({ id: itemId, state: 'routed', queued: true });
    expect(h.requeued).toContainEqual({ itemId, state: 'routed' });
    const detail = (await clients.get('anna')!.get(`/api/v1/items/${itemId}`)).json() as { item: { state: string }; timeline: { type: string; data?: { by?: string } }[] };
    expect(detail.item.state).toBe('routed');
    expect(detail.timeline.find((e) => e.type === 'retry_requested')?.data?.by).toBe('julie');
  });

  it('lets the auditor and the administrator read the access log of those reads, and nobody else', async () => {
    const log = (await clients.get('alma')!.get('/api/v1/access-log?limit=500')).json() as { entries: { actor: string; via: string; itemId: string }[] };
    const actors = new Set(log.entries.map((e) => e.actor));
    expect(actors).toEqual(new Set(['anna', 'jens', 'julie', 'sofie', 'sara', 'karl', 'esdh-integration']));
    expect(log.entries.filter((e) => e.actor === 'esdh-integration').every((e) => e.via === 'bearer')).toBe(true);
    expect(log.entries.filter((e) => e.actor === 'karl').map((e) => keyOf.get(e.itemId)).sort()).toEqual(
      ['routedKy27', 'routedBorger27', 'parkedToKy27'].flatMap((k) => [k, k, k]).sort(),
    );
    expect((await clients.get('anna')!.get('/api/v1/access-log')).statusCode).toBe(200);
    for (const user of ['jens', 'julie', 'sofie', 'sara', 'karl'] as const) expect((await clients.get(user)!.get('/api/v1/access-log')).statusCode, user).toBe(403);
    expect((await machine.get('/api/v1/access-log')).statusCode).toBe(403);
  });

  it.each(ROLE_ROWS)('answers $route by role: 200 for exactly the allowed roles, 403 for the rest', async ({ url, allowed }) => {
    const answers = Object.fromEntries(await Promise.all(accounts.map(async ({ id: user }) => [user, (await clients.get(user)!.get(url)).statusCode] as const)));
    expect(answers).toEqual(Object.fromEntries(accounts.map(({ id: user }) => [user, allowed.includes(user) ? 200 : 403])));
    expect((await machine.get(url)).statusCode).toBe(answers.julie);
  });

  it('counts and exports only the items in the caller\'s scope', async () => {
    for (const client of [clients.get('anna')!, clients.get('julie')!, machine]) {
      const listed = await listedIds(client, '/api/v1/items?limit=200');
      expect(Array.isArray(listed) && listed.length > 0, client.name).toBe(true);
      const statistics = (await client.get('/api/v1/statistics')).json() as { received: number };
      expect(statistics.received, client.name).toBe((listed as string[]).length);
      const csv = (await client.get('/api/v1/items/export?format=csv')).body.replace(/^\uFEFF/, '');
      const exported = csv.trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[0]!).sort();
      expect(exported, client.name).toEqual(listed);
    }
  });

  it('lets only the administrator place a legal hold and ask for an erasure, on items they may read', async () => {
    const hold = (client: Client, k: Key) => client.post('/api/v1/legal-holds', { itemId: ids.get(k)!, reason: 'Klagesag' });
    const erase = (client: Client, k: Key) => client.post('/api/v1/erasures', { itemId: ids.get(k)!, dryRun: true });
    for (const client of [...accounts.filter((a) => a.id !== 'anna').map((a) => clients.get(a.id)!), machine]) {
      expect([(await hold(client, 'routedKy32')).statusCode, (await erase(client, 'routedKy32')).statusCode], client.name).toEqual([403, 403]);
    }
    const anna = clients.get('anna')!;
    expect((await hold(anna, 'routedKy32')).statusCode).toBe(201);
    expect((await hold(anna, 'otherTenant')).statusCode).toBe(404);
    const report = await erase(anna, 'routedKy32');
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ basis: 'item', dryRun: true });
    expect((await erase(anna, 'otherTenant')).statusCode).toBe(404);
  });
});
