// Reads a decision row back as a typed StoredDecision: the outcome through its stage's schema
// (core/outcomes.ts) and the reasons through the reason schema, so no reader casts stored JSON to a shape
// it hopes for. A row no schema accepts is an InvalidOutcomeError, never silently used.
// What is stored passes the one CPR masker first (storedReasons, storedSubject, maskedOutcome): a reason
// quoting a subject or a file name, the item's denormalised subject and the fact values in a route
// outcome's rule trace keep the birth date (`010190-XXXX`) and lose the serial. items.extracted keeps the
// letter's text in clear (it is read and handed over; views mask it).
import { z } from 'zod';
import { maskCprDeep, maskCpr } from '../classifiers/entities/cpr-masking.js';
import { parseOutcome, ReasonSchema } from '../core/outcomes.js';
import type { Reason } from '../core/model.js';
import type { DecisionStage } from '../core/outcomes.js';
import type { StoredDecision, StoredDecisionOf } from '../core/ports.js';
import { decisions } from './schema.js';
import { storableJson, storableTextOrNull } from './storable.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reasons as they are written: CPR numbers masked in every string (whole UUIDs are ids, left alone), storable. */
export function storedReasons(reasons: readonly Reason[]): Reason[] {
  return storableJson(maskCprDeep(reasons, { keep: 'birthDate', leave: (text) => UUID.test(text) }) as Reason[]);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An outcome as it is written: the rule trace's fact values (the letter's subject, file name, sender … as the
 * rules saw them) with CPR numbers masked. Nothing else in an outcome is touched: destination ids, emner and
 * rule ids are configuration, and a 10-digit id (a P-number) must not be mistaken for a CPR number.
 */
export function maskedOutcome(outcome: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(outcome.trace)) return outcome;
  const masked = (value: unknown) => maskCprDeep(value, { keep: 'birthDate', leave: (text) => UUID.test(text) });
  const trace = outcome.trace.map((rule: unknown) =>
    isRecord(rule) && Array.isArray(rule.conditions)
      ? { ...rule, conditions: rule.conditions.map((condition: unknown) => (isRecord(condition) && 'factValue' in condition ? { ...condition, factValue: masked(condition.factValue) } : condition)) }
      : rule,
  );
  return { ...outcome, trace };
}

/** The item's subject column as it is written: CPR numbers masked, storable. */
export function storedSubject(subject: string | null | undefined): string | null {
  return storableTextOrNull(subject == null ? subject : maskCpr(subject, 'birthDate'));
}

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
