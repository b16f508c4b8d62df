import { mkdtemp, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from './files.js';

const samples = join(import.meta.dirname, '../../samples/post');

describe('discoverFiles', () => {
  it('walks folders, pairs NordScan sidecars with their scans and detects channels', async () => {
    const inputs = await discoverFiles([samples]);
    const by = (name: string) => inputs.find((input) => input.path.endsWith(name));
    expect(inputs).toHaveLength(13);
    expect(by('d0055.eml')?.channel).toBe('email');
    expect(by('d0021.xml')?.channel).toBe('digitalpost');
    expect(by('d0051.pdf')).toMatchObject({ channel: 'scan', sidecarPath: join(samples, 'd0051.meta.xml') });
    expect(by('d0017.png')).toEqual({ path: join(samples, 'd0017.png'), channel: 'scan' });
    expect(by('d0051.meta.xml')).toBeUndefined();
  });

  it('recognises content under other names and skips dot-files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'discover-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'besked.msg'), 'From: borger@example.dk\r\nSubject: Rotter\r\n\r\nHej');
    await copyFile(join(samples, 'd0021.xml'), join(dir, 'digital-post.dat'));
    await writeFile(join(dir, '.DS_Store'), 'x');
    await writeFile(join(dir, 'orphan.meta.xml'), '<ScanJob xmlns="urn:nordscan:scanmeta:2"/>');
    const inputs = await discoverFiles([dir]);
    expect(inputs.map((i) => [i.path.slice(dir.length + 1), i.channel])).toEqual([
      ['digital-post.dat', 'digitalpost'],
      ['orphan.meta.xml', 'scan'],
      ['sub/besked.msg', 'email'],
    ]);
  });

  it('says which path does not exist', async () => {
    await expect(discoverFiles(['/nonexistent/post'])).rejects.toThrow('No such file or folder: /nonexistent/post');
  });
});
