// ingest job: the item row exists (written by the Intake); check that its bytes are really in the blob
// store before any other stage relies on them. Missing bytes are a storage fault: retried, then failed.
// It writes nothing: the item stays `received` and goes on to extract.
import type { StageHandler } from '../queue/types.js';
import { loadForStage, type HandlerDeps } from './context.js';

export function ingestHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'ingest', itemId);
    if (skip) return skip;
    const missing = [item.contentSha256, item.sidecarSha256].filter((sha): sha is string => sha !== undefined);
    for (const sha of missing) {
      if (!(await deps.blobs.has(sha))) throw new Error(`blob ${sha.slice(0, 12)}… of item ${itemId} is not in the blob store`);
    }
    return { next: 'extract' };
  };
}
