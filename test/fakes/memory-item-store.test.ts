import { CONTRACT_TENANT } from '../support/item-fixtures.js';
import { itemStoreContract } from '../support/item-store-contract.js';
import { createMemoryItemStore } from './memory-item-store.js';

itemStoreContract('in-memory fake', {
  async fresh(clock) {
    const store = createMemoryItemStore({ tenantId: CONTRACT_TENANT, clock });
    return {
      store,
      queries: store,
      forTenant(tenantId) {
        const other = store.forTenant(tenantId);
        return { store: other, queries: other };
      },
    };
  },
});
