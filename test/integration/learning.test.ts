// Acceptance: feed staff corrections for part of a corpus and the classifier does better on the rest.
// Real stack: items in the embedded database, `confirmKle` as `fordeler confirm` calls it, the model
// versions and sender history read back with loadKnowledge, the pipeline's classifier with its threshold.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_OUT_LETTERS, OCR_NOISY, TRAINING } from '../../classifiers/learned/letters.fixture.js';
import type { LabelledContent } from '../../classifiers/learned/evaluate.js';
import type { KleClassifier } from '../../core/ports.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { createLearningStore } from '../../db/learning-store.js';
import { createPipelineClassifier } from '../../worker/adapters/classifier.js';
import { DEFAULT_THRESHOLD } from '../../classifiers/trusted.js';
import { confirmKle, loadKnowledge, retrain } from '../../worker/actions/learning.js';

const TENANT = 'norrea';
const held = [...HELD_OUT_LETTERS, ...OCR_NOISY];

function score(classify: KleClassifier, letters: readonly LabelledContent[]) {
  let top1 = 0;
  let sortedRight = 0;
  for (const { nr, content } of letters) {
    const c = classify(content);
    if ((c.nr ?? c.candidates[0]?.nr) === nr) top1++;
    if (c.nr === nr) sortedRight++;
  }
  return { top1: top1 / letters.length, sortedAutomatically: sortedRight / letters.length };
}

describe('learning from staff corrections', () => {
  let dir: string;
  let database: Database;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fordeler-learning-'));
    database = await openDatabase({ dataDir: join(dir, 'pglite') });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sorts more of the held-out post right, and automatically, after the corrections', async () => {
    const items = createItemStore(database.db, { tenantId: TENANT });
    const store = createLearningStore(database.db, { tenantId: TENANT });
    const before = score(createPipelineClassifier({ threshold: DEFAULT_THRESHOLD, knowledge: await loadKnowledge(store) }), held);

    for (const [index, example] of TRAINING.entries()) {
      const sha = index.toString(16).padStart(64, '0');
      const { item } = await items.createItem({ channel: example.content.channel, source: 'test:learning', fileName: `${index}.eml`, contentSha256: sha, size: 1, receivedAt: new Date() });
      const extracted = await items.commit({ itemId: item.id, from: 'received', to: 'extracted', content: example.content, event: { stage: 'extract', type: 'extracted', at: new Date() } });
      expect(extracted.committed).toBe(true);
      await confirmKle({ items, store }, { itemId: item.id, kleNr: example.nr, source: 'redistribution', confirmedBy: 'journal' });
    }
    const knowledge = await loadKnowledge(store);
    expect(knowledge.model?.examples).toBe(TRAINING.length);
    const after = score(createPipelineClassifier({ threshold: DEFAULT_THRESHOLD, knowledge }), held);

    console.log(`learning evidence: ${TRAINING.length} corrections; held-out ${held.length} letters: top-1 ${before.top1.toFixed(2)} → ${after.top1.toFixed(2)}, sorted automatically and right ${before.sortedAutomatically.toFixed(2)} → ${after.sortedAutomatically.toFixed(2)}`);
    expect(after.top1).toBeGreaterThanOrEqual(before.top1);
    expect(after.sortedAutomatically).toBeGreaterThan(before.sortedAutomatically);
  }, 120_000);

  it('rebuilds the same model from the confirmations with retrain', async () => {
    const store = createLearningStore(database.db, { tenantId: TENANT });
    const incremental = await store.latestModel();
    const { examples } = await retrain(store);
    const rebuilt = await store.latestModel();
    expect(examples).toBe(TRAINING.length);
    expect(rebuilt?.id).toBeGreaterThan(incremental!.id);
    expect(rebuilt?.checksum).toBe(incremental?.checksum);
  });
});
