import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileToIncoming } from './ingest-files.js';

describe('files given on the command line', () => {
  it('never follows a symbolic link into the store, for the file or its sidecar', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingest-links-'));
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'root:x:0:0');
    await symlink(secret, join(dir, 'brev.pdf'));
    await expect(fileToIncoming({ path: join(dir, 'brev.pdf'), channel: 'scan' })).rejects.toThrow(/brev\.pdf is a symbolic link; Fordeler does not follow links/);
    await writeFile(join(dir, 'scan.pdf'), '%PDF-1.4');
    await symlink(secret, join(dir, 'scan.meta.xml'));
    await expect(fileToIncoming({ path: join(dir, 'scan.pdf'), channel: 'scan', sidecarPath: join(dir, 'scan.meta.xml') })).rejects.toThrow(/scan\.meta\.xml is a symbolic link/);
  });

  it('reads a plain file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingest-plain-'));
    await writeFile(join(dir, 'brev.pdf'), '%PDF-1.4');
    const incoming = await fileToIncoming({ path: join(dir, 'brev.pdf'), channel: 'scan' });
    const chunks: Uint8Array[] = [];
    for await (const chunk of incoming.bytes) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('%PDF-1.4');
  });
});
