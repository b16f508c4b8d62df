// `fordeler classify <file>`: extract one file and show its KLE candidates and the reasons behind them.
// Nothing is written to the item database; the bytes go to a throw-away blob folder.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Classification } from '../../core/model.js';
import { isBadInput } from '../../core/errors.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createPipelineClassifier } from '../../worker/adapters/classifier.js';
import { createExtraction } from '../../worker/app.js';
import { loadConfig } from '../../worker/config.js';
import { detectChannel, discoverFiles } from '../../worker/sources/files.js';

export async function classifyCommand(file: string, options: { json?: boolean }): Promise<number> {
  const config = loadConfig();
  const [input] = await discoverFiles([file]);
  const channel = input?.channel ?? (await detectChannel(file));
  const scratch = await mkdtemp(join(tmpdir(), 'fordeler-classify-'));
  const blobs = createFileBlobStore(scratch);
  const extraction = createExtraction(blobs, config.ocrWorkers);
  try {
    const blob = await blobs.put(createReadStream(file));
    const sidecar = input?.sidecarPath ? await blobs.put(createReadStream(input.sidecarPath)) : undefined;
    const content = await extraction.extractor.extract({ channel, fileName: basename(file), blob, ...(sidecar ? { sidecar } : {}) });
    const classification = createPipelineClassifier({ threshold: config.kleThreshold })(content);
    process.stdout.write(options.json ? `${JSON.stringify(classification, null, 2)}\n` : formatClassification(file, classification));
    return 0;
  } catch (error) {
    if (!isBadInput(error)) throw error;
    process.stderr.write(`${file}: ${error.toReason('extract').code}: ${error.message}\n`);
    return 1;
  } finally {
    await extraction.close();
    await rm(scratch, { recursive: true, force: true });
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
