import { describe, expect, it } from 'vitest';
import { fnv1a64 } from './hash.js';

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes, as a BigInt reference does', () => {
    const reference = (text: string): string => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return hash.toString(16).padStart(16, '0');
    };
    for (const text of ['æøå', 'Rotter i haven ved skuret', '{"version":1}', '\u{1f400} rotte', 'x'.repeat(1000)]) {
      expect(fnv1a64(text)).toBe(reference(text));
    }
  });
});
