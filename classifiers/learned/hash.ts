// FNV-1a, 64 bits, over the UTF-8 bytes of a string: a cheap content id for learned models, computed in
// plain JS (classifiers/ has no node:crypto). Not a cryptographic hash: it names versions, it does not sign them.

const UTF8 = new TextEncoder();
const TWO_32 = 2 ** 32;
/** The 64-bit offset basis 0xcbf29ce484222325 and prime 0x100000001b3 = 2^40 + 0x1b3, in 32-bit halves. */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const PRIME_LO = 0x1b3;

/** FNV-1a 64 of the UTF-8 encoding of `text`, as 16 lower-case hex digits. */
export function fnv1a64(text: string): string {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  for (const byte of UTF8.encode(text)) {
    lo = (lo ^ byte) >>> 0;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64; every partial product stays below 2^53.
    const low = lo * PRIME_LO;
    const carry = Math.floor(low / TWO_32);
    hi = (hi * PRIME_LO + carry + ((lo << 8) >>> 0)) % TWO_32;
    lo = low % TWO_32;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
