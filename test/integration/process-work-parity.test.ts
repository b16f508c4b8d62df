// `fordeler process` and `fordeler work` are one pipeline: the dev corpus (81 items, 26 OCR pages) goes
// through `process` (in-process queues, stopping before delivery) and through `work` (embedded: PGlite,
// in-process queues, the Intake, handover to the folder outbox), each on its own fresh database, and every
// item must end with the same stored decisions: KLE emne, confidence, source, every candidate with its
// reasons, status, destination, rule id and reasons. Extraction with OCR is slow (and the same adapter in
// both), so it runs once: the `process` run records what the extractor answered, the `work` run replays it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification, Reason } from '../../core/model.js';
import type { ContentExtractor, ItemStore } from '../../core/ports.js';
import type { ItemReport } from '../../core/report-contract.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { openProcessRuntime, processFiles } from '../../worker/runtime/process-files.js';
import { discoverFiles, type FileInput } from '../../worker/sources/files.js';
import { receiveFile } from '../../worker/sources/ingest-files.js';
import { repoRoot, startTestWork } from '../support/work-harness.js';

const corpus = join(repoRoot, 'test/fixtures/dev/items');
const rules = join(repoRoot, 'test/fixtures/dev/rules.json');

/**
 * Records what the extractor answered for each item (by its bytes, sidecar and whether OCR was allowed);
 * later calls with the same question get the same answer, failures included. The stage handlers still run
 * in full: which extraction they ask for, the OCR hand-off and everything after it.
 */
function extractOnce() {
  const seen = new Map<string, Promise<unknown>>();
  const counts = { extracted: 0, replayed: new Set<string>() };
  const decorate = (extractor: ContentExtractor): ContentExtractor => ({
    extract: ((...args: Parameters<ContentExtractor['extract']>) => {
      const [input, options] = args;
      const key = JSON.stringify([input.channel, input.fileName, input.blob.sha256, input.sidecar?.sha256 ?? null, options?.ocr ?? true]);
      const known = seen.get(key);
      if (known) {
        counts.replayed.add(key);
        return known.then((answer) => structuredClone(answer));
      }
      counts.extracted++;
      const answer = extractor.extract(...args);
      seen.set(key, answer);
      return answer.then((result) => structuredClone(result));
    }) as ContentExtractor['extract'],
  });
  return { decorate, counts };
}

interface Outcome {
  state: string;
  classification: Classification | null;
  decision: { status: string; destination: string | null; ruleId: string | null; reasons: Reason[] } | null;
  suggestions: unknown[];
}

/** What the stages decided for an item, as stored: the classification and the route (or stopping) decision. */
async function storedOutcome(items: ItemStore, itemId: string): Promise<Outcome> {
  const item = await items.getItem(itemId);
  const [classification, route, extract] = await Promise.all([items.latestClassification(itemId), items.latestDecision(itemId, 'route'), items.latestDecision(itemId, 'extract')]);
  const decided = route ?? (extract && extract.outcome.status !== 'extracted' ? extract : undefined);
  return {
    // work hands routed items over; process stops at routed. Both are "routed" for this comparison.
    state: item?.state === 'delivered' ? 'routed' : String(item?.state),
    classification: classification ?? null,
    decision: decided
      ? {
          status: decided.outcome.status,
          destination: 'destination' in decided.outcome ? (decided.outcome.destination ?? null) : null,
          ruleId: decided.ruleId,
          reasons: decided.reasons,
        }
      : null,
    suggestions: route?.outcome.suggestions ?? [],
  };
}

describe('process and work decide every item of the dev corpus the same way', () => {
  const extraction = extractOnce();
  let inputs: FileInput[];
  const viaProcess = new Map<string, Outcome>();
  const viaWork = new Map<string, Outcome>();
  const reports = new Map<string, ItemReport>();
  const dirs: string[] = [];

  beforeAll(async () => {
    inputs = await discoverFiles([corpus]);
    const dataDir = await mkdtemp(join(tmpdir(), 'fordeler-parity-'));
    dirs.push(dataDir);
    const config = loadConfig({ ...process.env, FORDELER_DATA_DIR: dataDir, DATABASE_URL: '', FORDELER_OCR_WORKERS: '2' });
    const run = await openProcessRuntime(config, rules, { logger: createLogger('silent'), decorate: { extractor: extraction.decorate } });
    try {
      await processFiles(run, inputs, ({ input, report }) => void reports.set(basename(input.path), report));
      for (const [file, report] of reports) viaProcess.set(file, await storedOutcome(run.runtime.items, report.itemId));
    } finally {
      await run.close();
    }

    const t = await startTestWork({
      file: { rules, reconcile: { staleSeconds: 3600, intervalSeconds: 3600 } },
      work: { decorate: { extractor: extraction.decorate } },
    });
    try {
      const ids = new Map<string, string>();
      for (const input of inputs) ids.set(basename(input.path), (await receiveFile(t.work.intake, input, 'folder:parity')).itemId);
      await t.waitUntilFinal(inputs.length, 10 * 60_000);
      for (const [file, itemId] of ids) viaWork.set(file, await storedOutcome(t.work.items, itemId));
    } finally {
      await t.stop();
    }
  }, 25 * 60_000);

  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('runs every item through both, and work asks for exactly the extractions process asked for', () => {
    expect(inputs).toHaveLength(81);
    expect(viaProcess.size).toBe(81);
    expect(viaWork.size).toBe(81);
    // Every item once without OCR, and the scans (and image-only documents) once more with it.
    expect(extraction.counts.extracted).toBeGreaterThan(81);
    expect(extraction.counts.replayed.size).toBe(extraction.counts.extracted);
  });

  it('stores identical decisions per item: KLE, confidence, source, all candidates, destination, rule, reasons', () => {
    for (const [file, expected] of viaProcess) {
      expect(expected.classification ?? expected.decision, `${file}: process stored no decision`).not.toBeNull();
      expect(viaWork.get(file), file).toEqual(expected);
    }
  });

  it('decides a real mix: routed and parked items, none failed', () => {
    const states = [...viaProcess.values()].map((o) => o.state);
    expect(states.filter((s) => s === 'routed').length).toBeGreaterThan(30);
    expect(states.filter((s) => s === 'parked').length).toBeGreaterThan(10);
    expect(states.filter((s) => s === 'failed')).toEqual([]);
  });

  it('reports from what is stored: each process report line says what the database says', () => {
    for (const [file, report] of reports) {
      const stored = viaProcess.get(file)!;
      expect(report.kle.nr, file).toBe(stored.classification?.nr ?? null);
      expect(report.kle.source, file).toBe(stored.classification?.source ?? 'none');
      expect(report.kle.candidates.map((c) => c.nr), file).toEqual((stored.classification?.candidates ?? []).slice(0, 5).map((c) => c.nr));
      expect(report.decision, file).toMatchObject({ status: stored.state, destination: stored.decision?.destination ?? null, ruleId: stored.decision?.ruleId ?? null });
      expect(report.decision.reasons, file).toEqual(expect.arrayContaining(stored.decision?.reasons ?? []));
      expect(report.suggestions, file).toEqual(stored.suggestions);
    }
  });
});
