import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultSeedPath, isNewDataDir, pgliteSeed, seedPath } from './pglite-seed.js';

const temp = () => mkdtemp(join(tmpdir(), 'fordeler-seed-'));

describe('isNewDataDir', () => {
  it('is true for memory://, a missing folder and an empty one; false for a folder with anything in it', async () => {
    const dir = await temp();
    expect(await isNewDataDir('memory://')).toBe(true);
    expect(await isNewDataDir(join(dir, 'missing'))).toBe(true);
    await mkdir(join(dir, 'empty'));
    expect(await isNewDataDir(join(dir, 'empty'))).toBe(true);
    await mkdir(join(dir, 'used'));
    await writeFile(join(dir, 'used', 'notes.txt'), 'not ours to clear');
    expect(await isNewDataDir(join(dir, 'used'))).toBe(false);
    expect(await isNewDataDir('idb://elsewhere')).toBe(false);
  });
});

describe('pgliteSeed', () => {
  // The smallest tar archive: one 512-byte header with the ustar magic, then the data block.
  const tar = new Uint8Array(1024);
  tar.set(Buffer.from('PG_VERSION'), 0);
  tar.set(Buffer.from('ustar\u000000', 'latin1'), 257);

  it('has nothing before a save, the unpacked archive after, and nothing after a discard', async () => {
    const path = join(await temp(), 'cache', 'seed.tar.gz');
    const seed = pgliteSeed(path);
    expect(await seed.load()).toBeUndefined();
    await seed.save(async () => new Blob([new Uint8Array(gzipSync(tar))]));
    const loaded = await seed.load();
    expect(new Uint8Array(await loaded!.arrayBuffer())).toEqual(tar);
    await seed.discard();
    expect(await seed.load()).toBeUndefined();
  });

  it('has nothing when the file is not a gzipped tar archive', async () => {
    const dir = await temp();
    const seed = pgliteSeed(join(dir, 'seed.tar.gz'));
    await writeFile(join(dir, 'seed.tar.gz'), 'not a tarball');
    expect(await seed.load()).toBeUndefined();
    await writeFile(join(dir, 'seed.tar.gz'), gzipSync(Buffer.from('gzip, but no tar inside')));
    expect(await seed.load()).toBeUndefined();
  });

  it('leaves no file behind when the dump fails', async () => {
    const dir = await temp();
    const seed = pgliteSeed(join(dir, 'seed.tar.gz'));
    await expect(seed.save(async () => Promise.reject(new Error('dump failed')))).rejects.toThrow('dump failed');
    expect(await seed.load()).toBeUndefined();
  });
});

describe('seedPath', () => {
  it('is off, a chosen file, or a file named by the PGlite version under node_modules/.cache/fordeler', async () => {
    expect(await seedPath({ FORDELER_PGLITE_SEED: 'off' })).toBeUndefined();
    expect(await seedPath({ FORDELER_PGLITE_SEED: '/srv/seed.tar.gz' })).toBe('/srv/seed.tar.gz');
    const version = (JSON.parse(await readFile(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(await defaultSeedPath()).toMatch(new RegExp(`node_modules/\\.cache/fordeler/pglite-${version.replace(/\./g, '\\.')}-cluster\\.tar\\.gz$`));
    expect(await seedPath({})).toBe(await defaultSeedPath());
  });
});
