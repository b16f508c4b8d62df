// The CheckpointStore port on PostgreSQL/PGlite: one row per (tenant, source).
import { and, eq } from 'drizzle-orm';
import type { CheckpointStore, Clock } from '../core/ports.js';
import type { Db } from './connect.js';
import { sourceCheckpoints } from './schema.js';

export function createCheckpointStore(db: Db, clock: Clock = { now: () => new Date() }): CheckpointStore {
  return {
    async get(tenantId, source) {
      const [row] = await db
        .select({ uidValidity: sourceCheckpoints.uidValidity, lastUid: sourceCheckpoints.lastUid })
        .from(sourceCheckpoints)
        .where(and(eq(sourceCheckpoints.tenantId, tenantId), eq(sourceCheckpoints.source, source)));
      return row;
    },
    async set(tenantId, source, { uidValidity, lastUid }) {
      const updatedAt = clock.now();
      await db
        .insert(sourceCheckpoints)
        .values({ tenantId, source, uidValidity, lastUid, updatedAt })
        .onConflictDoUpdate({ target: [sourceCheckpoints.tenantId, sourceCheckpoints.source], set: { uidValidity, lastUid, updatedAt } });
    },
  };
}
