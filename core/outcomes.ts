// What each stage decided, as typed and versioned data. A decision row's `outcome` is written from these
// types and read back through these schemas, so no reader casts JSON to a shape it hopes for. Rows written
// before versioning (no `v`) are read as version 1: every field added since is optional or defaulted.
// When a shape changes incompatibly, add a version to the stage's union and upgrade in `parseOutcome`.
import { z } from 'zod';

export const ReasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const KleCandidateSchema = z.object({
  nr: z.string(),
  title: z.string().optional(),
  score: z.number(),
  reasons: z.array(ReasonSchema).default([]),
});

export const SuggestionSchema = z.object({
  kle: z.string(),
  title: z.string().optional(),
  score: z.number(),
  destination: z.string().nullable(),
  ruleId: z.string().nullable(),
});

const ConditionTraceSchema = z.object({
  fact: z.string(),
  path: z.string().optional(),
  operator: z.string(),
  value: z.unknown(),
  factValue: z.unknown(),
  result: z.union([z.boolean(), z.literal('not-evaluated')]),
});

export const RuleTraceSchema = z.object({
  ruleId: z.string(),
  name: z.string().optional(),
  priority: z.number(),
  matched: z.boolean(),
  destination: z.string().nullable().optional(),
  conditions: z.array(ConditionTraceSchema),
});

const version1 = z.literal(1).default(1);

const AttachmentSummarySchema = z.object({
  mimeType: z.string(),
  size: z.number(),
  textSource: z.string(),
  chars: z.number().optional(),
  problem: z.string().optional(),
});

/** extract: text was read (maybe after OCR), or the input was bad (parked) or extraction failed. */
export const ExtractOutcomeSchema = z.object({
  v: version1,
  status: z.enum(['extracted', 'parked', 'failed']).default('extracted'),
  bodySource: z.string().optional(),
  attachments: z.array(AttachmentSummarySchema).default([]),
  /** Pages that were OCR'd; 0 or absent when no OCR was needed. */
  ocrPages: z.number().optional(),
});

/** classify: every candidate the classifier returned, best first, with the terms behind each score. */
export const ClassifyOutcomeSchema = z.object({
  v: version1,
  status: z.enum(['classified', 'failed']).default('classified'),
  nr: z.string().nullable().default(null),
  confidence: z.number().default(0),
  source: z.enum(['metadata', 'classifier', 'rule', 'none']).default('none'),
  candidates: z.array(KleCandidateSchema).default([]),
  sensitive: z.array(z.string()).default([]),
  /** Parties, CPR/CVR and case numbers found, with CPR serials masked (for enrichment and display). */
  entities: z.unknown().optional(),
  /** The detected handlingsfacet (added within version 1: optional, so older rows read as "none detected"). */
  facet: z
    .object({
      kind: z.enum(['aktindsigt', 'klage', 'indsigelse', 'ansoegning', 'anmeldelse', 'partshoering']),
      code: z.string().nullable(),
      name: z.string(),
      confidence: z.number(),
      reasons: z.array(ReasonSchema).default([]),
    })
    .optional(),
});

/**
 * What the routing-safety gate saw (core/stages/route-safety.ts SafetyRecord): the top destination's
 * probability, what the item needed, and the three likeliest destinations. Risk control learns the
 * tenant's threshold from these (db/routing-decisions.ts).
 */
export const SafetyRecordSchema = z.object({
  basis: z.enum(['classifier', 'statement']),
  destination: z.string().nullable(),
  probability: z.number(),
  required: z.number(),
  safe: z.boolean(),
  why: z.enum(['below_threshold', 'close_destinations', 'no_destination']).optional(),
  shares: z.array(z.object({ destination: z.string().nullable(), probability: z.number(), emner: z.array(z.string()) })).default([]),
});

/** route: a rule routed the item, or it was parked with suggestions; or a person placed it (manual). */
export const RouteOutcomeSchema = z.object({
  v: version1,
  status: z.enum(['routed', 'parked', 'failed']),
  destination: z.string().nullable().default(null),
  ruleId: z.string().nullable().default(null),
  ruleSetVersion: z.string().optional(),
  trace: z.array(RuleTraceSchema).default([]),
  suggestions: z.array(SuggestionSchema).default([]),
  /** Set when a person placed the item (re-distribution) rather than a rule. */
  manual: z.boolean().optional(),
  /**
   * The KLE emne of a placing: the one the person gave, or one inferred from the destination (kleInferred);
   * also the emne the routing-safety gate inferred when it routed a parked item by destination probability.
   */
  kle: z.string().nullable().optional(),
  /** `kle` is the best candidate that routes to the destination, not a stated or chosen emne (not confirmed, not learned). */
  kleInferred: z.boolean().optional(),
  /**
   * The routing-safety gate's record (added within version 1: optional, so older rows and manual placings
   * have none). Absent also for junk, which no rule and no gate sees.
   */
  safety: SafetyRecordSchema.optional(),
  by: z.string().optional(),
  /**
   * Set when the item is junk or machine mail (classifiers/junk.ts): parked before any rule, never routed.
   * `action` is the tenant's junk policy; `keepUntil` (ISO date) when it keeps junk for a number of days.
   * Added to version 1 as optional: older rows simply have no junk verdict.
   */
  junk: z.object({
    kinds: z.array(z.string()),
    action: z.enum(['park', 'keep']),
    keepUntil: z.string().optional(),
  }).optional(),
});

/** deliver: handed over, refused in a way that sends it back to the rest mailbox, or a failed shipment. */
export const DeliverOutcomeSchema = z.object({
  v: version1,
  status: z.enum(['delivered', 'parked', 'failed', 'resent']).default('delivered'),
  destination: z.string().nullable().default(null),
  transactionId: z.string().optional(),
  reference: z.string().optional(),
  receipt: z.string().optional(),
});

/** receipt: the receiver's business receipt for a delivery round. */
export const ReceiptOutcomeSchema = z.object({
  v: version1,
  status: z.enum(['accepted', 'rejected', 'failed']),
  code: z.enum(['ACCEPTERET', 'AFVIST', 'FEJLET']),
  destination: z.string().nullable().default(null),
  transactionId: z.string(),
  reason: z.string().optional(),
});

/** park: an item sent to the rest mailbox outside routing (e.g. a receiver with no emne). */
export const ParkOutcomeSchema = z.object({
  v: version1,
  status: z.literal('parked').default('parked'),
  destination: z.string().nullable().default(null),
});

/** ingest: only failures are decided here (bytes missing from the blob store after all retries). */
export const IngestOutcomeSchema = z.object({
  v: version1,
  status: z.enum(['received', 'failed']).default('failed'),
});

export const OUTCOME_SCHEMAS = {
  ingest: IngestOutcomeSchema,
  extract: ExtractOutcomeSchema,
  classify: ClassifyOutcomeSchema,
  route: RouteOutcomeSchema,
  deliver: DeliverOutcomeSchema,
  receipt: ReceiptOutcomeSchema,
  park: ParkOutcomeSchema,
} as const;

/** The item stages decisions and events are recorded under. */
export type DecisionStage = keyof typeof OUTCOME_SCHEMAS;
export const DECISION_STAGES = Object.keys(OUTCOME_SCHEMAS) as DecisionStage[];

export type OutcomeOf<S extends DecisionStage> = z.infer<(typeof OUTCOME_SCHEMAS)[S]>;
/** What a stage writes: the version may be left out (the current one is stamped). */
export type OutcomeInput<S extends DecisionStage> = z.input<(typeof OUTCOME_SCHEMAS)[S]>;

export type ExtractOutcome = OutcomeOf<'extract'>;
export type ClassifyOutcome = OutcomeOf<'classify'>;
export type RouteOutcome = OutcomeOf<'route'>;
export type DeliverOutcome = OutcomeOf<'deliver'>;
export type ReceiptOutcome = OutcomeOf<'receipt'>;

/** A stored outcome that no schema version accepts: a defect or a hand-edited row, never silently used. */
export class InvalidOutcomeError extends Error {
  override readonly name = 'InvalidOutcomeError';
}

/** Reads a stored outcome of `stage` through its schema (upgrading older versions). */
export function parseOutcome<S extends DecisionStage>(stage: S, raw: unknown): OutcomeOf<S> {
  const parsed = OUTCOME_SCHEMAS[stage].safeParse(raw ?? {});
  if (!parsed.success) throw new InvalidOutcomeError(`stored ${stage} outcome does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as OutcomeOf<S>;
}
