import { describe, expect, it } from 'vitest';
import { featuresOf } from './features.js';
import { labelledFeatures } from './evaluate.js';
import { HELD_OUT_LETTERS, ROTTER, STORSKRALD, TRAINING } from './letters.fixture.js';
import { createModel, deserialize, ModelFormatError, modelId, prune, serialize, type LearnedModel } from './model.js';
import { predict, trainAll } from './naive-bayes.js';

const LETTERS = labelledFeatures(TRAINING);
const model = (): LearnedModel => trainAll(createModel(), LETTERS);
const rejects = (text: string, message: RegExp): void => {
  expect(() => deserialize(text)).toThrow(ModelFormatError);
  expect(() => deserialize(text)).toThrow(message);
};

describe('learned model: serialisation', () => {
  it('serialises equal models identically, whatever order they were built in', () => {
    const reversed = trainAll(createModel(), [...LETTERS].reverse());
    expect(Object.keys(reversed.classes)).not.toEqual(Object.keys(model().classes));
    expect(serialize(reversed)).toBe(serialize(model()));
    expect(modelId(reversed)).toBe(modelId(model()));
    expect(modelId(model())).toMatch(/^nb1-[0-9a-f]{16}$/);
  });

  it('gives another id to another model', () => {
    const fewer = trainAll(createModel(), LETTERS.slice(1));
    expect(modelId(fewer)).not.toBe(modelId(model()));
    expect(modelId(trainAll(createModel({ alpha: 1 }), LETTERS))).not.toBe(modelId(model()));
  });

  it('keeps every prediction identical through a round trip', () => {
    const original = model();
    const text = serialize(original);
    const restored = deserialize(text);
    expect(serialize(restored)).toBe(text);
    for (const example of [...TRAINING, ...HELD_OUT_LETTERS]) {
      const features = featuresOf(example.content);
      expect(predict(restored, features, { explainTop: 3 })).toEqual(predict(original, features, { explainTop: 3 }));
    }
  });

  it('reads an empty model', () => {
    expect(deserialize(serialize(createModel({ alpha: 0.25 })))).toMatchObject({ version: 1, alpha: 0.25, examples: 0, vocabularySize: 0 });
  });
});

describe('learned model: bad model texts', () => {
  const valid = JSON.parse(serialize(model())) as Record<string, unknown>;
  type Node = Record<string, unknown>;
  /** The valid text with the value at `path` replaced, or removed when `value` is undefined. */
  const edited = (path: readonly string[], value?: unknown): string => {
    const copy = structuredClone(valid);
    let node: Node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Node;
    const last = path.at(-1) as string;
    if (value === undefined) delete node[last];
    else node[last] = value;
    return JSON.stringify(copy);
  };
  const rotter = (valid.classes as Node)[ROTTER];

  it('rejects garbage with a clear error', () => {
    rejects('', /not JSON/);
    rejects('{"version":1,', /not JSON/);
    rejects('[1,2,3]', /not a JSON object/);
    rejects('null', /not a JSON object/);
    rejects('"rotter"', /not a JSON object/);
  });

  it('rejects a newer version, saying so', () => {
    rejects(edited(['version'], 2), /version 2 is newer than this Fordeler reads \(version 1\)/);
    rejects(edited(['version']), /unknown version undefined/);
    rejects(edited(['version'], '1'), /unknown version "1"/);
  });

  it('names the field that is wrong', () => {
    rejects(edited(['alpha'], -1), /alpha/);
    rejects(edited(['vocabularySize']), /vocabularySize/);
    rejects(edited(['classes', '09.13'], rotter), /classes\.09\.13.*KLE emne/);
    rejects(edited(['classes', ROTTER, 'counts', 'w:rot'], -3), /classes\.09\.13\.01\.counts\.w:rot/);
    rejects(edited(['classes', ROTTER, 'docs'], 1.5), /docs/);
    rejects(edited(['extra'], true), /extra/);
  });

  it('rejects values that do not fit together', () => {
    rejects(edited(['examples'], 7), /examples is 7 but the classes hold 48 documents/);
    rejects(edited(['classes', ROTTER, 'totalCount'], 1), /classes\.09\.13\.01: its counts add up to/);
    rejects(edited(['vocabularySize'], 3), /vocabularySize is 3/);
  });
});

describe('learned model: pruning', () => {
  it('keeps the largest counts per emne, and totals and vocabulary', () => {
    const full = model();
    const small = prune(full, { maxFeaturesPerClass: 10 });
    for (const [nr, stats] of Object.entries(small.classes)) {
      const all = Object.values(full.classes[nr]?.counts ?? {}).sort((a, b) => b - a);
      const kept = Object.values(stats.counts).sort((a, b) => b - a);
      expect(kept).toEqual(all.slice(0, 10));
      expect(stats.totalCount).toBe(full.classes[nr]?.totalCount);
    }
    expect(small.vocabularySize).toBe(full.vocabularySize);
    expect(serialize(full)).toBe(serialize(model()));
    expect(serialize(small).length).toBeLessThan(serialize(full).length / 5);
    expect(deserialize(serialize(small))).toEqual(small);
  });

  it('still sorts the letters it learned from after pruning to 200 features per emne', () => {
    const small = prune(model(), { maxFeaturesPerClass: 200 });
    const right = TRAINING.filter((example) => predict(small, featuresOf(example.content))[0]?.nr === example.nr).length;
    expect(right / TRAINING.length).toBeGreaterThanOrEqual(0.9);
  });

  it('can be trained further without inflating the vocabulary size (save, prune, train cycles)', () => {
    const full = model();
    const again = trainAll(prune(full, { maxFeaturesPerClass: 10 }), LETTERS);
    // Every feature was seen before pruning: the vocabulary is the same size, not larger.
    expect(again.vocabularySize).toBe(full.vocabularySize);
    expect(again.examples).toBe(2 * full.examples);
    const grown = trainAll(prune(full, { maxFeaturesPerClass: 10 }), [{ nr: ROTTER, features: new Map([['w:mosegris', 1]]) }]);
    expect(grown.vocabularySize).toBe(full.vocabularySize);
  });

  it('drops features below a minimum count', () => {
    const small = prune(model(), { maxFeaturesPerClass: 1000, minCount: 1 });
    for (const stats of Object.values(small.classes)) for (const value of Object.values(stats.counts)) expect(value).toBeGreaterThanOrEqual(1);
    expect(Object.keys(small.classes[STORSKRALD]?.counts ?? {})).toContain('w:storskrald');
    expect(() => prune(model(), { maxFeaturesPerClass: -1 })).toThrow(RangeError);
  });
});
