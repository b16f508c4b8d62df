import { describe, expect, it } from 'vitest';
import { deserialize } from '../../classifiers/learned/model.js';
import type { ExtractedContent } from '../../core/model.js';
import type { ImportedExamplesStore } from '../../db/imported-examples-store.js';
import type { LearningStore } from '../../db/learning-store.js';
import { loadKnowledge, mergeCounts, retrain } from './learning.js';

const content = (body: string): ExtractedContent => ({ channel: 'email', sender: {}, recipients: [], body, bodySource: 'plain', attachments: [], metadata: {}, warnings: [] });
const counts = (entries: Record<string, Record<string, number>>) => new Map(Object.entries(entries).map(([key, inner]) => [key, new Map(Object.entries(inner))]));

/** The parts of the stores retrain and loadKnowledge use, in memory. */
function fakes(tenantId = 'norrea', importedTenant = tenantId) {
  const saved: string[] = [];
  const learning = {
    tenantId,
    trainingExamples: async () => [{ itemId: 'i1', kleNr: '32.30.04', content: content('sygemelding sygedagpenge arbejdsgiver') }],
    saveModel: async (model: { serialized: string }) => saved.push(model.serialized),
    latestModel: async () => (saved.length ? { id: saved.length, examples: 0, checksum: '', model: saved.at(-1) as string, createdAt: new Date() } : undefined),
    senderHistory: async () => counts({ 'domain:firma.dk': { '32.30.04': 2 } }),
    caseIndex: async () => new Map([['S-1', '32.30.04']]),
  } as unknown as LearningStore;
  const imported = {
    tenantId: importedTenant,
    trainingExamples: async () => [
      { externalId: 'a', kleNr: '02.00.00', features: new Map([['w:carport', 1]]) },
      { externalId: 'b', kleNr: '32.30.04', features: new Map([['w:sygemeld', 1]]) },
    ],
    senderHistory: async () => counts({ 'domain:firma.dk': { '32.30.04': 1, '02.00.00': 3 }, 'cvr:65916169': { '02.00.00': 1 } }),
  } as unknown as ImportedExamplesStore;
  return { learning, imported, saved };
}

describe('learning from confirmations and imports', () => {
  it('adds two sender histories key by key and emne by emne', () => {
    const merged = mergeCounts(counts({ k: { a: 1, b: 2 } }), counts({ k: { b: 3 }, l: { a: 1 } }));
    expect(merged).toEqual(counts({ k: { a: 1, b: 5 }, l: { a: 1 } }));
  });

  it('retrains on the imported examples and the confirmations together', async () => {
    const { learning, imported, saved } = fakes();
    expect(await retrain(learning, imported)).toMatchObject({ versionId: 1, examples: 3, confirmed: 1, imported: 2 });
    const model = deserialize(saved[0] as string);
    expect(model.examples).toBe(3);
    expect(model.classes['02.00.00']?.docs).toBe(1);
    expect(model.classes['32.30.04']?.docs).toBe(2);
    // Without the imports only the confirmation is learned, as before.
    await retrain(learning);
    expect(deserialize(saved[1] as string).examples).toBe(1);
  });

  it("counts imported examples in the sender history the classifier loads", async () => {
    const { learning, imported } = fakes();
    const knowledge = await loadKnowledge(learning, imported);
    expect(knowledge.senders).toEqual(counts({ 'domain:firma.dk': { '32.30.04': 3, '02.00.00': 3 }, 'cvr:65916169': { '02.00.00': 1 } }));
    expect((await loadKnowledge(learning)).senders).toEqual(counts({ 'domain:firma.dk': { '32.30.04': 2 } }));
  });

  it("refuses another tenant's imports", async () => {
    const { learning, imported } = fakes('norrea', 'kommune-b');
    await expect(retrain(learning, imported)).rejects.toThrow(/different tenants/);
    await expect(loadKnowledge(learning, imported)).rejects.toThrow(/different tenants/);
  });
});
