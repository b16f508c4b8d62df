// Extracts one file for a command that looks at it without storing it (classify, explain): the bytes go
// to a throw-away blob folder, OCR workers are stopped afterwards.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ExtractedContent } from '../core/model.js';
import { createFileBlobStore } from '../worker/adapters/blob-store.js';
import { createExtraction } from '../worker/runtime/extraction.js';
import { detectChannel, discoverFiles } from '../worker/sources/files.js';

export async function extractFile(file: string, ocrWorkers: number): Promise<ExtractedContent> {
  const [input] = await discoverFiles([file]);
  const channel = input?.channel ?? (await detectChannel(file));
  const scratch = await mkdtemp(join(tmpdir(), 'fordeler-file-'));
  const blobs = createFileBlobStore(scratch);
  const extraction = createExtraction(blobs, ocrWorkers);
  try {
    const blob = await blobs.put(createReadStream(file));
    const sidecar = input?.sidecarPath ? await blobs.put(createReadStream(input.sidecarPath)) : undefined;
    return await extraction.extractor.extract({ channel, fileName: basename(file), blob, ...(sidecar ? { sidecar } : {}) });
  } finally {
    await extraction.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
