// The JSON Lines contract of `fordeler process --json` as a zod schema: one object per input item.
// Other tools (scorers, dashboards) rely on it, so tests check every line against it.
import { z } from 'zod';

const ReasonSchema = z.object({ code: z.string().min(1), message: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() });

export const ItemReportSchema = z.object({
  source: z.string().min(1),
  itemId: z.string(),
  channel: z.enum(['email', 'digitalpost', 'scan']),
  kle: z.object({
    nr: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/).nullable(),
    confidence: z.number().min(0).max(1),
    source: z.enum(['metadata', 'classifier', 'rule', 'none']),
    candidates: z.array(z.object({ nr: z.string(), score: z.number() })),
  }),
  decision: z.object({
    status: z.enum(['routed', 'parked', 'failed']),
    destination: z.string().nullable(),
    ruleId: z.string().nullable(),
    reasons: z.array(ReasonSchema),
  }),
  suggestions: z.array(
    z.object({ kle: z.string(), title: z.string().optional(), score: z.number(), destination: z.string().nullable(), ruleId: z.string().nullable() }),
  ),
  sensitive: z.array(z.enum(['children', 'health', 'criminal'])),
  subject: z.string().optional(),
});
