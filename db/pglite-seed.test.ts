import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySeed, discardSeed, isNewDataDir, saveSeed, seedPath } from './pglite-seed.js';

const temp = () => mkdtemp(join(tmpdir(), 'fordeler-seed-'));

/** A stand-in for a PGlite data folder: PG_VERSION and a nested file. */
async function cluster(dir: string, marker: string): Promise<string> {
  await mkdir(join(dir, 'base', '1'), { recursive: true });
  await writeFile(join(dir, 'PG_VERSION'), '17\n');
  await writeFile(join(dir, 'base', '1', 'table'), marker);
  return dir;
}

describe('isNewDataDir', () => {
  it('is true for a missing or empty folder, false for a folder with anything in it', async () => {
    const dir = await temp();
    expect(await isNewDataDir(join(dir, 'missing'))).toBe(true);
    await mkdir(join(dir, 'empty'));
    expect(await isNewDataDir(join(dir, 'empty'))).toBe(true);
    await mkdir(join(dir, 'used'));
    await writeFile(join(dir, 'used', 'notes.txt'), 'not ours to fill');
    expect(await isNewDataDir(join(dir, 'used'))).toBe(false);
  });
});

describe('the seed folder', () => {
  it('is copied into a new folder once saved; not before, and not after a discard', async () => {
    const dir = await temp();
    const seed = join(dir, 'cache', 'seed');
    await mkdir(join(dir, 'cache'));
    expect(await copySeed(seed, join(dir, 'first'))).toBe(false);
    await saveSeed(await cluster(join(dir, 'made'), 'schema, no rows'), seed);
    await mkdir(join(dir, 'second'));
    expect(await copySeed(seed, join(dir, 'second'))).toBe(true);
    expect(await readFile(join(dir, 'second', 'base', '1', 'table'), 'utf8')).toBe('schema, no rows');
    await discardSeed(seed);
    expect(await copySeed(seed, join(dir, 'third'))).toBe(false);
  });

  it('keeps the seed another process saved first, and leaves no temporary copy behind', async () => {
    const dir = await temp();
    const seed = join(dir, 'seed');
    await saveSeed(await cluster(join(dir, 'one'), 'first'), seed);
    await expect(saveSeed(await cluster(join(dir, 'two'), 'second'), seed)).rejects.toThrow();
    expect(await readFile(join(seed, 'base', '1', 'table'), 'utf8')).toBe('first');
    expect((await readdir(dir)).sort()).toEqual(['one', 'seed', 'two']);
  });
});

describe('seedPath', () => {
  it('is off, a chosen folder, or one named by the PGlite version and the migrations under node_modules/.cache/fordeler', async () => {
    const migrations = await temp();
    await writeFile(join(migrations, '0000_init.sql'), 'create table a (id int);');
    expect(await seedPath(migrations, { FORDELER_PGLITE_SEED: 'off' })).toBeUndefined();
    expect(await seedPath(migrations, { FORDELER_PGLITE_SEED: '/srv/seed' })).toBe('/srv/seed');
    const version = (JSON.parse(await readFile(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const before = await seedPath(migrations, {});
    expect(before).toMatch(new RegExp(`node_modules/\\.cache/fordeler/pglite-${version.replace(/\./g, '\\.')}-[0-9a-f]{16}$`));
    await writeFile(join(migrations, '0001_more.sql'), 'create table b (id int);');
    expect(await seedPath(migrations, {})).not.toBe(before);
  });
});
