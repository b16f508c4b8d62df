// The HTTP API over a real database (PGlite or PostgreSQL) for integration tests: buildApi with the test
// authentication, a blob store in a temporary folder, the real re-distribution action (a two-destination
// router, deliveries recorded instead of queued) and a requeue that records what it was asked. Items are
// seeded through the tenant-bound ItemStore, the way the pipeline writes them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { pino } from 'pino';
import { buildApi, type ApiDeps } from '../../api/app.js';
import type { ItemState } from '../../core/lifecycle.js';
import type { ExtractedContent, Suggestion } from '../../core/model.js';
import type { ItemStore, Router } from '../../core/ports.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { createLearningStore } from '../../db/learning-store.js';
import { createRedistributionStore } from '../../db/redistribution-store.js';
import { redistribute } from '../../worker/actions/redistribute.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import type { Logger } from '../../worker/runtime/logger.js';
import type { RoutingSettings } from '../../worker/runtime/work-config.js';
import { testAuth } from './api-auth.js';
import { createThrowawayDatabase } from './test-databases.js';

export const TENANT = 'norrea';
export const DESTINATIONS = ['KY', 'BORGER', 'SKOLE'];

export type Backend = 'PGlite' | 'PostgreSQL';
export const BACKENDS: Backend[] = ['PGlite', 'PostgreSQL'];

export interface SeedItem {
  subject: string;
  body?: string;
  sender?: { name?: string; email?: string };
  state: Extract<ItemState, 'routed' | 'parked' | 'failed' | 'classified'>;
  destination?: string | null;
  kle?: string | null;
  sensitive?: string[];
  suggestions?: Suggestion[];
  channel?: 'email' | 'digitalpost' | 'scan';
  fileName?: string;
  receivedAt?: Date;
  bytes?: Buffer;
  tenantId?: string;
}

export interface ApiHarness {
  app: FastifyInstance;
  database: Database;
  items: ItemStore;
  requeued: { itemId: string; state: ItemState }[];
  delivered: string[];
  seed(item: SeedItem): Promise<{ id: string; bytes: Buffer }>;
  close(): Promise<void>;
}

const router: Router = {
  version: 'test',
  destinations: DESTINATIONS,
  route: () => Promise.reject(new Error('not used')),
  destinationForKle: (nr) => ({ destination: nr.startsWith('27.') ? 'BORGER' : nr.startsWith('32.') ? 'KY' : null, ruleId: null }),
};

/**
 * `auth` replaces the test authentication (e.g. to wrap it with an onRoute hook); `beforeBuild` sees the database first;
 * `routing` is the work file's routing settings a rule-set simulation gates with (default: the 1 % target).
 */
export async function openApiHarness(
  backend: Backend,
  options: { auth?: FastifyPluginAsync; beforeBuild?: (database: Database) => void; routing?: RoutingSettings; pages?: ApiDeps['pages'] } = {},
): Promise<ApiHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'fordeler-api-'));
  const throwaway = backend === 'PostgreSQL' ? await createThrowawayDatabase('api') : undefined;
  const database = await openDatabase(throwaway ? { databaseUrl: throwaway.url } : { dataDir: join(dir, 'pglite') });
  const blobs = createFileBlobStore(join(dir, 'blobs'));
  const clock = { now: () => new Date() };
  const logger: Logger = pino({ level: 'silent' });
  const items = createItemStore(database.db, { tenantId: TENANT, clock });
  const requeued: ApiHarness['requeued'] = [];
  const delivered: string[] = [];
  const deps = {
    tenantId: TENANT,
    store: createRedistributionStore(database.db, clock, TENANT),
    items,
    learning: createLearningStore(database.db, { tenantId: TENANT }),
    router,
    configuredDestinations: [],
    enqueueDeliver: async (itemId: string) => void delivered.push(itemId),
    logger,
  };
  options.beforeBuild?.(database);
  const app = await buildApi({
    database,
    tenantId: TENANT,
    blobs,
    auth: options.auth ?? testAuth,
    logger,
    routing: options.routing ?? { targetMisroute: 0.01 },
    ...(options.pages ? { pages: options.pages } : {}),
    actions: { redistribute: (input) => redistribute(deps, input), requeue: async (itemId, state) => void requeued.push({ itemId, state }) },
  });
  await app.ready();

  async function seed(spec: SeedItem): Promise<{ id: string; bytes: Buffer }> {
    const store = spec.tenantId ? createItemStore(database.db, { tenantId: spec.tenantId, clock }) : items;
    const bytes = spec.bytes ?? Buffer.concat([Buffer.from(`Subject: ${spec.subject}\r\n\r\n${spec.body ?? ''}\r\n`), randomBytes(16)]);
    const blob = await blobs.put(Readable.from([bytes]));
    const at = spec.receivedAt ?? new Date();
    const { item } = await store.createItem({ channel: spec.channel ?? 'email', source: `test://${blob.sha256}`, fileName: spec.fileName ?? 'brev.eml', contentSha256: blob.sha256, size: blob.size, receivedAt: at });
    const step = async (commit: Omit<Parameters<ItemStore['commit']>[0], 'itemId'>) => {
      const result = await store.commit({ itemId: item.id, ...commit });
      if (!result.committed) throw new Error(`seed: ${commit.from} → ${commit.to} refused`);
    };
    if (spec.state === 'failed') {
      await step({ from: 'received', to: 'failed', event: { stage: 'extract', type: 'failed', at }, patch: { subject: spec.subject, error: { code: 'extract.unexpected', message: 'test failure' } } });
      return { id: item.id, bytes };
    }
    const content: ExtractedContent = {
      channel: spec.channel ?? 'email',
      subject: spec.subject,
      sender: { ...(spec.sender ?? { name: 'Søren Ærø', email: 'soeren@example.dk' }), idType: 'EMAIL' },
      recipients: [],
      body: spec.body ?? '',
      bodySource: 'plain',
      attachments: [],
      metadata: {},
      warnings: [],
    };
    await step({ from: 'received', to: 'extracted', content, event: { stage: 'extract', type: 'extracted', at }, decision: { stage: 'extract', outcome: { status: 'extracted' }, reasons: [] }, patch: { subject: spec.subject } });
    const kle = spec.kle === undefined ? '32.30.04' : spec.kle;
    await step({
      from: 'extracted',
      to: 'classified',
      event: { stage: 'classify', type: 'classified', at },
      decision: { stage: 'classify', outcome: { nr: kle, confidence: 0.7, source: 'classifier', candidates: kle ? [{ nr: kle, score: 0.7 }] : [], sensitive: spec.sensitive ?? [] }, reasons: [{ code: 'classify.terms', message: `emne ${kle ?? '-'}` }] },
      patch: { kleNr: kle, kleConfidence: 0.7, sensitive: spec.sensitive ?? [] },
    });
    if (spec.state === 'classified') return { id: item.id, bytes };
    if (spec.state === 'routed') {
      const destination = spec.destination ?? 'KY';
      await step({
        from: 'classified',
        to: 'routed',
        event: { stage: 'route', type: 'routed', at, data: { destination, ruleId: 'R1' } },
        decision: { stage: 'route', outcome: { status: 'routed', destination, ruleId: 'R1' }, reasons: [{ code: 'route.rule_matched', message: 'rule R1' }], ruleSetVersion: 'v1', ruleId: 'R1' },
        patch: { destination },
      });
    } else {
      await step({
        from: 'classified',
        to: 'parked',
        event: { stage: 'route', type: 'parked', at },
        decision: { stage: 'route', outcome: { status: 'parked', suggestions: spec.suggestions ?? [] }, reasons: [{ code: 'route.no_rule', message: 'ingen regel passede' }], ruleSetVersion: 'v1' },
        ...(spec.destination ? { patch: { destination: spec.destination } } : {}),
      });
    }
    return { id: item.id, bytes };
  }

  return {
    app,
    database,
    items,
    requeued,
    delivered,
    seed,
    async close() {
      await app.close();
      await database.close();
      await throwaway?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
