// The JSON Lines contract of `fordeler process --json`: one object per input file. Other tools (scorers,
// dashboards) rely on it, so the type lives here with its zod schema and tests check every line against it.
import { z } from 'zod';
import type { Channel, KleSource, Reason, Suggestion } from './model.js';

/** One line of `fordeler process --json`. */
export interface ItemReport {
  source: string;
  itemId: string;
  channel: Channel;
  kle: {
    nr: string | null;
    confidence: number;
    source: KleSource;
    candidates: { nr: string; score: number }[];
  };
  decision: {
    status: 'routed' | 'parked' | 'failed';
    destination: string | null;
    ruleId: string | null;
    reasons: Reason[];
  };
  suggestions: Suggestion[];
  /** Special-category topics found (`children`, `health`, `criminal`). */
  sensitive: string[];
  subject?: string;
}

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
