// `fordeler classify <file>`: extract one file and show its KLE candidates and the reasons behind them.
// Nothing is written to the item database; the bytes go to a throw-away blob folder. The classifier is the
// one `process` and `work` use — openKnowledge() with the tenant's learned model, sender history and case
// index — so classify and process give the same emne and confidence for the same item.
import { maskedJson } from '../json-output.js';
import type { Classification } from '../../core/model.js';
import type { Router } from '../../core/ports.js';
import { isBadInput } from '../../core/errors.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { openKnowledge } from '../../worker/runtime/knowledge.js';
import { extractFile } from '../extract-file.js';
import { withDatabase } from '../with-database.js';

// classify never routes: openKnowledge needs a rule file's router, and this one is never asked.
const NO_ROUTING: Router = {
  version: 'none',
  destinations: [],
  route: () => Promise.reject(new Error('fordeler classify does not route')),
  destinationForKle: () => ({ destination: null, ruleId: null }),
};

export async function classifyCommand(file: string, options: { json?: boolean }): Promise<number> {
  return withDatabase(async (database, config) => {
    const knowledge = await openKnowledge(database, {
      tenantId: config.tenantId,
      kleThreshold: config.kleThreshold,
      fileRouter: NO_ROUTING,
      published: false,
      // Warnings only: classify's own output is the classification.
      logger: createLogger('warn'),
    });
    try {
      const content = await extractFile(file, config.ocrWorkers);
      const classification = knowledge.classify(content);
      process.stdout.write(options.json ? `${maskedJson(classification, 2)}\n` : formatClassification(file, classification));
      return 0;
    } catch (error) {
      if (!isBadInput(error)) throw error;
      process.stderr.write(`${file}: ${error.toReason('extract').code}: ${error.message}\n`);
      return 1;
    } finally {
      knowledge.close();
    }
  });
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
