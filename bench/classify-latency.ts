// Classification latency with every signal on: the base classifier (metadata, OS2KLE and everyday
// terms), a learned model and sender history trained from the corpus's own labels, and the case index
// — per item (median, p99) and items/s, on content already extracted by the pipeline benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knowledge } from '../classifiers/knowledge.js';
import { featuresOf } from '../classifiers/learned/features.js';
import { createModel } from '../classifiers/learned/model.js';
import { trainAll } from '../classifiers/learned/naive-bayes.js';
import { senderKeys } from '../classifiers/sender-history.js';
import { DEFAULT_THRESHOLD } from '../classifiers/trusted.js';
import type { ExtractedContent } from '../core/model.js';
import { createPipelineClassifier } from '../worker/adapters/classifier.js';
import { markdownTable } from './table.js';

export interface LatencyResult {
  items: number;
  rounds: number;
  medianMs: number;
  p99Ms: number;
  itemsPerSecond: number;
  learnedExamples: number;
}

export function benchClassifyLatency(contents: { file: string; content: ExtractedContent }[], goldPath: string | undefined, rounds = 20): LatencyResult {
  const labels = new Map<string, string>();
  if (goldPath) {
    for (const line of readFileSync(goldPath, 'utf8').split('\n').filter(Boolean)) {
      const gold = JSON.parse(line) as { file: string; kle: string | null };
      if (gold.kle) labels.set(gold.file.split('/').pop()!, gold.kle);
    }
  }
  const labelled = contents.flatMap((c) => {
    const nr = labels.get(c.file.split('/').pop()!);
    return nr ? [{ nr, content: c.content }] : [];
  });
  const senders = new Map<string, Map<string, number>>();
  for (const { nr, content } of labelled) {
    for (const key of senderKeys(content.sender)) {
      const counts = senders.get(key) ?? new Map<string, number>();
      counts.set(nr, (counts.get(nr) ?? 0) + 1);
      senders.set(key, counts);
    }
  }
  const knowledge: Knowledge = { model: trainAll(createModel(), labelled.map((l) => ({ nr: l.nr, features: featuresOf(l.content) }))), senders, cases: new Map() };
  const classify = createPipelineClassifier({ threshold: DEFAULT_THRESHOLD, knowledge });
  for (const { content } of contents) classify(content); // warm-up: JIT and the model's prepared form
  const times: number[] = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const { content } of contents) {
      const t0 = performance.now();
      classify(content);
      times.push(performance.now() - t0);
    }
  }
  const wall = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { items: contents.length, rounds, medianMs: at(0.5), p99Ms: at(0.99), itemsPerSecond: times.length / (wall / 1000), learnedExamples: labelled.length };
}

export function formatClassifyLatency(r: LatencyResult): string {
  return `KLE classification with all signals on (learned model and sender history trained on ${r.learnedExamples} labelled items), ${r.rounds} rounds over ${r.items} items:\n\n${markdownTable(
    ['items', 'median ms', 'p99 ms', 'items/s'],
    [[r.items, r.medianMs.toFixed(2), r.p99Ms.toFixed(2), r.itemsPerSecond.toFixed(0)]],
  )}`;
}

export const goldBeside = (corpusDir: string): string => join(corpusDir, '..', 'gold.jsonl');
