// A route decision as a person reads it: which rules were tried in order, what each condition saw and
// whether it held ("not evaluated" where json-rules-engine stopped early), and why the winner won. What a
// condition saw is letter text or metadata, so CPR numbers in it are masked (the one shared masker).
import { maskCprFully } from '../classifiers/entities/index.js';
import type { Reason, RuleTrace } from '../core/model.js';

export interface ExplainInput {
  status: string;
  destination: string | null;
  ruleId: string | null;
  ruleSetVersion?: string | null;
  trace: RuleTrace[];
  /** The handlingsfacet detected beside the emne; null when none was; absent when not known. */
  facet?: { name: string; code: string | null; confidence: number; reasons?: Reason[] } | null;
}

const show = (value: unknown): string => {
  const text = maskCprFully(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

export function formatExplanation(decision: ExplainInput): string {
  const lines = [
    decision.status === 'routed'
      ? `routed to ${decision.destination} by rule ${decision.ruleId} (rule set ${decision.ruleSetVersion ?? '?'})`
      : `parked: no rule matched (rule set ${decision.ruleSetVersion ?? '?'})`,
    '',
    'rules tried, in evaluation order (higher priority first, then file order):',
  ];
  if (decision.facet !== undefined) lines.splice(1, 0, facetLine(decision.facet));
  for (const rule of decision.trace) {
    const mark = rule.matched ? '✔' : '✘';
    lines.push(`${mark} ${rule.ruleId}${rule.name && rule.name !== rule.ruleId ? ` — ${rule.name}` : ''}  (priority ${rule.priority}${rule.destination ? ` → ${rule.destination}` : ''})`);
    for (const c of rule.conditions) {
      const result = c.result === 'not-evaluated' ? 'not evaluated' : c.result ? 'true' : 'false';
      lines.push(`    ${c.fact}${c.path ? c.path : ''} ${c.operator} ${show(c.value)}: saw ${c.result === 'not-evaluated' ? '–' : show(c.factValue)} → ${result}`);
    }
  }
  if (decision.status === 'routed') {
    lines.push('', `${decision.ruleId} won: it is the first rule in evaluation order whose conditions all held.`);
  }
  return lines.join('\n');
}

/** "handlingsfacet: Aktindsigt (A53), confidence 0.88 — "aktindsigt" found in subject; …" (words only, masked). */
function facetLine(facet: NonNullable<ExplainInput['facet']> | null): string {
  if (facet === null) return 'handlingsfacet: none detected';
  const why = (facet.reasons ?? []).map((reason) => maskCprFully(reason.message)).join('; ');
  return `handlingsfacet: ${facet.name}${facet.code ? ` (${facet.code})` : ''}, confidence ${facet.confidence}${why ? ` — ${why}` : ''}`;
}
