// The routing-safety gate in the real pipeline (PGlite, in-process stages, folder outbox, the sample rule
// file): the classifier is replaced by fixed guesses per letter so the probabilities are known, everything
// else is the runtime `work` opens. A low-confidence KLE route is parked with the reason; two guesses for one
// destination are routed there and handed over with the emne as a guess; a sensitive letter needs more; a
// subject rule routes whatever the guess. Re-distributions and accepted receipts record the destination,
// and with ≥ 99 confirmed decisions the tenant's threshold is chosen by conformal risk control (seeded
// directly in the database), with fewer the default and the note — and the route stage uses it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../../core/model.js';
import { parseOutcome } from '../../core/outcomes.js';
import { createRoutingDecisionStore } from '../../db/routing-decisions.js';
import { confirmations, decisions, items, redistributions } from '../../db/schema.js';
import { recordBusinessReceipt } from '../../worker/actions/receipts.js';
import { openRuntime, type Runtime } from '../../worker/runtime/compose.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { openKnowledge } from '../../worker/runtime/knowledge.js';
import { createLoggerTo } from '../../worker/runtime/logger.js';
import { parseWorkConfig, type WorkConfig } from '../../worker/runtime/work-config.js';
import { mail } from '../support/junk-mails.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot } from '../support/work-harness.js';

type Guess = Pick<Classification, 'nr' | 'confidence'> & { candidates: [string, number][] };
/** The classifier's guess per letter (by subject): 32.24.* and 32.21.* both go to KY in the sample rules. */
const GUESSES: Record<string, Guess> = {
  'Sag A': { nr: '32.24.01', confidence: 0.6, candidates: [['32.24.01', 0.6]] },
  'Sag B': { nr: null, confidence: 0.7, candidates: [['32.24.01', 0.7], ['32.21.04', 0.6]] },
  'Sag C': { nr: null, confidence: 0.7, candidates: [['32.24.01', 0.7], ['32.21.04', 0.6]] },
  'Faktura D': { nr: '32.24.01', confidence: 0.3, candidates: [['32.24.01', 0.3]] },
  'Sag E': { nr: '32.24.01', confidence: 0.95, candidates: [['32.24.01', 0.95]] },
  'Sag F': { nr: '32.24.01', confidence: 0.82, candidates: [['32.24.01', 0.82]] },
};
const LETTERS: Record<string, string> = {
  'Sag A': 'Jeg skriver om min sag.',
  'Sag B': 'Jeg skriver om min sag.',
  // A strong health term: the item is flagged sensitive.
  'Sag C': 'Jeg vedlægger en lægeerklæring til min sag.',
  'Faktura D': 'Vedlagt faktura for levering af kontorartikler.',
  'Sag E': 'Jeg skriver om min sag.',
  'Sag F': 'Jeg skriver om min sag.',
};

function guessed(content: ExtractedContent): Classification {
  const guess = GUESSES[content.subject ?? ''];
  if (!guess) throw new Error(`no guess for ${content.subject}`);
  // Without an emne it is a calibrated guess below the KLE threshold, as classifiers/trusted.ts marks it.
  const reasons = guess.nr === null ? [{ code: 'classify.below_threshold', message: 'below the threshold', data: {} }] : [];
  return { nr: guess.nr, confidence: guess.confidence, source: 'classifier', reasons, candidates: guess.candidates.map(([nr, score]) => ({ nr, score, reasons: [] })) };
}

const POLICY = { handOver: true, rules: 'file', queue: 'in-process' } as const;

describe('routing safety in the pipeline', () => {
  let dir: string;
  let config: WorkConfig;
  let runtime: Runtime;
  const logs: Record<string, unknown>[] = [];
  const logger = createLoggerTo('info', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const ids: Record<string, string> = {};

  const open = () => openRuntime(config, { logger, policy: POLICY, decorate: { classify: () => guessed } });
  async function receive(subject: string): Promise<string> {
    const path = join(dir, `${subject.replace(/\W+/g, '-')}.eml`);
    await writeFile(path, mail({ from: 'Borger <borger@example.dk>', subject, text: LETTERS[subject] ?? '' }));
    const { itemId } = await runtime.intake.receive({ channel: 'email', source: 'folder:test', fileName: `${subject}.eml`, bytes: createReadStream(path) });
    await until(async () => ['delivered', 'parked', 'failed'].includes((await runtime.items.getItem(itemId))?.state ?? ''), `${subject} at rest`, 60_000);
    return itemId;
  }
  const route = async (itemId: string) => {
    const decision = await runtime.items.latestDecision(itemId, 'route');
    if (!decision) throw new Error(`no route decision for ${itemId}`);
    return decision;
  };
  const confirmation = async (itemId: string) => (await runtime.database.db.select().from(confirmations).where(eq(confirmations.itemId, itemId)))[0];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fordeler-routing-safety-'));
    const app = loadConfig({ FORDELER_DATA_DIR: dir, DATABASE_URL: '', FORDELER_OCR_WORKERS: '1', FORDELER_TENANT: 'norrea' });
    config = parseWorkConfig(app, { rules: join(repoRoot, 'samples/rules.json') }, { baseDir: dir, label: 'test', env: {} });
    runtime = await open();
    await runtime.runner.start();
    for (const subject of ['Sag A', 'Sag B', 'Sag C', 'Faktura D', 'Sag E']) ids[subject] = await receive(subject);
  }, 180_000);
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts at the default threshold and says why, once', () => {
    expect(runtime.safetyChoice()).toMatchObject({ method: 'default', decisions: 0, safety: { threshold: 0.8 } });
    expect(runtime.safetyChoice().note).toMatch(/at least 99 are needed/);
    expect(logs.filter((l) => l.code === 'route.threshold_chosen')).toEqual([expect.objectContaining({ method: 'default', threshold: 0.8, decisions: 0 })]);
  });

  it('parks a low-confidence KLE route with the reason and the usual suggestions', async () => {
    const decision = await route(ids['Sag A']!);
    expect(decision.outcome).toMatchObject({ status: 'parked', destination: null, safety: { basis: 'classifier', destination: 'KY', probability: 0.6, required: 0.8, safe: false } });
    expect(decision.outcome.suggestions.map((s) => [s.kle, s.destination])).toEqual([['32.24.01', 'KY']]);
    expect(decision.reasons.find((r) => r.code === 'route.destination_unsafe')?.message).toMatch(/60 %, kræver 80 %/);
  });

  it('routes two guesses for one destination there, and hands the emne over as a guess', async () => {
    const decision = await route(ids['Sag B']!);
    expect(decision.outcome).toMatchObject({ status: 'routed', destination: 'KY', kle: '32.24.01', kleInferred: true, safety: { basis: 'classifier', safe: true } });
    expect(decision.reasons.at(-1)?.code).toBe('route.destination_probability');
    expect((await runtime.items.getItem(ids['Sag B']!))?.state).toBe('delivered');
    const delivery = await runtime.deliveries.current(ids['Sag B']!);
    const handed = JSON.parse(await readFile(join(dir, 'outbox', 'KY', `${delivery!.transactionId}.json`), 'utf8')) as { kle: unknown };
    // The classifier's own score for the emne, never "sikkerhed 100 %".
    expect(handed.kle).toEqual({ nr: '32.24.01', confidence: 0.7 });
  });

  it('asks more of a sensitive item: the same guesses stay parked', async () => {
    expect(parseOutcome('classify', (await runtime.items.latestDecision(ids['Sag C']!, 'classify'))?.outcome).sensitive).toContain('health');
    const decision = await route(ids['Sag C']!);
    expect(decision.outcome).toMatchObject({ status: 'parked', safety: { required: 0.9, safe: false, why: 'below_threshold' } });
    // No rule matched (no emne was sure enough); the guesses' destination was not likely enough for a sensitive item.
    expect(decision.outcome.safety).toMatchObject({ destination: 'KY', probability: 0.838 });
    expect(decision.reasons.map((r) => r.code)).not.toContain('route.destination_probability');
  });

  it('lets a subject rule route whatever the classifier guessed', async () => {
    expect((await route(ids['Faktura D']!)).outcome).toMatchObject({ status: 'routed', destination: 'OEKONOMI', safety: { basis: 'statement' } });
  });

  it('records the destination of an accepted receipt and of a re-distribution, the emne only when given', async () => {
    const e = ids['Sag E']!;
    const delivery = await runtime.deliveries.current(e);
    const deps = { items: runtime.items, deliveries: runtime.deliveries, clock: runtime.clock, logger, learning: runtime.learning };
    expect(await recordBusinessReceipt(deps, delivery!.transactionId, 'ACCEPTERET')).toBe('accepted');
    expect(await confirmation(e)).toMatchObject({ destination: 'KY', kleNr: null, source: 'accepted_receipt' });

    // A folder move names no emne: the destination is confirmed, nothing is learned.
    await runtime.redistribute({ itemId: ids['Sag A']!, toDestination: 'KY', by: 'folder-move', via: 'imap-folder', sourceRef: 'test:a' });
    expect(await confirmation(ids['Sag A']!)).toMatchObject({ destination: 'KY', kleNr: null, source: 'redistribution' });
    expect(await runtime.learning.latestModelId()).toBeNull();
    // A person who gives the emne confirms both; the model learns it.
    await runtime.redistribute({ itemId: ids['Sag C']!, toDestination: 'KY', by: 'mette', via: 'cli', kleNr: '32.24.01' });
    expect(await confirmation(ids['Sag C']!)).toMatchObject({ destination: 'KY', kleNr: '32.24.01' });
    expect(await runtime.learning.latestModelId()).not.toBeNull();
    // The gate's guess was wrong here: the person moved it.
    await runtime.redistribute({ itemId: ids['Sag B']!, toDestination: 'KSD', by: 'mette', via: 'api' });
    await until(async () => (await runtime.items.getItem(ids['Sag B']!))?.state === 'delivered', 'B handed over again', 60_000);

    // An item re-distributed before confirmations named a destination: its latest re-distribution says where it belonged.
    const db = runtime.database.db;
    const [old] = await db.insert(items).values({ tenantId: 'norrea', channel: 'email', state: 'delivered', source: 'seed', fileName: 'old.eml', contentSha256: 'f'.repeat(64), size: 1, receivedAt: new Date() }).returning({ id: items.id });
    await db.insert(decisions).values({ itemId: old!.id, tenantId: 'norrea', stage: 'route', outcome: { v: 1, status: 'routed', destination: 'KY', safety: { basis: 'classifier', destination: 'KY', probability: 0.7, required: 0.5, safe: true, shares: [] } }, reasons: [] });
    await db.insert(redistributions).values({ tenantId: 'norrea', itemId: old!.id, fromDestination: 'KY', toDestination: 'KSD', by: 'mette', via: 'cli' });

    const scored = await createRoutingDecisionStore(db, { tenantId: 'norrea' }).scoredDecisions();
    // A, B, C and E were judged on the guess and their destination is known; D was a subject rule's.
    expect(scored.map((d) => [d.probability, d.wrong]).sort()).toEqual([[0.6, false], [0.7, true], [0.838, false], [0.838, true], [0.95, false]]);
    expect(await createRoutingDecisionStore(runtime.database.db, { tenantId: 'other' }).scoredDecisions()).toEqual([]);
  });

  it('chooses the threshold conformally from ≥ 99 confirmed decisions, logs it, and the route stage uses it', async () => {
    // 120 seeded decisions from 0.5 to 0.976; a third of those below 0.7 went to the wrong destination.
    const db = runtime.database.db;
    for (let i = 0; i < 120; i++) {
      const probability = Math.round((0.5 + i * 0.004) * 1000) / 1000;
      const wrong = probability < 0.7 && i % 3 === 0;
      const [row] = await db.insert(items).values({ tenantId: 'norrea', channel: 'email', state: 'accepted', source: 'seed', fileName: `seed-${i}.eml`, contentSha256: String(i).padStart(64, '0'), size: 1, receivedAt: new Date() }).returning({ id: items.id });
      const safety = { basis: 'classifier', destination: 'KY', probability, required: 0.8, safe: probability >= 0.8, shares: [] };
      await db.insert(decisions).values({ itemId: row!.id, tenantId: 'norrea', stage: 'route', outcome: { v: 1, status: 'routed', destination: 'KY', safety }, reasons: [] });
      await db.insert(confirmations).values({ itemId: row!.id, tenantId: 'norrea', kleNr: null, destination: wrong ? 'KSD' : 'KY', source: 'accepted_receipt' });
    }
    const knowledge = await openKnowledge(runtime.database, { tenantId: 'norrea', kleThreshold: config.app.kleThreshold, fileRouter: runtime.router, published: false, routing: config.file.routing, logger });
    knowledge.close();
    // Logged once per change: a reload that chooses the same threshold says nothing.
    const chosenLogs = () => logs.filter((l) => l.code === 'route.threshold_chosen').length;
    const before = chosenLogs();
    await knowledge.refresh();
    expect(chosenLogs()).toBe(before);
    // Scanning down from the top, B's wrong guess at 0.838 breaks the 1 % bound ((1 + 1) / 126): the lowest
    // probability above it, 0.84, is the threshold, with no misroute at or above it (bound 1 / 126).
    expect(knowledge.safetyChoice()).toMatchObject({ method: 'conformal', decisions: 125, bound: 0.0079, safety: { threshold: 0.84 } });
    expect(logs.filter((l) => l.code === 'route.threshold_chosen').at(-1)).toMatchObject({ method: 'conformal', threshold: 0.84, decisions: 125 });
    const fixed = await openKnowledge(runtime.database, { tenantId: 'norrea', kleThreshold: 0.5, fileRouter: runtime.router, published: false, routing: { targetMisroute: 0.01, threshold: 0.9 }, logger });
    fixed.close();
    expect(fixed.safetyChoice()).toMatchObject({ method: 'fixed', safety: { threshold: 0.9 } });

    // A runtime opened now routes with it: 0.82 passed the default 0.8, not 0.84.
    await runtime.close();
    runtime = await open();
    await runtime.runner.start();
    expect(runtime.safetyChoice().safety.threshold).toBe(0.84);
    const f = await receive('Sag F');
    expect((await route(f)).outcome).toMatchObject({ status: 'parked', safety: { probability: 0.82, required: 0.84 } });
  }, 180_000);
});
