// A prior over emner for inbound post. Letters from citizens, companies and authorities are seldom
// about the municipality's own buildings, equipment, IT or work environment, and system-case emner
// ("[jobcenter-fagsystemsag]") are where a fagsystem files a case, not what a letter is about.
import type { KleCatalog } from './kle-catalog.js';

const INTERNAL_HOVEDGRUPPER = new Set(['82', '83', '85', '86', '87']);
const SYSTEM_EMNE = /\[(?:jobcenter-fagsystemsag|fagsystem-emne)\]/i;
export const UNLIKELY_PRIOR = 0.5;

/** Multiplier for an emne's text score: 1 for ordinary emner, less for unlikely ones. */
export function emnePrior(catalog: KleCatalog, nr: string): number {
  if (INTERNAL_HOVEDGRUPPER.has(nr.slice(0, 2))) return UNLIKELY_PRIOR;
  return SYSTEM_EMNE.test(catalog.title(nr) ?? '') ? UNLIKELY_PRIOR : 1;
}
