import { describe, expect, it } from 'vitest';
import { maskedJson } from './json-output.js';

describe('maskedJson', () => {
  it('masks CPR numbers in any spelling, at any depth, and keeps everything else', () => {
    const value = { subject: 'Klage 010190 1009', data: { subject: 'cpr 010190–1009', files: ['0101901009.pdf'] }, count: 2, cvr: '29189404' };
    const json = maskedJson(value, 2);
    expect(json).not.toMatch(/1009/);
    expect(JSON.parse(json)).toEqual({ subject: 'Klage 010190-XXXX', data: { subject: 'cpr 010190-XXXX', files: ['010190-XXXX.pdf'] }, count: 2, cvr: '29189404' });
  });
});
