import { describe, expect, it } from 'vitest';
import { loadKleData } from '../worker/adapters/kle-data.js';
import { createKleCatalog } from './kle-catalog.js';
import { readMetadataKle } from './metadata.js';

const catalog = createKleCatalog(loadKleData());
const read = (subjectKey?: string) => readMetadataKle(subjectKey === undefined ? {} : { kle: { subjectKey } }, catalog);
const codes = (subjectKey: string) => read(subjectKey).reasons.map((reason) => reason.code);

describe('MeMo KLE metadata', () => {
  it('accepts a current emne', () => {
    expect(read(' 32.30.04 ')).toMatchObject({ kind: 'emne', nr: '32.30.04' });
    expect(codes('32.30.04')).toEqual(['classify.metadata_kle_accepted']);
  });

  it('turns a gruppe or hovedgruppe key into a hint, not an answer', () => {
    expect(read('27.60')).toMatchObject({ kind: 'hint', prefix: '27.60' });
    expect(read('02')).toMatchObject({ kind: 'hint', prefix: '02' });
    expect(codes('27.60')).toEqual(['classify.metadata_kle_not_emne']);
  });

  it('recognises a retired emne and hints at the nearest current level', () => {
    // 07.01.12 Hjemmekompostering went with its whole gruppe 07.01; 32.00.24 Feriepenge left a current gruppe.
    expect(read('07.01.12')).toMatchObject({ kind: 'hint', prefix: '07' });
    expect(read('32.00.24')).toMatchObject({ kind: 'hint', prefix: '32.00' });
    expect(codes('07.01.12')).toEqual(['classify.metadata_kle_retired']);
  });

  it('treats a hovedgruppe default ("xx.00.00") as a hint', () => {
    expect(read('27.00.00')).toMatchObject({ kind: 'hint', prefix: '27' });
  });

  it('ignores unknown numbers and garbage, saying why', () => {
    expect(read('99.99.99')).toMatchObject({ kind: 'none' });
    expect(codes('99.99.99')).toEqual(['classify.metadata_kle_unknown']);
    expect(read('kontanthjælp')).toMatchObject({ kind: 'none' });
    expect(codes('32.30.04.10')).toEqual(['classify.metadata_kle_invalid']);
  });

  it('says nothing when there is no key', () => {
    expect(read()).toEqual({ kind: 'none', reasons: [] });
  });
});
