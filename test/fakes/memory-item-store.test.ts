import { itemStoreContract } from '../support/item-store-contract.js';
import { createMemoryItemStore } from './memory-item-store.js';

itemStoreContract('in-memory fake', {
  async fresh(clock) {
    const store = createMemoryItemStore(clock);
    return { store, queries: store };
  },
});
