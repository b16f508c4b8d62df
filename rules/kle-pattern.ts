// KLE patterns in routing rules: an exact emne `NN.NN.NN`, a group `NN.NN.*` or a hovedgruppe `NN.*`.

export type KleSpecificity = 'emne' | 'group' | 'hovedgruppe';

const PATTERN = /^(\d{2})\.(?:\*|(\d{2})\.(?:\*|(\d{2})))$/;

export interface KlePattern {
  pattern: string;
  specificity: KleSpecificity;
  /** What a matching emne starts with (`32.30.` for `32.30.*`), or the whole emne when exact. */
  prefix: string;
}

/** Parses a KLE pattern, or returns null when it is not one of the three accepted forms. */
export function parseKlePattern(pattern: string): KlePattern | null {
  const match = PATTERN.exec(pattern);
  if (!match) return null;
  if (match[3] !== undefined) return { pattern, specificity: 'emne', prefix: pattern };
  if (match[2] !== undefined) return { pattern, specificity: 'group', prefix: pattern.slice(0, -1) };
  return { pattern, specificity: 'hovedgruppe', prefix: pattern.slice(0, -1) };
}

export const KLE_PATTERN_HELP = 'use NN.NN.NN, NN.NN.* or NN.*';

/** Whether an emne (`32.30.04`) matches a pattern; a bare group number (`32.30`) matches no wildcard. */
export function kleMatches(kle: string, pattern: KlePattern): boolean {
  return pattern.specificity === 'emne' ? kle === pattern.prefix : kle.startsWith(pattern.prefix);
}

/** `32.30` of `32.30.04`, or null when the number has fewer than two levels. */
export function kleGroupOf(kle: string | null): string | null {
  const match = kle === null ? null : /^(\d{2}\.\d{2})(?:\.|$)/.exec(kle);
  return match?.[1] ?? null;
}
