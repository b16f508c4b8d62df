// Who receives a KLE emne (FordelingsmodtagerList), remembered per emne and handling facet for ten
// minutes: registrations at KOMBIT change rarely, and asking before every hand-over would double the
// calls. Concurrent questions about one emne share a call; a failed call is not remembered.
import type { ReceiverSystem } from '../overdragelse/client.js';

export const RECEIVER_CACHE_MS = 10 * 60_000;

export type ListReceivers = (query: { kle: string; handlingFacet?: string }) => Promise<{ systems: ReceiverSystem[] }>;

export function createReceiverLookup(list: ListReceivers, now: () => Date, ttlMs = RECEIVER_CACHE_MS) {
  const answers = new Map<string, { at: number; systems: Promise<ReceiverSystem[]> }>();
  return (kle: string, handlingFacet?: string): Promise<ReceiverSystem[]> => {
    const key = `${kle} ${handlingFacet ?? ''}`;
    const at = now().getTime();
    const known = answers.get(key);
    if (known && at - known.at < ttlMs) return known.systems;
    const systems = list({ kle, ...(handlingFacet ? { handlingFacet } : {}) }).then((answer) => answer.systems);
    answers.set(key, { at, systems });
    systems.catch(() => {
      if (answers.get(key)?.systems === systems) answers.delete(key);
    });
    return systems;
  };
}
