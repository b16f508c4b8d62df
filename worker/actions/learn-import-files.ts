// The documents an ESDH export names by path (`file` column): found only inside the export's own folder —
// a path that leaves it, by `..`, an absolute path or a symlink pointing out, is refused — and extracted the
// way `process` extracts a file (the same content extractor, OCR included; a scan's `.meta.xml` beside it
// is used). One extractor for the whole import, so OCR workers start once; close() stops them.
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { ExtractedContent } from '../../core/model.js';
import { withTimeout } from '../../core/stages/extract.js';
import { createFileBlobStore } from '../adapters/blob-store.js';
import { createExtraction } from '../runtime/extraction.js';
import { detectChannel } from '../sources/files.js';

export class ExportPathError extends Error {
  override readonly name = 'ExportPathError';
}

/** The real path of `file` (relative to the export's folder), when it is a regular file inside that folder. */
export async function resolveInside(folder: string, file: string): Promise<string> {
  if (isAbsolute(file)) throw new ExportPathError('must be a path relative to the export file, not an absolute path');
  if (normalize(file).split(/[\\/]/)[0] === '..') throw new ExportPathError("leads out of the export's folder (..): refused");
  const root = await realpath(folder);
  let real: string;
  try {
    real = await realpath(join(root, file));
  } catch {
    throw new ExportPathError('no such file beside the export');
  }
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) throw new ExportPathError("leads out of the export's folder (.. or a symlink): refused");
  const info = await lstat(real);
  if (!info.isFile()) throw new ExportPathError('is not a regular file');
  return real;
}

export interface FileExtractor {
  /** Extracts a file already resolved by resolveInside. */
  extract(realPath: string): Promise<ExtractedContent>;
  close(): Promise<void>;
}

const SIDECAR = '.meta.xml';

export async function openFileExtractor(options: { folder: string; ocrWorkers: number; timeoutMs: number }): Promise<FileExtractor> {
  const scratch = await mkdtemp(join(tmpdir(), 'fordeler-import-'));
  const blobs = createFileBlobStore(scratch);
  const extraction = createExtraction(blobs, options.ocrWorkers);
  return {
    async extract(realPath) {
      const channel = await detectChannel(realPath);
      const blob = await blobs.put(createReadStream(realPath));
      const sidecarPath = channel === 'scan' ? await sidecarOf(options.folder, realPath) : undefined;
      const sidecar = sidecarPath ? await blobs.put(createReadStream(sidecarPath)) : undefined;
      return withTimeout(extraction.extractor.extract({ channel, fileName: basename(realPath), blob, ...(sidecar ? { sidecar } : {}) }), options.timeoutMs);
    },
    async close() {
      await extraction.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** A scanning bureau's `<name>.meta.xml` beside the scan, when it too lies inside the export's folder. */
async function sidecarOf(folder: string, scanPath: string): Promise<string | undefined> {
  if (scanPath.toLowerCase().endsWith(SIDECAR)) return undefined;
  const candidate = join(dirname(scanPath), `${basename(scanPath, extname(scanPath))}${SIDECAR}`);
  try {
    return await resolveInside(folder, relative(await realpath(folder), candidate));
  } catch {
    return undefined;
  }
}
