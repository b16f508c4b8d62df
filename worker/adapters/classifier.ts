// The KLE classifier as the pipeline uses it: KLE data and the shipped calibration loaded from disk,
// wrapped in the trust threshold. One place, so `process`, `work`, `classify` and `eval` agree.
// The base classifier (KLE data, validated, the Danish dictionary's stems, the everyday vocabulary
// (classifiers/everyday-vocabulary/) and its term index: seconds of CPU and ~85 MB) is built at
// the first classification, not at creation, and once per process: `work` is ready sooner, a process
// that never classifies (an OCR-only worker) never builds it, and a reload of what has been learned
// reuses it. A broken KLE data file therefore fails the first classification, not the start.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KleClassifier } from '../../core/ports.js';
import { CalibrationSchema, type Calibration } from '../../classifiers/calibration.js';
import { createKleClassifier } from '../../classifiers/classify.js';
import { everydayExtraTerms } from '../../classifiers/everyday-vocabulary/index.js';
import { createKleCatalog, type KleCatalog } from '../../classifiers/kle-catalog.js';
import { NO_KNOWLEDGE, withKnowledge, type Knowledge } from '../../classifiers/knowledge.js';
import { withTrustThreshold } from '../../classifiers/trusted.js';
import { loadDanishLexicon, loadFormToKle, loadKleData } from './kle-data.js';

export const DEFAULT_CALIBRATION_PATH = fileURLToPath(new URL('../../classifiers/data/calibration.json', import.meta.url));

export function loadCalibration(path = DEFAULT_CALIBRATION_PATH): Calibration | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = CalibrationSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`calibration file ${path} is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return parsed.data;
}

let shared: { base: KleClassifier; catalog: KleCatalog } | undefined;

function sharedBase(): { base: KleClassifier; catalog: KleCatalog } {
  if (!shared) {
    const data = loadKleData();
    shared = { base: createKleClassifier(data, { formToKle: loadFormToKle(), lexicon: loadDanishLexicon(), extraTerms: everydayExtraTerms() }), catalog: createKleCatalog(data) };
  }
  return shared;
}

/** A classifier made by `make` at its first call. */
function onFirstUse(make: () => KleClassifier): KleClassifier {
  let made: KleClassifier | undefined;
  return (content) => (made ??= make())(content);
}

/** The classifier before the threshold: raw confidences (for `fordeler eval` and calibration). */
export function createRawClassifier(knowledge: Knowledge = NO_KNOWLEDGE): KleClassifier {
  return onFirstUse(() => {
    const { base, catalog } = sharedBase();
    return withKnowledge(base, catalog, knowledge);
  });
}

export function createPipelineClassifier(options: { threshold: number; calibration?: Calibration | undefined; knowledge?: Knowledge }): KleClassifier {
  const calibration = options.calibration ?? loadCalibration();
  return withTrustThreshold(createRawClassifier(options.knowledge), { threshold: options.threshold, ...(calibration ? { calibration } : {}) });
}
