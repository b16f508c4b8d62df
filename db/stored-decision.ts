// Reads a decision row back as a typed StoredDecision: the outcome through its stage's schema
// (core/outcomes.ts) and the reasons through the reason schema, so no reader casts stored JSON to a shape
// it hopes for. A row no schema accepts is an InvalidOutcomeError, never silently used.
import { z } from 'zod';
import { parseOutcome, ReasonSchema } from '../core/outcomes.js';
import type { Reason } from '../core/model.js';
import type { StoredDecision } from '../core/ports.js';
import type { decisions } from './schema.js';

const ReasonsSchema = z.array(ReasonSchema);

export type DecisionRow = Pick<typeof decisions.$inferSelect, 'stage' | 'round' | 'outcome' | 'reasons' | 'ruleSetVersion' | 'ruleId' | 'createdAt'>;

/** Stored reasons, checked: an entry that is not `{code, message, data?}` makes the whole row invalid. */
export function parseReasons(raw: unknown): Reason[] {
  return ReasonsSchema.parse(raw ?? []);
}

export function toStoredDecision(row: DecisionRow): StoredDecision {
  const common = {
    round: row.round,
    reasons: parseReasons(row.reasons),
    ruleSetVersion: row.ruleSetVersion,
    ruleId: row.ruleId,
    createdAt: row.createdAt,
  };
  // One case per stage: the union member is chosen by the stage, and its outcome by that stage's schema.
  switch (row.stage) {
    case 'ingest':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
    case 'extract':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
    case 'classify':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
    case 'route':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
    case 'deliver':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
    case 'receipt':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
    case 'park':
      return { ...common, stage: row.stage, outcome: parseOutcome(row.stage, row.outcome) };
  }
}
