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

describe('MeMo FORMdata', () => {
  const formToKle = new Map([['10.06.10.25', ['17.20.03']], ['99.99', ['07.01.12']]]);
  it('hints at the gruppe of the emne the FORM↔KLE crosswalk gives, when there is no KLE key', () => {
    const signal = readMetadataKle({ form: { taskKey: '10.06.10.25' } }, catalog, formToKle);
    expect(signal).toMatchObject({ kind: 'hint', prefix: '17.20' });
    expect(signal.reasons.map((r) => r.code)).toEqual(['classify.metadata_form_mapped']);
  });

  it('says so when the form task maps to nothing current, and lets a KLE key win', () => {
    expect(readMetadataKle({ form: { taskKey: '99.99' } }, catalog, formToKle).reasons.map((r) => r.code)).toEqual(['classify.metadata_form_unmapped']);
    expect(readMetadataKle({ form: { taskKey: '10.06.10.25' }, kle: { subjectKey: '32.30.04' } }, catalog, formToKle)).toMatchObject({ kind: 'emne', nr: '32.30.04' });
  });
});
