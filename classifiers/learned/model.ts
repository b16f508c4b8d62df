// The learned KLE model as plain data: per emne, how many confirmed items and how much of each feature.
// Serialised with a stable key order, so that equal models give equal text and the same id.
import { z } from 'zod';
import { fnv1a64 } from './hash.js';

export const MODEL_VERSION = 1;
export const DEFAULT_ALPHA = 0.5;
/** Counts are multiples of 1/1024: sums of them are exact, so the order examples come in never matters. */
export const COUNT_RESOLUTION = 1024;
const EMNE = /^\d{2}\.\d{2}\.\d{2}$/;

export interface ClassStats {
  /** Confirmed items of this emne. */
  docs: number;
  /** Sum of all feature values of those items (kept whole when the counts are pruned). */
  totalCount: number;
  /** Feature key → sum of its values over those items. */
  counts: Record<string, number>;
}

export interface LearnedModel {
  version: typeof MODEL_VERSION;
  /** Lidstone smoothing: pseudo-count added to every feature of every emne. */
  alpha: number;
  /** KLE emne → its statistics. */
  classes: Record<string, ClassStats>;
  /**
   * Distinct features seen in training. Pruning does not lower it, and training a pruned model raises it
   * only when the features it holds outnumber it, so save-prune-train cycles do not inflate it.
   */
  vocabularySize: number;
  /** Confirmed items trained on. */
  examples: number;
}

/** A model text that cannot be read: not JSON, another version, or values that do not fit together. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

export function isEmne(nr: string): boolean {
  return EMNE.test(nr);
}

/** A value rounded to the model's count resolution. */
export function quantise(value: number): number {
  return Math.round(value * COUNT_RESOLUTION) / COUNT_RESOLUTION;
}

/** An object without a prototype: feature keys such as "constructor" or "__proto__" are ordinary keys in it. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function createModel(options: { alpha?: number } = {}): LearnedModel {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && Number.isFinite(alpha))) throw new RangeError(`alpha must be a positive number, got ${alpha}`);
  return { version: MODEL_VERSION, alpha, classes: emptyRecord(), vocabularySize: 0, examples: 0 };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedRecord<T>(record: Record<string, T>, map: (value: T) => unknown = (value) => value): Record<string, unknown> {
  const out = emptyRecord<unknown>();
  for (const key of Object.keys(record).sort(byCodeUnit)) out[key] = map(record[key] as T);
  return out;
}

/** JSON with a fixed key order (fields as declared, emner and features sorted): equal models, equal text. */
export function serialize(model: LearnedModel): string {
  return JSON.stringify({
    version: model.version,
    alpha: model.alpha,
    vocabularySize: model.vocabularySize,
    examples: model.examples,
    classes: sortedRecord(model.classes, (stats) => ({ docs: stats.docs, totalCount: stats.totalCount, counts: sortedRecord(stats.counts) })),
  });
}

/** A content id for storing versioned models: FNV-1a 64 over the serialisation. */
export function modelId(model: LearnedModel): string {
  return `nb${MODEL_VERSION}-${fnv1a64(serialize(model))}`;
}

const count = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);
const featureKey = z.string().min(1).refine((key) => key !== '__proto__', 'a feature may not be called __proto__');
const classSchema = z.strictObject({
  docs: z.number().int().min(1),
  totalCount: count,
  counts: z.record(featureKey, count.positive()),
});
const modelSchema = z.strictObject({
  version: z.literal(MODEL_VERSION),
  alpha: z.number().positive().max(1e6),
  vocabularySize: z.number().int().nonnegative(),
  examples: z.number().int().nonnegative(),
  classes: z.record(z.string().regex(EMNE, 'a class must be a KLE emne (NN.NN.NN)'), classSchema),
});

function fail(message: string): never {
  throw new ModelFormatError(`learned KLE model: ${message}`);
}

/** Values that are each valid but together impossible (a model edited by hand, or cut short). */
function checkConsistency(model: z.infer<typeof modelSchema>): void {
  let docs = 0;
  const vocabulary = new Set<string>();
  for (const [nr, stats] of Object.entries(model.classes)) {
    docs += stats.docs;
    let sum = 0;
    for (const [key, value] of Object.entries(stats.counts)) {
      sum += value;
      vocabulary.add(key);
    }
    if (sum > stats.totalCount * (1 + 1e-9) + 1e-9) fail(`classes.${nr}: its counts add up to ${sum}, more than its totalCount ${stats.totalCount}`);
  }
  if (docs !== model.examples) fail(`examples is ${model.examples} but the classes hold ${docs} documents`);
  if (vocabulary.size > model.vocabularySize) fail(`vocabularySize is ${model.vocabularySize} but the classes hold ${vocabulary.size} distinct features`);
}

/** Reads a model written by serialize; throws ModelFormatError saying what is wrong. */
export function deserialize(text: string): LearnedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('not a JSON object');
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > MODEL_VERSION) {
    fail(`version ${version} is newer than this Fordeler reads (version ${MODEL_VERSION}); upgrade Fordeler or retrain`);
  }
  if (version !== MODEL_VERSION) fail(`unknown version ${JSON.stringify(version)} (expected ${MODEL_VERSION})`);
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => {
      // A bad record key: the key's own check says what is wrong with it.
      const detail = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
      return `${issue.path.map(String).join('.') || '(root)'}: ${detail ?? issue.message}`;
    });
    fail(issues.join('; '));
  }
  checkConsistency(parsed.data);
  const classes = emptyRecord<ClassStats>();
  for (const [nr, stats] of Object.entries(parsed.data.classes)) {
    const counts = emptyRecord<number>();
    for (const [key, value] of Object.entries(stats.counts)) counts[key] = value;
    classes[nr] = { docs: stats.docs, totalCount: stats.totalCount, counts };
  }
  const { alpha, vocabularySize, examples } = parsed.data;
  return { version: MODEL_VERSION, alpha, classes, vocabularySize, examples };
}

export interface PruneOptions {
  /** Keep at most this many features per emne: those with the largest counts (ties by key). */
  maxFeaturesPerClass: number;
  /** Also drop features whose count in an emne is below this (e.g. a name seen once). */
  minCount?: number;
}

/**
 * A smaller copy of the model. Dropping the smallest counts first changes the emne's probabilities least
 * (a dropped feature falls back to the smoothing pseudo-count); totals and vocabulary size stay, so the
 * probabilities of the features that are kept do not change.
 */
export function prune(model: LearnedModel, options: PruneOptions): LearnedModel {
  const { maxFeaturesPerClass, minCount = 0 } = options;
  if (!Number.isInteger(maxFeaturesPerClass) || maxFeaturesPerClass < 0) {
    throw new RangeError(`maxFeaturesPerClass must be a whole number ≥ 0, got ${maxFeaturesPerClass}`);
  }
  const classes = emptyRecord<ClassStats>();
  for (const [nr, stats] of Object.entries(model.classes)) {
    const kept = Object.entries(stats.counts)
      .filter(([, value]) => value >= minCount)
      .sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]))
      .slice(0, maxFeaturesPerClass);
    const counts = emptyRecord<number>();
    for (const [key, value] of kept) counts[key] = value;
    classes[nr] = { docs: stats.docs, totalCount: stats.totalCount, counts };
  }
  return { ...model, classes };
}
