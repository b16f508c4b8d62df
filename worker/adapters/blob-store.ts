// Content-addressed blob store on local disk: <root>/<aa>/<bb>/<sha256>.
// Bytes are streamed through a hash into a temporary file and renamed into place, so a blob is either
// complete or absent, and writing the same bytes twice is a no-op. The file and its folder are fsynced
// before put() returns: sources delete or move the original only after that (durably stored). Blobs hold
// letters full of CPR numbers: files are owner-only (0600) and the folders this store creates 0700.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobRef } from '../../core/model.js';
import type { BlobStore } from '../../core/ports.js';

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;

export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string): string => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256 blob key: ${sha256.slice(0, 80)}`);
    return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function put(bytes: AsyncIterable<Uint8Array>): Promise<BlobRef> {
    const tmpDir = join(root, 'tmp');
    await mkdir(tmpDir, { recursive: true, mode: OWNER_ONLY_DIR });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        Readable.from(bytes),
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tmp, { flags: 'wx', flush: true, mode: OWNER_ONLY_FILE }),
      );
      const sha256 = hash.digest('hex');
      const target = pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true, mode: OWNER_ONLY_DIR });
      await rename(tmp, target);
      await syncFolder(join(target, '..'));
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  return {
    put,
    pathOf,
    read: (sha256) => createReadStream(pathOf(sha256)),
    async has(sha256) {
      try {
        return (await stat(pathOf(sha256))).isFile();
      } catch {
        return false;
      }
    },
  };
}

async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
