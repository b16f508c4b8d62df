import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileBlobStore } from './blob-store.js';

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part, 'utf8');
}

describe('file blob store', () => {
  it('stores bytes under their sha256 and reads them back', async () => {
    const store = createFileBlobStore(await mkdtemp(join(tmpdir(), 'blobs-')));
    const ref = await store.put(chunks('Kære Nørreå Kommune,\n', 'jeg søger om hjælp.'));
    const expected = createHash('sha256').update('Kære Nørreå Kommune,\njeg søger om hjælp.').digest('hex');
    expect(ref).toEqual({ sha256: expected, size: Buffer.byteLength('Kære Nørreå Kommune,\njeg søger om hjælp.') });
    expect(await store.has(expected)).toBe(true);
    expect((await readFile(store.pathOf(expected))).toString('utf8')).toContain('Nørreå');
  });

  it('writes blobs owner-only: files 0600, the folders it creates 0700', async () => {
    const root = await mkdtemp(join(tmpdir(), 'blobs-'));
    const store = createFileBlobStore(root);
    const ref = await store.put(chunks('cpr 010190-1009'));
    const path = store.pathOf(ref.sha256);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(path, '..'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(path, '..', '..'))).mode & 0o777).toBe(0o700);
  });

  it('is idempotent and leaves no temporary files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'blobs-'));
    const store = createFileBlobStore(root);
    const a = await store.put(chunks('samme indhold'));
    const b = await store.put(chunks('samme ', 'indhold'));
    expect(a).toEqual(b);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('rejects keys that are not sha256 (no path traversal)', async () => {
    const store = createFileBlobStore(await mkdtemp(join(tmpdir(), 'blobs-')));
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a sha256/);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });
});
