import { describe, expect, it } from 'vitest';
import { isNumeric, normaliseText, tokenise, words } from './normalise.js';

describe('Danish normalisation', () => {
  it('lowercases and keeps æ, ø, å', () => {
    expect(words('Ældre Søstre på Østerbro')).toEqual(['ældre', 'søstre', 'på', 'østerbro']);
  });

  it("folds the old spelling 'aa' into 'å'", () => {
    expect(normaliseText('Nørreaa Kommune, Aabenraa')).toBe('nørreå kommune, åbenrå');
  });

  it('joins a word hyphenated over a line break, but not a hyphenated compound', () => {
    expect(words('udbetaling af sygedag-\npenge')).toEqual(['udbetaling', 'af', 'sygedagpenge']);
    expect(words('el-kørestol')).toEqual(['el', 'kørestol']);
  });

  it('drops punctuation, soft hyphens and OCR ligatures', () => {
    expect(tokenise(normaliseText('Vedr.: ansøg\u00adning | ﬁnansiering!'))).toEqual(['vedr', 'ansøgning', 'finansiering']);
  });

  it('recognises pure numbers', () => {
    expect(isNumeric('8891')).toBe(true);
    expect(isNumeric('dp201')).toBe(false);
  });
});
