// `fordeler classify <file>`: extract one file and show its KLE candidates and the reasons behind them.
// Nothing is written to the item database; the bytes go to a throw-away blob folder.
import type { Classification } from '../../core/model.js';
import { isBadInput } from '../../core/errors.js';
import { createPipelineClassifier } from '../../worker/adapters/classifier.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { extractFile } from '../extract-file.js';

export async function classifyCommand(file: string, options: { json?: boolean }): Promise<number> {
  const config = loadConfig();
  try {
    const content = await extractFile(file, config.ocrWorkers);
    const classification = createPipelineClassifier({ threshold: config.kleThreshold })(content);
    process.stdout.write(options.json ? `${JSON.stringify(classification, null, 2)}\n` : formatClassification(file, classification));
    return 0;
  } catch (error) {
    if (!isBadInput(error)) throw error;
    process.stderr.write(`${file}: ${error.toReason('extract').code}: ${error.message}\n`);
    return 1;
  }
}

function formatClassification(file: string, c: Classification): string {
  const lines = [`${file}`, c.nr ? `KLE ${c.nr}  confidence ${c.confidence.toFixed(2)}  (${c.source})` : `no KLE: the classifier abstains (${c.source})`];
  for (const reason of c.reasons) lines.push(`  · ${reason.message}`);
  lines.push('', 'candidates:');
  for (const candidate of c.candidates) {
    lines.push(`  ${candidate.nr}  ${candidate.score.toFixed(3)}  ${candidate.title ?? ''}`);
    for (const reason of candidate.reasons.slice(0, 6)) lines.push(`      ${reason.message}`);
  }
  return `${lines.join('\n')}\n`;
}
