// Re-distribution: a person places an item with a destination (after it was parked, rejected by its
// receiver, or delivered to the wrong place). One transaction, under the item's row lock, checks the
// action's idempotency key (sourceRef: reported twice, recorded once), records who/when/from/to, and
// applies the pure plan (core/stages/redistribute.ts) the way ItemStore.commit applies a stage step:
// `from → routed` with compare-and-set, the next delivery round (a new AnvenderTransaktionsID, so the new
// receiver gets a new hand-over), a manual route decision for that round and the event. The caller then
// queues the deliver stage and teaches the classifier.
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertTransition } from '../core/lifecycle.js';
import { OUTCOME_SCHEMAS } from '../core/outcomes.js';
import type { Clock } from '../core/ports.js';
import { planRedistribution, type RedistributionVia } from '../core/stages/redistribute.js';
import type { Db } from './connect.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { decisions, itemEvents, items, redistributions } from './schema.js';
import { storedReasons } from './stored-decision.js';
import { storableJson, storableText, storableTextOrNull } from './storable.js';

export type { RedistributionVia };

export interface RedistributionInput {
  itemId: string;
  toDestination: string;
  by: string;
  via: RedistributionVia;
  /**
   * Identifies the action itself, not how it was seen: the rest-folder message (its item and posting
   * round, or its Message-ID) for a folder move, so two copies of one message are one re-distribution.
   */
  sourceRef?: string;
  kleNr?: string | null;
  /** `kleNr` was inferred from the destination, not given by the person (core/stages/redistribute.ts). */
  kleInferred?: boolean;
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

/** Scoped to `tenantId` when given: an item of another tenant is not found. */
export function createRedistributionStore(db: Db, clock: Clock, tenantId?: string) {
  const scope = (itemId: string) => (tenantId === undefined ? eq(items.id, itemId) : and(eq(items.id, itemId), eq(items.tenantId, tenantId)));
  return {
    async redistribute(input: RedistributionInput): Promise<RedistributionResult> {
      if (!isItemId(input.itemId)) throw new ItemNotFoundError(input.itemId);
      return db.transaction(async (tx) => {
        const [item] = await tx.select().from(items).where(scope(input.itemId)).for('update');
        if (!item) throw new ItemNotFoundError(input.itemId);
        if (input.sourceRef) {
          const [seen] = await tx.select({ id: redistributions.id }).from(redistributions).where(eq(redistributions.sourceRef, input.sourceRef));
          if (seen) return { created: false, reason: 'already_recorded' } as const;
        }
        const at = clock.now();
        const plan = planRedistribution({
          item: { id: item.id, state: item.state, round: item.round, destination: item.destination },
          toDestination: storableText(input.toDestination),
          by: storableText(input.by),
          via: input.via,
          kleNr: input.kleNr ?? null,
          ...(input.kleInferred ? { kleInferred: true } : {}),
          at,
        });
        if (plan.kind === 'refused') throw new RedistributionRefused(plan.message, plan.reason);
        const { commit } = plan;
        assertTransition(commit.from, commit.to);
        await tx.insert(redistributions).values({
          tenantId: item.tenantId,
          itemId: item.id,
          fromDestination: plan.fromDestination,
          toDestination: storableText(input.toDestination),
          kleNr: input.kleNr ?? null,
          by: storableText(input.by),
          via: input.via,
          sourceRef: input.sourceRef ?? null,
          at,
        });
        // Under the row lock the state cannot have moved; the condition states the compare-and-set anyway.
        const [moved] = await tx
          .update(items)
          .set({ state: commit.to, round: sql`${items.round} + 1`, destination: storableTextOrNull(commit.patch?.destination), error: null, updatedAt: at, stateChangedAt: at })
          .where(and(eq(items.id, item.id), eq(items.state, commit.from)))
          .returning({ round: items.round });
        if (!moved) throw new Error(`item ${item.id} left ${commit.from} under its row lock`);
        await tx.insert(itemEvents).values({
          itemId: item.id,
          tenantId: item.tenantId,
          stage: commit.event.stage,
          type: commit.event.type,
          at,
          data: storableJson(commit.event.data ?? {}),
          key: input.sourceRef ? storableText(`redistributed:${input.sourceRef}`) : null,
        });
        if (commit.decision) {
          const outcome = storableJson(OUTCOME_SCHEMAS[commit.decision.stage].parse(commit.decision.outcome) as Record<string, unknown>);
          const values = { outcome, reasons: storedReasons(commit.decision.reasons), ruleSetVersion: null, ruleId: null, createdAt: at };
          await tx
            .insert(decisions)
            .values({ itemId: item.id, tenantId: item.tenantId, stage: commit.decision.stage, round: moved.round, ...values })
            .onConflictDoUpdate({ target: [decisions.itemId, decisions.stage, decisions.round], set: values });
        }
        return { created: true, round: moved.round, fromDestination: plan.fromDestination } as const;
      });
    },

    async listForItem(itemId: string): Promise<RedistributionRecord[]> {
      if (!isItemId(itemId)) return [];
      const rows = await db
        .select({ r: redistributions })
        .from(redistributions)
        .innerJoin(items, eq(items.id, redistributions.itemId))
        .where(and(eq(redistributions.itemId, itemId), tenantId === undefined ? undefined : eq(items.tenantId, tenantId)))
        .orderBy(desc(redistributions.at));
      return rows.map(({ r }) => ({ itemId: r.itemId, fromDestination: r.fromDestination, toDestination: r.toDestination, kleNr: r.kleNr, by: r.by, via: r.via, at: r.at }));
    },
  };
}

export type RedistributionStore = ReturnType<typeof createRedistributionStore>;
