// The rule-set routes over a real database, on PGlite and PostgreSQL: the draft written, refused with its
// problems (JSON path, Danish text) when invalid, simulated on stored post (the same report as the code
// `fordeler rules simulate` runs, item lists cut to the caller's access and file names masked), published,
// rolled back, and the configuration audit naming the authenticated person; staff get 403, auditors read
// the audit only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateRuleSet } from '../../worker/actions/rule-set-simulation.js';
import { asPrincipal, principal } from '../support/api-auth.js';
import { BACKENDS, openApiHarness, TENANT, type ApiHarness } from '../support/api-harness.js';

const journal = asPrincipal(principal());
const journalNoSensitive = asPrincipal(principal({ subject: 'jens@norrea', displayName: 'Jens Journal', scope: { sensitive: false } }));
const admin = asPrincipal(principal({ subject: 'anne@norrea', displayName: 'Anne Admin', roles: ['administrator'] }));
const staff = asPrincipal(principal({ subject: 'ole@norrea', displayName: 'Ole Borger', roles: ['staff'] }));
const auditor = asPrincipal(principal({ subject: 'revisor@norrea', displayName: 'Revisor', roles: ['auditor'] }));
const json = { 'content-type': 'application/json' };

const destinations = [
  { id: 'KY', name: 'Ydelser' },
  { id: 'BORGER', name: 'Borgerservice' },
  { id: 'SKOLE', name: 'Skole' },
];
const first = { destinations, contentRoutes: [{ id: 'R1', subjectContains: ['boligstøtte', 'klage'], destination: 'KY' }] };
// The change: complaints no longer go by subject, and passports go to Borgerservice.
const second = {
  destinations,
  contentRoutes: [
    { id: 'R1', subjectContains: ['boligstøtte'], destination: 'KY' },
    { id: 'PAS', subjectContains: ['pas'], destination: 'BORGER' },
  ],
};
const broken = { destinations, kleRoutes: [{ pattern: '32.30', destination: 'UKENDT' }] };

type Problem = { path: string; code: string; message: string; severity: string };
type Simulation = {
  items: number;
  counts: Record<string, number>;
  notShown: number;
  byRule: { ruleId: string; changes: number; items: { itemId: string; fileName: string; kind: string; to: { destination: string | null } }[] }[];
};

describe.each(BACKENDS)('the rule-set API on %s', (backend) => {
  let h: ApiHarness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await openApiHarness(backend);
    const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T10:00:00Z`);
    ids.bolig = (await h.seed({ subject: 'Ansøgning om boligstøtte', state: 'routed', destination: 'KY', receivedAt: at(1) })).id;
    ids.klage = (await h.seed({ subject: 'Klage over afgørelse', state: 'routed', destination: 'KY', receivedAt: at(2) })).id;
    ids.pas = (await h.seed({ subject: 'Spørgsmål om pas', fileName: 'pas 010190-1009.eml', state: 'parked', receivedAt: at(3) })).id;
    ids.pasBarn = (await h.seed({ subject: 'Pas til barn', state: 'parked', sensitive: ['children'], receivedAt: at(4) })).id;
    // Outside the simulated period.
    ids.later = (await h.seed({ subject: 'Nyt pas', state: 'parked', receivedAt: new Date('2026-05-01T10:00:00Z') })).id;
  }, 60_000);
  afterAll(async () => h?.close());

  const get = (url: string, headers: Record<string, string> = journal) => h.app.inject({ method: 'GET', url, headers });
  const send = (method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string> = journal) =>
    h.app.inject({ method, url, headers: { ...json, ...headers }, payload: JSON.stringify(body) });
  const ok = <T>(response: { statusCode: number; body: string; json(): unknown }): T => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };

  it('answers 401 without a principal, 403 to staff on every route, and lets an auditor read the audit only', async () => {
    const reads = ['/api/v1/rule-sets', '/api/v1/rule-sets/draft', '/api/v1/rule-sets/v1', '/api/v1/rule-sets/audit'];
    const writes: ['POST' | 'PUT', string, unknown][] = [
      ['PUT', '/api/v1/rule-sets/draft', first],
      ['POST', '/api/v1/rule-sets/validate', first],
      ['POST', '/api/v1/rule-sets/draft/simulate', {}],
      ['POST', '/api/v1/rule-sets/draft/publish', {}],
      ['POST', '/api/v1/rule-sets/rollback', { version: 'v1' }],
    ];
    for (const url of reads) {
      expect((await get(url, {})).statusCode, url).toBe(401);
      const refused = await get(url, staff);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    for (const [method, url, body] of writes) {
      expect((await send(method, url, body, {})).statusCode, url).toBe(401);
      expect((await send(method, url, body, staff)).statusCode, url).toBe(403);
      expect((await send(method, url, body, auditor)).statusCode, url).toBe(403);
    }
    for (const url of ['/api/v1/rule-sets', '/api/v1/rule-sets/draft', '/api/v1/rule-sets/v1']) expect((await get(url, auditor)).statusCode, url).toBe(403);
    expect(ok<{ entries: unknown[] }>(await get('/api/v1/rule-sets/audit', auditor)).entries).toEqual([]);
    expect(ok<{ ruleSets: unknown[] }>(await get('/api/v1/rule-sets')).ruleSets).toEqual([]);
  });

  it('creates the draft as the authenticated person, shows it, and publishes it', async () => {
    expect((await get('/api/v1/rule-sets/draft')).statusCode).toBe(404);
    const saved = ok<{ version: string; status: string; createdBy: string; name: string; warnings: unknown[] }>(await send('PUT', '/api/v1/rule-sets/draft?name=Forår%202026', first));
    expect(saved).toMatchObject({ version: 'v1', status: 'draft', createdBy: 'mette@norrea', name: 'Forår 2026' });
    expect(ok<{ rules: unknown }>(await get('/api/v1/rule-sets/draft')).rules).toEqual(first);
    const published = ok<{ version: string; status: string; publishedBy: string; publishedAt: string }>(await send('POST', '/api/v1/rule-sets/draft/publish', {}));
    expect(published).toMatchObject({ version: 'v1', status: 'published', publishedBy: 'mette@norrea' });
    expect(Date.parse(published.publishedAt)).not.toBeNaN();
    expect((await get('/api/v1/rule-sets/draft')).statusCode).toBe(404);
    expect((await send('POST', '/api/v1/rule-sets/draft/publish', {})).statusCode).toBe(404);
  });

  it('refuses an invalid draft with every problem, its JSON path and Danish text, and stores nothing', async () => {
    const response = await send('PUT', '/api/v1/rule-sets/draft', broken);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json() as { type: string; title: string; errors: Problem[] };
    expect(body.type).toBe('urn:fordeler:problem:rule-set-invalid');
    expect(body.title).toBe('Regelsættet har fejl');
    const byPath = new Map(body.errors.map((p) => [p.path, p]));
    expect(byPath.get('kleRoutes[0].destination')).toMatchObject({ code: 'rule.unknown_destination', severity: 'error', message: expect.stringContaining('Modtageren findes ikke') });
    expect(byPath.get('kleRoutes[0].pattern')).toMatchObject({ code: 'rule.kle_pattern_invalid', message: expect.stringContaining('KLE-mønsteret') });
    expect((await get('/api/v1/rule-sets/draft')).statusCode).toBe(404);
    expect(ok<{ ruleSets: unknown[] }>(await get('/api/v1/rule-sets')).ruleSets).toHaveLength(1);

    // Validation alone saves nothing either way.
    const checked = ok<{ ok: boolean; errors: Problem[] }>(await send('POST', '/api/v1/rule-sets/validate', broken));
    expect(checked.ok).toBe(false);
    expect(checked.errors.map((p) => p.path)).toEqual(expect.arrayContaining(['kleRoutes[0].destination', 'kleRoutes[0].pattern']));
    expect(ok<{ ok: boolean; errors: Problem[] }>(await send('POST', '/api/v1/rule-sets/validate', second))).toMatchObject({ ok: true, errors: [] });
    expect((await send('POST', '/api/v1/rule-sets/validate', [1, 2])).statusCode).toBe(400);
  });

  it('replaces the draft, and simulates it on the stored post of a period as `rules simulate` does', async () => {
    expect(ok<{ version: string; createdBy: string }>(await send('PUT', '/api/v1/rule-sets/draft', first, admin))).toMatchObject({ version: 'v2', createdBy: 'anne@norrea' });
    expect(ok<{ version: string }>(await send('PUT', '/api/v1/rule-sets/draft', second, admin)).version).toBe('v2');
    expect(ok<{ rules: unknown }>(await get('/api/v1/rule-sets/draft')).rules).toEqual(second);

    const period = { from: '2026-03-01', to: '2026-04-01' };
    const simulated = ok<Simulation>(await send('POST', '/api/v1/rule-sets/draft/simulate', period));
    expect(simulated.items).toBe(4);
    expect(simulated.counts).toEqual({ newly_routed: 2, routed_elsewhere: 0, newly_parked: 1 });
    expect(simulated.notShown).toBe(0);
    const rule = (s: Simulation, id: string) => s.byRule.find((r) => r.ruleId === id);
    expect(rule(simulated, 'PAS')?.items.map((i) => [i.itemId, i.kind, i.to.destination]).sort()).toEqual([[ids.pas, 'newly_routed', 'BORGER'], [ids.pasBarn, 'newly_routed', 'BORGER']].sort());
    expect(rule(simulated, 'R1')?.items.map((i) => [i.itemId, i.kind])).toEqual([[ids.klage, 'newly_parked']]);
    const pasFile = rule(simulated, 'PAS')!.items.find((i) => i.itemId === ids.pas)!.fileName;
    expect(pasFile).toContain('010190');
    expect(pasFile).not.toContain('1009');

    // The same report as the shared simulation `fordeler rules simulate` runs.
    const draft = ok<{ rules: unknown }>(await get('/api/v1/rule-sets/v2'));
    const { report } = await simulateRuleSet(h.database.db, { tenantId: TENANT }, { body: draft.rules, version: 'v2', since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-04-01T00:00:00Z') });
    expect(simulated.counts).toEqual(report.counts);
    expect(simulated.byRule.map((r) => [r.ruleId, r.changes])).toEqual(report.byRule.map((r) => [r.ruleId, r.changes]));

    // Without the sensitive right the sensitive item is counted, not listed.
    const limited = ok<Simulation>(await send('POST', '/api/v1/rule-sets/draft/simulate', period, journalNoSensitive));
    expect(limited.counts).toEqual(simulated.counts);
    expect(limited.notShown).toBe(1);
    expect(rule(limited, 'PAS')?.items.map((i) => i.itemId)).toEqual([ids.pas]);

    // The period decides which post is tried: from March on, the May passport letter counts too.
    expect(ok<Simulation>(await send('POST', '/api/v1/rule-sets/draft/simulate', { from: '2026-03-01' })).counts.newly_routed).toBe(3);
    expect((await send('POST', '/api/v1/rule-sets/draft/simulate', { from: '2026-04-01', to: '2026-03-01' })).statusCode).toBe(400);
  });

  it('publishes the draft, rolls back to an earlier version, and lists who did what', async () => {
    expect(ok<{ version: string; status: string; publishedBy: string }>(await send('POST', '/api/v1/rule-sets/draft/publish', {}, admin))).toMatchObject({ version: 'v2', status: 'published', publishedBy: 'anne@norrea' });
    const rolledBack = ok<{ version: string; status: string; publishedBy: string }>(await send('POST', '/api/v1/rule-sets/rollback', { version: 'v1' }));
    expect(rolledBack).toMatchObject({ version: 'v1', status: 'published', publishedBy: 'mette@norrea' });
    expect((await send('POST', '/api/v1/rule-sets/rollback', { version: 'v1' })).statusCode).toBe(409);
    expect((await send('POST', '/api/v1/rule-sets/rollback', { version: 'v9' })).statusCode).toBe(404);
    expect((await send('POST', '/api/v1/rule-sets/rollback', { version: 'seneste' })).statusCode).toBe(400);

    const list = ok<{ ruleSets: { version: string; status: string; createdBy: string; publishedBy: string | null }[] }>(await get('/api/v1/rule-sets', admin));
    expect(list.ruleSets.map((r) => [r.version, r.status, r.createdBy, r.publishedBy])).toEqual([
      ['v1', 'published', 'mette@norrea', 'mette@norrea'],
      ['v2', 'retired', 'anne@norrea', 'anne@norrea'],
    ]);
    expect(ok<{ rules: unknown; status: string }>(await get('/api/v1/rule-sets/v2'))).toMatchObject({ rules: second, status: 'retired' });
    expect((await get('/api/v1/rule-sets/v7')).statusCode).toBe(404);
  });

  it('shows the configuration audit with the actor, the action and a diff summary', async () => {
    const { entries } = ok<{ entries: { actor: string; action: string; subject: string; at: string; diff: { rulesAdded: string[]; rulesChanged: string[]; text: string } | null }[] }>(
      await get('/api/v1/rule-sets/audit', auditor),
    );
    expect(entries.map((e) => [e.action, e.subject, e.actor])).toEqual([
      ['rule_set.rolled_back', 'v1', 'mette@norrea'],
      ['rule_set.published', 'v2', 'anne@norrea'],
      ['rule_set.draft_updated', 'v2', 'anne@norrea'],
      ['rule_set.draft_created', 'v2', 'anne@norrea'],
      ['rule_set.published', 'v1', 'mette@norrea'],
      ['rule_set.draft_created', 'v1', 'mette@norrea'],
    ]);
    const updated = entries.find((e) => e.action === 'rule_set.draft_updated')!;
    expect(updated.diff).toMatchObject({ rulesAdded: ['PAS'], rulesChanged: ['R1'] });
    expect(updated.diff?.text).toContain('+1 −0 ~1 regler');
    expect(ok<{ entries: unknown[] }>(await get('/api/v1/rule-sets/audit?limit=2', admin)).entries).toHaveLength(2);
  });
});
