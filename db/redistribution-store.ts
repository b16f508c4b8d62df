// Re-distribution: a person places an item with a destination (after it was parked, rejected by its
// receiver, or delivered to the wrong place). One transaction records who/when/from/to, opens the next
// delivery round (a new AnvenderTransaktionsID, so the new receiver is a new hand-over, never a repeat of
// the rejected one), and puts the item back in `routed` with the reason as data. The caller then queues
// the deliver stage and teaches the classifier.
import { desc, eq } from 'drizzle-orm';
import type { Clock } from '../core/ports.js';
import type { Db } from './connect.js';
import { currentDelivery } from './delivery-store.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { decisions, deliveries, itemEvents, items, redistributions } from './schema.js';
import { storableJson, storableText } from './storable.js';

/** Where a re-distribution came from: the CLI, the HTTP API, or a folder move in the IMAP rest mailbox. */
export type RedistributionVia = 'cli' | 'api' | 'imap-folder';

export interface RedistributionInput {
  itemId: string;
  toDestination: string;
  by: string;
  via: RedistributionVia;
  /** Identifies the action itself (e.g. the IMAP message that was moved): reported twice, recorded once. */
  sourceRef?: string;
  kleNr?: string | null;
}

export interface RedistributionRecord {
  itemId: string;
  fromDestination: string | null;
  toDestination: string;
  kleNr: string | null;
  by: string;
  via: string;
  at: Date;
}

export type RedistributionResult = { created: true; round: number; fromDestination: string | null } | { created: false; reason: 'already_recorded' };

/** Items still on their first way through the pipeline cannot be placed by hand yet. */
const IN_PROGRESS = new Set(['received', 'extracted', 'classified']);

export type RefusalReason = 'unknown_item' | 'unknown_destination' | 'in_progress';

/** The re-distribution cannot be done as asked; the message says why in terms a person can act on. */
export class RedistributionRefused extends Error {
  override readonly name = 'RedistributionRefused';
  constructor(
    message: string,
    readonly reason: RefusalReason,
  ) {
    super(message);
  }
}

export function createRedistributionStore(db: Db, clock: Clock) {
  return {
    async redistribute(input: RedistributionInput): Promise<RedistributionResult> {
      if (!isItemId(input.itemId)) throw new ItemNotFoundError(input.itemId);
      return db.transaction(async (tx) => {
        const [item] = await tx.select().from(items).where(eq(items.id, input.itemId)).for('update');
        if (!item) throw new ItemNotFoundError(input.itemId);
        if (input.sourceRef) {
          const [seen] = await tx.select({ id: redistributions.id }).from(redistributions).where(eq(redistributions.sourceRef, input.sourceRef));
          if (seen) return { created: false, reason: 'already_recorded' } as const;
        }
        if (IN_PROGRESS.has(item.state)) throw new RedistributionRefused(`item ${item.id} is still being processed (${item.state}); place it when it is routed or parked`, 'in_progress');
        const at = clock.now();
        const from = item.destination;
        const round = ((await currentDelivery(tx, item.id))?.round ?? 0) + 1;
        await tx.insert(redistributions).values({
          tenantId: item.tenantId,
          itemId: item.id,
          fromDestination: from,
          toDestination: storableText(input.toDestination),
          kleNr: input.kleNr ?? null,
          by: storableText(input.by),
          via: input.via,
          sourceRef: input.sourceRef ?? null,
          at,
        });
        await tx.insert(deliveries).values({ itemId: item.id, tenantId: item.tenantId, destination: input.toDestination, round });
        await tx
          .update(items)
          .set({ state: 'routed', destination: input.toDestination, error: null, updatedAt: at, stateChangedAt: at })
          .where(eq(items.id, item.id));
        const data = { from, to: input.toDestination, by: input.by, via: input.via, round, ...(input.kleNr ? { kle: input.kleNr } : {}) };
        await tx.insert(itemEvents).values({ itemId: item.id, tenantId: item.tenantId, stage: 'route', type: 'redistributed', at, data: storableJson(data) });
        await tx.insert(decisions).values({
          itemId: item.id,
          tenantId: item.tenantId,
          stage: 'route',
          createdAt: at,
          outcome: storableJson({ status: 'routed', destination: input.toDestination, manual: true, from, by: input.by, via: input.via, kle: input.kleNr ?? null }),
          reasons: storableJson([
            { code: 'route.redistributed', message: `Re-distributed to ${input.toDestination} by ${input.by} (${input.via})${from ? `, from ${from}` : ''}`, data },
          ]),
        });
        return { created: true, round, fromDestination: from } as const;
      });
    },

    async listForItem(itemId: string): Promise<RedistributionRecord[]> {
      if (!isItemId(itemId)) return [];
      const rows = await db.select().from(redistributions).where(eq(redistributions.itemId, itemId)).orderBy(desc(redistributions.at));
      return rows.map((r) => ({ itemId: r.itemId, fromDestination: r.fromDestination, toDestination: r.toDestination, kleNr: r.kleNr, by: r.by, via: r.via, at: r.at }));
    },
  };
}

export type RedistributionStore = ReturnType<typeof createRedistributionStore>;
