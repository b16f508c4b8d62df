// The detail of one item as GET /api/v1/items/:id shows it: metadata, the latest classification with its
// reasons, the latest route decision with its explanation (the same text `fordeler explain` prints, built by
// rules/explain-format.ts from the stored decision) and the timeline of events. Every string that may quote
// the letter (reasons, rule traces, event data) passes the CPR masker.
import type { z } from 'zod';
import type { StoredDecision, StoredDecisionOf } from '../../core/ports.js';
import type { findPolicyItem } from '../../db/item-search.js';
import { formatExplanation } from '../../rules/explain-format.js';
import type { RouteContext } from '../context.js';
import { mask, maskOrNull, maskValue, suggestionViews, summaryView } from '../item-views.js';
import type { ItemDetailSchema } from '../schemas.js';

type Found = NonNullable<Awaited<ReturnType<typeof findPolicyItem>>>;
const isRoute = (d: StoredDecision): d is StoredDecisionOf<'route'> => d.stage === 'route';
const isClassify = (d: StoredDecision): d is StoredDecisionOf<'classify'> => d.stage === 'classify';

export async function itemDetail(ctx: RouteContext, { row }: Found): Promise<z.infer<typeof ItemDetailSchema>> {
  const [decisions, events] = await Promise.all([ctx.queries.listDecisions(row.id), ctx.queries.listEvents(row.id)]);
  const classified = decisions.filter(isClassify).at(-1);
  const routed = decisions.filter(isRoute).at(-1);
  const sender = row.extracted?.sender;
  const summary = summaryView({ ...row, sender: [sender?.name, sender?.email, sender?.id].filter(Boolean).join(' ') || null });
  return {
    item: { ...summary, source: mask(row.source), size: row.size, round: row.round, error: row.error ? maskValue(row.error) : null },
    classification: classified
      ? {
          nr: classified.outcome.nr,
          confidence: classified.outcome.confidence,
          source: classified.outcome.source,
          candidates: maskValue(classified.outcome.candidates),
          sensitive: classified.outcome.sensitive,
          facet: classified.outcome.facet ? { name: classified.outcome.facet.name, code: classified.outcome.facet.code, confidence: classified.outcome.facet.confidence } : null,
          reasons: maskValue(classified.reasons),
        }
      : null,
    route: routed
      ? {
          status: routed.outcome.status,
          destination: routed.outcome.destination,
          ruleId: routed.outcome.ruleId,
          ruleSetVersion: routed.ruleSetVersion ?? routed.outcome.ruleSetVersion ?? null,
          manual: routed.outcome.manual === true,
          by: maskOrNull(routed.outcome.by),
          trace: maskValue(routed.outcome.trace),
          suggestions: suggestionViews(routed.outcome as unknown as Record<string, unknown>, 10),
          reasons: maskValue(routed.reasons),
          explanation: formatExplanation({
            status: routed.outcome.status,
            destination: routed.outcome.destination,
            ruleId: routed.outcome.ruleId,
            ruleSetVersion: routed.ruleSetVersion ?? routed.outcome.ruleSetVersion ?? null,
            trace: routed.outcome.trace,
            ...(classified?.outcome.facet !== undefined ? { facet: classified.outcome.facet } : {}),
          }),
        }
      : null,
    timeline: events.map((e) => ({ stage: e.stage, type: e.type, at: new Date(e.at).toISOString(), ...(e.data ? { data: maskValue(e.data) } : {}) })),
  };
}
