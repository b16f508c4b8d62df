// A route decision as a person reads it: which rules were tried in order, what each condition saw and
// whether it held ("not evaluated" where json-rules-engine stopped early), and why the winner won — or
// why the routing-safety gate overruled the rules (core/stages/route-safety.ts): a rule's route parked as
// unsafe, or a parked item routed by destination probability. What a condition saw is letter text or
// metadata, so CPR numbers in it are masked (the one shared masker).
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
  /** The decision's reasons: the routing-safety gate's (route.destination_unsafe, route.destination_probability) are shown. */
  reasons?: Reason[];
  /** What the routing-safety gate saw (the stored SafetyRecord); absent for decisions from before the gate. */
  safety?: { basis: 'classifier' | 'statement'; destination: string | null; probability: number; required: number; safe: boolean; shares?: { destination: string | null; probability: number }[] };
}

const GATE_CODES = ['route.destination_unsafe', 'route.destination_probability'];
const percent = (p: number): string => `${Math.round(p * 100)} %`;

const show = (value: unknown): string => {
  const text = maskCprFully(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

export function formatExplanation(decision: ExplainInput): string {
  const gate = decision.reasons?.find((reason) => GATE_CODES.includes(reason.code));
  const lines = [headline(decision, gate), '', 'rules tried, in evaluation order (higher priority first, then file order):'];
  const before = [
    ...(decision.facet !== undefined ? [facetLine(decision.facet)] : []),
    ...(gate ? [`routing safety: ${maskCprFully(gate.message)}`] : []),
    ...(decision.safety?.basis === 'classifier' ? [safetyLine(decision.safety)] : []),
  ];
  lines.splice(1, 0, ...before);
  for (const rule of decision.trace) {
    const mark = rule.matched ? '✔' : '✘';
    lines.push(`${mark} ${rule.ruleId}${rule.name && rule.name !== rule.ruleId ? ` — ${rule.name}` : ''}  (priority ${rule.priority}${rule.destination ? ` → ${rule.destination}` : ''})`);
    for (const c of rule.conditions) {
      const result = c.result === 'not-evaluated' ? 'not evaluated' : c.result ? 'true' : 'false';
      lines.push(`    ${c.fact}${c.path ? c.path : ''} ${c.operator} ${show(c.value)}: saw ${c.result === 'not-evaluated' ? '–' : show(c.factValue)} → ${result}`);
    }
  }
  if (decision.status === 'routed' && !gate) {
    lines.push('', `${decision.ruleId} won: it is the first rule in evaluation order whose conditions all held.`);
  }
  return lines.join('\n');
}

function headline(decision: ExplainInput, gate: Reason | undefined): string {
  const version = `(rule set ${decision.ruleSetVersion ?? '?'})`;
  if (gate?.code === 'route.destination_probability') {
    return `routed to ${decision.destination} by destination probability: no rule matched, but the likely emner all go there ${version}`;
  }
  if (gate?.code === 'route.destination_unsafe') {
    return `parked by the routing-safety gate: rule ${String(gate.data?.ruleId ?? '?')} would route to ${String(gate.data?.destination ?? '?')} ${version}`;
  }
  return decision.status === 'routed' ? `routed to ${decision.destination} by rule ${decision.ruleId} ${version}` : `parked: no rule matched ${version}`;
}

/** "destination probability: KY 60 % (requires 80 %), KSD 20 %: not safe" — what the gate judged on the guessed emne. */
function safetyLine(safety: NonNullable<ExplainInput['safety']>): string {
  const shares = (safety.shares ?? []).map((share) => `${share.destination ?? 'no destination'} ${percent(share.probability)}`);
  const listed = shares.length ? shares.join(', ') : `${safety.destination ?? 'no destination'} ${percent(safety.probability)}`;
  return `destination probability: ${listed}; requires ${percent(safety.required)}: ${safety.safe ? 'safe' : 'not safe'}`;
}

/** "handlingsfacet: Aktindsigt (A53), confidence 0.88 — "aktindsigt" found in subject; …" (words only, masked). */
function facetLine(facet: NonNullable<ExplainInput['facet']> | null): string {
  if (facet === null) return 'handlingsfacet: none detected';
  const why = (facet.reasons ?? []).map((reason) => maskCprFully(reason.message)).join('; ');
  return `handlingsfacet: ${facet.name}${facet.code ? ` (${facet.code})` : ''}, confidence ${facet.confidence}${why ? ` — ${why}` : ''}`;
}
