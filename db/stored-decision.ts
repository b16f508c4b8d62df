// Reads a decision row back as a typed StoredDecision: the outcome through its stage's schema
// (core/outcomes.ts) and the reasons through the reason schema, so no reader casts stored JSON to a shape
// it hopes for. A row no schema accepts is an InvalidOutcomeError, never silently used.
import { z } from 'zod';
import { parseOutcome, ReasonSchema } from '../core/outcomes.js';
import type { Reason } from '../core/model.js';
import type { DecisionStage } from '../core/outcomes.js';
import type { StoredDecision, StoredDecisionOf } from '../core/ports.js';
import { decisions } from './schema.js';

const ReasonsSchema = z.array(ReasonSchema);

export type DecisionRow = Pick<typeof decisions.$inferSelect, 'stage' | 'round' | 'outcome' | 'reasons' | 'ruleSetVersion' | 'ruleId' | 'createdAt'>;

/** The columns a decision is read back from (select them, then `toStoredDecision`). */
export const decisionColumns = {
  stage: decisions.stage,
  round: decisions.round,
  outcome: decisions.outcome,
  reasons: decisions.reasons,
  ruleSetVersion: decisions.ruleSetVersion,
  ruleId: decisions.ruleId,
  createdAt: decisions.createdAt,
};

/** Stored reasons, checked: an entry that is not `{code, message, data?}` makes the whole row invalid. */
export function parseReasons(raw: unknown): Reason[] {
  return ReasonsSchema.parse(raw ?? []);
}

/** A decision row of a known stage, typed by that stage's outcome schema. */
export function storedDecisionOf<S extends DecisionStage>(stage: S, row: Omit<DecisionRow, 'stage'>): StoredDecisionOf<S> {
  return {
    stage,
    round: row.round,
    outcome: parseOutcome(stage, row.outcome),
    reasons: parseReasons(row.reasons),
    ruleSetVersion: row.ruleSetVersion,
    ruleId: row.ruleId,
    createdAt: row.createdAt,
  };
}

/** A decision row of any stage; the union member is chosen by the row's stage. */
export function toStoredDecision(row: DecisionRow): StoredDecision {
  // StoredDecisionOf<DecisionStage> and the union StoredDecision hold the same values; TypeScript cannot
  // distribute the generic over the union by itself.
  return storedDecisionOf(row.stage, row) as StoredDecision;
}
