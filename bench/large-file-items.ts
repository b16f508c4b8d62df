// The item store of the large-file benchmark's IMAP phase: only what the intake touches (createItem, with
// the real store's dedup by source and content hash, and appendEvent), kept in memory so the measured
// process holds no database. Anything else is not part of this benchmark and says so.
import { randomUUID } from 'node:crypto';
import type { Item } from '../core/model.js';
import type { ItemStore } from '../core/ports.js';

export interface BenchItemStore extends ItemStore {
  /** The items created, oldest first. */
  created(): Item[];
}

export function createBenchItemStore(tenantId: string): BenchItemStore {
  const items: Item[] = [];
  const unused = (what: string) => async (): Promise<never> => {
    throw new Error(`the large-file benchmark's item store does not ${what}`);
  };
  return {
    tenantId,
    async createItem(newItem) {
      const known = items.find((item) => item.source === newItem.source && item.contentSha256 === newItem.contentSha256);
      if (known) return { item: known, created: false };
      const item: Item = { ...newItem, id: randomUUID(), tenantId, state: 'received', round: 1 };
      items.push(item);
      return { item, created: true };
    },
    async getItem(id) {
      return items.find((item) => item.id === id);
    },
    async appendEvent() {
      // Events are history; the benchmark measures storing the message, not its history.
    },
    commit: unused('commit stage steps'),
    getExtracted: unused('keep extracted content'),
    latestDecision: unused('keep decisions'),
    latestClassification: unused('keep classifications'),
    created: () => [...items],
  };
}
