// `fordeler explain <item-id|file>`: why an item went where it went. For a stored item, the route
// decision as recorded; for a file, extract + classify + route it now (nothing is stored).
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { RouteDecision } from '../../core/model.js';
import { openDatabase } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { isItemId } from '../../db/item-store.js';
import { formatExplanation, type ExplainInput } from '../../rules/explain-format.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createPipelineClassifier } from '../../worker/adapters/classifier.js';
import { createExtraction, loadRouter } from '../../worker/app.js';
import { loadConfig } from '../../worker/config.js';
import { detectChannel, discoverFiles } from '../../worker/sources/files.js';

export async function explainCommand(target: string, options: { rules?: string; json?: boolean }): Promise<number> {
  const decision = isItemId(target) ? await storedDecision(target) : await fileDecision(target, options.rules);
  process.stdout.write(options.json ? `${JSON.stringify(decision, null, 2)}\n` : `${formatExplanation(decision)}\n`);
  return 0;
}

async function storedDecision(itemId: string): Promise<ExplainInput> {
  const config = loadConfig();
  const database = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: join(config.dataDir, 'pglite') });
  try {
    const route = (await createItemQueries(database.db).listDecisions(itemId)).filter((d) => d.stage === 'route').at(-1);
    if (!route) throw new Error(`item ${itemId} has no route decision (unknown item, or not routed yet)`);
    const outcome = route.outcome as { status: string; destination: string | null; ruleId: string | null; trace?: ExplainInput['trace'] };
    return { status: outcome.status, destination: outcome.destination, ruleId: outcome.ruleId, ruleSetVersion: route.ruleSetVersion ?? null, trace: outcome.trace ?? [] };
  } finally {
    await database.close();
  }
}

async function fileDecision(file: string, rulesPath: string | undefined): Promise<ExplainInput> {
  if (!rulesPath) throw new Error('explaining a file needs --rules <file>');
  const config = loadConfig();
  const [input] = await discoverFiles([file]);
  const channel = input?.channel ?? (await detectChannel(file));
  const scratch = await mkdtemp(join(tmpdir(), 'fordeler-explain-'));
  const blobs = createFileBlobStore(scratch);
  const extraction = createExtraction(blobs, config.ocrWorkers);
  try {
    const blob = await blobs.put(createReadStream(file));
    const sidecar = input?.sidecarPath ? await blobs.put(createReadStream(input.sidecarPath)) : undefined;
    const content = await extraction.extractor.extract({ channel, fileName: basename(file), blob, ...(sidecar ? { sidecar } : {}) });
    const classification = createPipelineClassifier({ threshold: config.kleThreshold })(content);
    const decision: RouteDecision = await (await loadRouter(rulesPath)).route(content, classification);
    return decision;
  } finally {
    await extraction.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
