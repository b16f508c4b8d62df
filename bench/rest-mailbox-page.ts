// Issue 14's benchmark row: with 10,000 parked items, the first page of the rest mailbox is served in
// ≤ 300 ms. Seeds 10,000 parked items (each with its route decision and three suggestions, as the route
// stage writes them) into a throwaway PostgreSQL database through the tenant-bound ItemStore, then times
// the first page as staff open it — the web page /restpostkasse and the JSON list /api/v1/rest-mailbox —
// for a person who sees everything and for staff limited to one destination (the policy's suggestion
// subquery). Requests go through Fastify's inject (the whole request path without the socket); the median
// and the slowest of 20 after 3 warm-ups are reported against the target.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { pino } from 'pino';
import { buildApi } from '../api/app.js';
import type { Principal } from '../api/principal.js';
import { openDatabase } from '../db/connect.js';
import { createItemStore } from '../db/item-store.js';
import { createThrowawayDatabase } from '../db/throwaway-database.js';
import { registerWebApp } from '../web/plugin.js';
import { forEachOrdered } from '../worker/runtime/concurrency.js';
import { markdownTable } from './table.js';

const TENANT = 'bench';
const DESTINATIONS = ['BORGER', 'BYG', 'SKOLE', 'SOCIAL', 'JOB'];
const TARGET_MS = 300;
const adminUrl = process.env.FORDELER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface RestMailboxPageRow {
  path: string;
  who: string;
  status: number;
  medianMs: number;
  maxMs: number;
}

export interface RestMailboxPageBench {
  items: number;
  seedSeconds: number;
  rows: RestMailboxPageRow[];
}

const principal = (subject: string, roles: Principal['roles'], destinations: Principal['scope']['destinations']): Principal => ({
  subject,
  displayName: subject,
  tenantId: TENANT,
  roles,
  scope: { destinations, kleGroups: 'all', sensitive: true },
  via: 'local',
});

export async function benchRestMailboxPage(count = 10_000): Promise<RestMailboxPageBench> {
  const throwaway = await createThrowawayDatabase(adminUrl, 'bench_rest');
  const database = await openDatabase({ databaseUrl: throwaway.url });
  try {
    const items = createItemStore(database.db, { tenantId: TENANT });
    const seedStart = performance.now();
    const indexes = Array.from({ length: count }, (_, i) => i);
    await forEachOrdered(indexes, 8, async (i) => {
      const at = new Date(Date.now() - i * 60_000);
      const { item } = await items.createItem({ channel: 'email', source: 'bench://rest', fileName: `brev-${i}.eml`, contentSha256: randomBytes(32).toString('hex'), size: 1000, receivedAt: at });
      const suggestions = [0, 1, 2].map((k) => ({ kle: `27.${10 + k}.0${k}`, title: `Emne ${k}`, score: 0.5 - k * 0.1, destination: DESTINATIONS[(i + k) % DESTINATIONS.length]!, ruleId: `R${k}` }));
      const result = await items.commit({
        itemId: item.id,
        from: 'received',
        to: 'parked',
        event: { stage: 'route', type: 'parked', at },
        decision: { stage: 'route', outcome: { status: 'parked', suggestions }, reasons: [{ code: 'route.no_rule', message: 'ingen regel passede' }], ruleSetVersion: 'v1' },
        patch: { subject: `Henvendelse nr. ${i} om boligstøtte`, kleNr: suggestions[0]!.kle, kleConfidence: 0.5 },
      });
      if (!result.committed) throw new Error(`seeding item ${i}: received → parked refused`);
    }, () => {});
    const seedSeconds = (performance.now() - seedStart) / 1000;

    let current: Principal = principal('journal', ['journal'], 'all');
    const auth: FastifyPluginAsync = async (app) => void app.addHook('onRequest', async (request) => void (request.principal = current));
    Object.assign(auth, { [Symbol.for('skip-override')]: true });
    const app = await buildApi({
      database,
      tenantId: TENANT,
      blobs: { read: () => { throw new Error('no blobs in this benchmark'); }, has: async () => false },
      auth,
      logger: pino({ level: 'silent' }),
      actions: { redistribute: async () => { throw new Error('read-only benchmark'); }, requeue: async () => {} },
      pages: registerWebApp,
    });
    const rows: RestMailboxPageRow[] = [];
    const people: [string, Principal][] = [
      ['journal (alt)', principal('journal', ['journal'], 'all')],
      ['staff (én modtager)', principal('staff', ['staff'], ['BYG'])],
    ];
    for (const path of ['/restpostkasse', '/api/v1/rest-mailbox']) {
      for (const [who, person] of people) {
        current = person;
        const times: number[] = [];
        let status = 0;
        for (let run = 0; run < 23; run++) {
          const start = performance.now();
          const response = await app.inject({ method: 'GET', url: path });
          const elapsed = performance.now() - start;
          status = response.statusCode;
          if (run >= 3) times.push(elapsed);
        }
        times.sort((a, b) => a - b);
        rows.push({ path, who, status, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times[times.length - 1]! });
      }
    }
    await app.close();
    return { items: count, seedSeconds, rows };
  } finally {
    await database.close();
    await throwaway.drop();
  }
}

export function formatRestMailboxPageBench(bench: RestMailboxPageBench): string {
  const table = markdownTable(
    ['first page', 'person', 'status', 'median ms', 'slowest ms', `target ≤ ${TARGET_MS} ms`],
    bench.rows.map((row) => [row.path, row.who, row.status, row.medianMs.toFixed(1), row.maxMs.toFixed(1), row.status === 200 && row.medianMs <= TARGET_MS ? 'met' : 'NOT met']),
  );
  return `Rest mailbox, first page with ${bench.items.toLocaleString('en')} parked items (PostgreSQL; seeded in ${bench.seedSeconds.toFixed(0)} s; 20 requests after 3 warm-ups):\n\n${table}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatRestMailboxPageBench(await benchRestMailboxPage(Number(process.argv[2] ?? 10_000))));
}
