import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskDeep, maskString } from './log-masking.js';
import { createLoggerTo } from './logger.js';

const SPELLINGS = ['0101901009', '010190-1009', '010190 1009', '010190–1009'];

describe('log masking', () => {
  it('masks a CPR number in every spelling, in strings and at any depth', () => {
    for (const cpr of SPELLINGS) {
      expect(maskString(`klage ${cpr}.xml`)).toBe('klage XXXXXX-XXXX.xml');
      const masked = JSON.stringify(maskDeep({ file: `${cpr}.pdf`, nested: { list: [`borger ${cpr}`] }, err: new Error(`cannot read /drop/${cpr}.pdf`) }));
      expect(masked).not.toContain('1009');
    }
  });

  it('leaves other numbers, dates and non-strings as they are', () => {
    expect(maskDeep({ count: 3, cvr: '29189404', phone: '12345678', at: '2026-12-06', ok: true })).toEqual({ count: 3, cvr: '29189404', phone: '12345678', at: '2026-12-06', ok: true });
  });

  it('cuts cycles instead of looping', () => {
    const looped: Record<string, unknown> = { name: 'a' };
    looped.self = looped;
    expect(maskDeep(looped)).toEqual({ name: 'a', self: '[…]' });
  });
});

describe('the logger', () => {
  it('never writes a CPR number, in the message, a field or an error', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLoggerTo('info', sink);
    for (const cpr of SPELLINGS) logger.info({ file: `klage ${cpr}.xml`, err: new Error(`ENOENT /drop/${cpr}.xml`) }, `could not read ${cpr}.xml`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(SPELLINGS.length);
    for (const line of lines) {
      expect(line).toContain('XXXXXX-XXXX');
      expect(line).not.toMatch(/1009/);
    }
  });
});
