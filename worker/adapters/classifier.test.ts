import { describe, expect, it, vi } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import type * as Classify from '../../classifiers/classify.js';
import { everydayExtraTerms } from '../../classifiers/everyday-vocabulary/index.js';
import { createKnowledgeClassifier, NO_KNOWLEDGE, type Knowledge } from '../../classifiers/knowledge.js';
import { createPipelineClassifier, createRawClassifier } from './classifier.js';
import { loadDanishLexicon, loadFormToKle, loadKleData } from './kle-data.js';

// Counts builds of the base classifier (the KLE term index) without changing what it does.
const builds = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../classifiers/classify.js', async (importOriginal) => {
  const original = await importOriginal<typeof Classify>();
  return {
    ...original,
    createKleClassifier: (...args: Parameters<typeof original.createKleClassifier>) => {
      builds.count += 1;
      return original.createKleClassifier(...args);
    },
  };
});

const letter = (subject: string, body: string, sender: ExtractedContent['sender'] = {}): ExtractedContent => ({
  channel: 'email',
  subject,
  sender,
  recipients: [],
  body,
  bodySource: 'plain',
  attachments: [],
  metadata: {},
  warnings: [],
});
const ROTTER = letter('Rotter', 'Vi har set rotter i haven ved kompostbunken. Kan kommunen sende nogen ud?', { email: 'lise@example.dk' });

describe('the pipeline classifier', () => {
  it('builds the KLE term index at the first classification, once for every classifier in the process', () => {
    const pipeline = createPipelineClassifier({ threshold: 0.8 });
    const raw = createRawClassifier();
    expect(builds.count).toBe(0);
    pipeline(ROTTER);
    expect(builds.count).toBe(1);
    raw(ROTTER);
    const taught: Knowledge = { ...NO_KNOWLEDGE, senders: new Map([['email:lise@example.dk', new Map([['09.00.05', 3]])]]) };
    createRawClassifier(taught)(ROTTER);
    createPipelineClassifier({ threshold: 0.5, knowledge: taught })(ROTTER);
    expect(builds.count).toBe(1);
  });

  it('answers as a classifier built from scratch does, with and without what was learned', () => {
    const taught: Knowledge = { ...NO_KNOWLEDGE, senders: new Map([['email:lise@example.dk', new Map([['09.00.05', 3]])]]) };
    const options = { formToKle: loadFormToKle(), lexicon: loadDanishLexicon(), extraTerms: everydayExtraTerms() };
    for (const knowledge of [NO_KNOWLEDGE, taught]) {
      expect(createRawClassifier(knowledge)(ROTTER)).toEqual(createKnowledgeClassifier(loadKleData(), knowledge, options)(ROTTER));
    }
    // The learned sender history does change the answer, so the comparison above compares something.
    expect(createRawClassifier(taught)(ROTTER)).not.toEqual(createRawClassifier()(ROTTER));
  });
});
