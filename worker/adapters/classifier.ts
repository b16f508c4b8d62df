// The KLE classifier as the pipeline uses it: KLE data and the shipped calibration loaded from disk,
// wrapped in the trust threshold. One place, so `process`, `work`, `classify` and `eval` agree.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KleClassifier } from '../../core/ports.js';
import { CalibrationSchema, type Calibration } from '../../classifiers/calibration.js';
import { createKnowledgeClassifier, NO_KNOWLEDGE, type Knowledge } from '../../classifiers/knowledge.js';
import { withTrustThreshold } from '../../classifiers/trusted.js';
import { loadFormToKle, loadKleData } from './kle-data.js';

export const DEFAULT_CALIBRATION_PATH = fileURLToPath(new URL('../../classifiers/data/calibration.json', import.meta.url));

export function loadCalibration(path = DEFAULT_CALIBRATION_PATH): Calibration | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = CalibrationSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`calibration file ${path} is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return parsed.data;
}

/** The classifier before the threshold: raw confidences (for `fordeler eval` and calibration). */
export function createRawClassifier(knowledge: Knowledge = NO_KNOWLEDGE): KleClassifier {
  return createKnowledgeClassifier(loadKleData(), knowledge, { formToKle: loadFormToKle() });
}

export function createPipelineClassifier(options: { threshold: number; calibration?: Calibration | undefined; knowledge?: Knowledge }): KleClassifier {
  const calibration = options.calibration ?? loadCalibration();
  return withTrustThreshold(createRawClassifier(options.knowledge), { threshold: options.threshold, ...(calibration ? { calibration } : {}) });
}
