// How the emulator's routing table matches a KLE emne: the patterns a municipality registers its
// receiving systems under (`32.30.04`, `32.30.*`, `32.*`, `*`).
export function klePatternMatches(pattern: string, kle: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return kle.startsWith(pattern.slice(0, -1));
  return pattern === kle;
}
