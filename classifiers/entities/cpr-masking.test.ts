// All CPR numbers here are fictional test numbers.
import { describe, expect, it } from 'vitest';
import { maskCpr, maskCprDeep } from './cpr-masking.js';

const SPELLINGS = ['0101901009', '010190-1009', '010190 1009', '010190–1009'];

describe('the one CPR masker', () => {
  it('masks every spelling, fully or keeping the birth date', () => {
    for (const cpr of SPELLINGS) {
      expect(maskCpr(`Klage ${cpr}.pdf`)).toBe('Klage XXXXXX-XXXX.pdf');
      expect(maskCpr(`Klage ${cpr}.pdf`, 'birthDate')).toBe('Klage 010190-XXXX.pdf');
    }
  });

  it('leaves numbers that cannot be CPR numbers as they are (no valid birth date), and is idempotent', () => {
    expect(maskCpr('Faktura 3213901009 og 9999999999', 'birthDate')).toBe('Faktura 3213901009 og 9999999999');
    expect(maskCpr('cvr 29189404, tlf. 12345678')).toBe('cvr 29189404, tlf. 12345678');
    expect(maskCpr(maskCpr('borger 010190-1009', 'birthDate'), 'birthDate')).toBe('borger 010190-XXXX');
  });

  it('masks every string at any depth, keeps other values, cuts cycles, and leaves what it is told to', () => {
    const uuid = 'ab010190-1009-4abc-8def-0123456789ab';
    const masked = maskCprDeep({ list: [{ text: 'cpr 010190 1009' }], n: 3, id: uuid }, { keep: 'birthDate', leave: (text) => text === uuid });
    expect(masked).toEqual({ list: [{ text: 'cpr 010190-XXXX' }], n: 3, id: uuid });
    // Without `leave` the id would be taken for a CPR number: the option is what keeps it.
    expect(maskCprDeep(uuid, { keep: 'birthDate' })).not.toBe(uuid);
    const looped: Record<string, unknown> = { name: '0101901009' };
    looped.self = looped;
    expect(maskCprDeep(looped)).toEqual({ name: 'XXXXXX-XXXX', self: '[…]' });
  });
});
