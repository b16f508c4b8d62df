// Request and response shapes of the rule-set routes (api/routes/rule-sets.ts) as zod schemas: Fastify
// validates and serializes with them and the OpenAPI document is generated from them. Kept apart from
// api/schemas.ts (the item routes) so each file has one subject.
import { z } from 'zod';
import { ProblemSchema } from './problem.js';

const IsoDate = z.string().describe('ISO 8601');
const DateOrTime = z.iso.datetime({ offset: true }).or(z.iso.date());

export const VersionParams = z.object({ version: z.string().regex(/^v\d{1,6}$/, 'vN').describe('Versionen, fx v3') });

export const RuleSetStatusSchema = z.enum(['draft', 'published', 'retired']);

export const RuleSetSummarySchema = z.object({
  version: z.string(),
  name: z.string(),
  status: RuleSetStatusSchema,
  createdAt: IsoDate,
  createdBy: z.string().nullable(),
  publishedAt: IsoDate.nullable().describe('Seneste offentliggørelse (også ved tilbagerulning)'),
  publishedBy: z.string().nullable(),
});
export const RuleSetListSchema = z.object({ ruleSets: z.array(RuleSetSummarySchema) });

/** The rule file as JSON (routing-table and/or json-rules-engine form, see docs/rules.md). */
export const RuleFileBody = z.record(z.string(), z.unknown()).describe('Regelfilen (JSON), som `fordeler rules import` læser');
export const RuleSetSchema = RuleSetSummarySchema.extend({ rules: RuleFileBody });

export const DraftQuery = z.object({ name: z.string().trim().min(1).max(200).optional().describe('Navn til en ny kladde') });

export const RuleProblemViewSchema = z.object({
  code: z.string().describe('Stabil kode, fx rule.unknown_destination'),
  severity: z.enum(['error', 'warning']),
  ruleId: z.string().nullable(),
  path: z.string().describe('JSON-stien til feltet, fx kleRoutes[3].pattern'),
  message: z.string().describe('Problemet på dansk'),
  detail: z.string().describe('Validatorens uddybning (engelsk; CPR-numre maskeret)'),
});
export type RuleProblemView = z.infer<typeof RuleProblemViewSchema>;

export const ValidationSchema = z.object({ ok: z.boolean(), errors: z.array(RuleProblemViewSchema), warnings: z.array(RuleProblemViewSchema) });
/** 422: a problem (rule_set_invalid) with the list beside it. */
export const InvalidRuleSetSchema = ProblemSchema.extend({ errors: z.array(RuleProblemViewSchema), warnings: z.array(RuleProblemViewSchema) }).describe('RFC 9457 problem details with the problems found');

export const SavedDraftSchema = RuleSetSchema.extend({ warnings: z.array(RuleProblemViewSchema) });

export const SimulateBody = z
  .object({
    days: z.number().int().min(1).max(366).optional().describe('De seneste N dage (standard 30), som `fordeler rules simulate --days`'),
    from: DateOrTime.optional().describe('Modtaget fra (i stedet for days)'),
    to: DateOrTime.optional().describe('Modtaget før'),
  })
  .strict();

const Target = z.object({ destination: z.string().nullable(), ruleId: z.string().nullable() });
export const ChangeKindSchema = z.enum(['newly_routed', 'routed_elsewhere', 'newly_parked']);
export const SimulatedChangeSchema = z.object({ itemId: z.string(), fileName: z.string().describe('CPR-numre maskeret'), kind: ChangeKindSchema, from: Target, to: Target });

export const SimulationSchema = z.object({
  version: z.string(),
  period: z.object({ from: IsoDate, to: IsoDate.nullable() }),
  routingSafety: z.object({ threshold: z.number(), method: z.enum(['conformal', 'default', 'fixed']), decisions: z.number().int() }),
  items: z.number().int().describe('Forsendelser i perioden, der blev rutet igen'),
  unchanged: z.number().int(),
  counts: z.record(ChangeKindSchema, z.number().int()),
  byRule: z.array(
    z.object({
      ruleId: z.string().describe('Reglen der giver ændringen; `(no rule)` når forsendelsen ville blive parkeret'),
      changes: z.number().int(),
      kinds: z.partialRecord(ChangeKindSchema, z.number().int()),
      items: z.array(SimulatedChangeSchema).describe('Kun forsendelser, du må se'),
    }),
  ),
  notShown: z.number().int().describe('Ændringer i forsendelser uden for din adgang: talt med, ikke vist'),
});

export const PublishBody = z.object({}).strict();
export const RollbackBody = z.object({ version: VersionParams.shape.version.describe('En tidligere offentliggjort version') }).strict();

export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const DiffSummarySchema = z.object({
  rulesAdded: z.array(z.string()),
  rulesRemoved: z.array(z.string()),
  rulesChanged: z.array(z.string()),
  destinationsAdded: z.array(z.string()),
  destinationsRemoved: z.array(z.string()),
  destinationsChanged: z.array(z.string()),
  comparedWith: z.string().nullable().describe('Versionen der er sammenlignet med'),
  text: z.string().describe('Kort på dansk, fx "+1 −0 ~2 regler"'),
});
export const AuditEntrySchema = z.object({ at: IsoDate, actor: z.string(), action: z.string(), subject: z.string(), diff: DiffSummarySchema.nullable() });
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema) });
