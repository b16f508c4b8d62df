// Simulation: what would a draft rule set change on post already received? Each item is routed again on
// its stored content and classification (no re-extraction, no OCR) and compared with what happened — the
// way the route stage routes: junk stays parked whatever the rules say, and the caller's `gate` — the
// route stage's routing-safety gate (core/stages/route-safety.ts), which rules/ may not import — judges what
// the draft's rules decide.
import type { Classification, ExtractedContent, RouteDecision } from '../core/model.js';
import type { Router } from '../core/ports.js';

/** What the route stage does to the rules' decision after them (the routing-safety gate). */
export type RouteGate = (decision: RouteDecision, item: SimulationItem, draft: Router) => RouteDecision;

export interface SimulationItem {
  itemId: string;
  fileName: string;
  subject: string | null;
  content: ExtractedContent;
  classification: Classification;
  /** The classify stage flagged it sensitive (children, health, criminal): the gate asks more. */
  sensitive: boolean;
  /** The route stage parked it as junk or machine mail: no rule set routes it. */
  junk: boolean;
  current: { status: 'routed' | 'parked'; destination: string | null; ruleId: string | null };
}

export type ChangeKind = 'newly_routed' | 'routed_elsewhere' | 'newly_parked';

export interface SimulatedChange {
  itemId: string;
  fileName: string;
  kind: ChangeKind;
  from: { destination: string | null; ruleId: string | null };
  to: { destination: string | null; ruleId: string | null };
}

export interface SimulationReport {
  items: number;
  unchanged: number;
  changes: SimulatedChange[];
  counts: Record<ChangeKind, number>;
  /** Per rule of the draft (or `(no rule)` for items that would be parked): changes it causes. */
  byRule: { ruleId: string; changes: number; kinds: Partial<Record<ChangeKind, number>>; examples: string[] }[];
}

const EXAMPLES_PER_RULE = 3;

export async function simulate(
  items: readonly SimulationItem[],
  draft: Router,
  onProgress?: (done: number, total: number) => void,
  gate: RouteGate = (decision) => decision,
): Promise<SimulationReport> {
  const changes: SimulatedChange[] = [];
  let unchanged = 0;
  for (const [index, item] of items.entries()) {
    const decision = item.junk ? PARKED : gate(await draft.route(item.content, item.classification), item, draft);
    const to = { destination: decision.destination, ruleId: decision.ruleId };
    const kind = changeKind(item.current, decision.status, decision.destination);
    if (kind) changes.push({ itemId: item.itemId, fileName: item.fileName, kind, from: { destination: item.current.destination, ruleId: item.current.ruleId }, to });
    else unchanged++;
    onProgress?.(index + 1, items.length);
  }
  const counts: Record<ChangeKind, number> = { newly_routed: 0, routed_elsewhere: 0, newly_parked: 0 };
  const rules = new Map<string, SimulationReport['byRule'][number]>();
  for (const change of changes) {
    counts[change.kind]++;
    const ruleId = causingRule(change);
    const entry = rules.get(ruleId) ?? { ruleId, changes: 0, kinds: {}, examples: [] };
    entry.changes++;
    entry.kinds[change.kind] = (entry.kinds[change.kind] ?? 0) + 1;
    if (entry.examples.length < EXAMPLES_PER_RULE) entry.examples.push(change.fileName);
    rules.set(ruleId, entry);
  }
  return { items: items.length, unchanged, changes, counts, byRule: [...rules.values()].sort((a, b) => b.changes - a.changes || a.ruleId.localeCompare(b.ruleId)) };
}

/** The rule a change is counted under in `byRule`: a newly parked item is caused by the rule that no longer catches it. */
export function causingRule(change: Pick<SimulatedChange, 'kind' | 'from' | 'to'>): string {
  return change.kind === 'newly_parked' ? (change.from.ruleId ?? '(no rule)') : (change.to.ruleId ?? '(no rule)');
}

const PARKED: Pick<RouteDecision, 'status' | 'destination' | 'ruleId'> = { status: 'parked', destination: null, ruleId: null };

function changeKind(current: SimulationItem['current'], status: 'routed' | 'parked', destination: string | null): ChangeKind | null {
  if (current.status === 'parked') return status === 'routed' ? 'newly_routed' : null;
  if (status === 'parked') return 'newly_parked';
  return destination === current.destination ? null : 'routed_elsewhere';
}

export function formatSimulation(report: SimulationReport, what: string): string {
  const lines = [
    `${what}: ${report.items} items, ${report.unchanged} unchanged; ${report.counts.newly_routed} newly routed, ${report.counts.routed_elsewhere} routed elsewhere, ${report.counts.newly_parked} newly parked`,
  ];
  if (report.byRule.length > 0) lines.push('', 'by rule:');
  for (const rule of report.byRule) {
    const kinds = Object.entries(rule.kinds).map(([k, n]) => `${k.replace('_', ' ')} ${n}`).join(', ');
    lines.push(`  ${rule.ruleId}: ${rule.changes} (${kinds}); e.g. ${rule.examples.join(', ')}`);
  }
  if (report.changes.length > 0) lines.push('', 'changes:');
  for (const c of report.changes.slice(0, 200)) lines.push(`  ${c.fileName}  ${c.kind.replace('_', ' ')}: ${c.from.destination ?? 'rest'} (${c.from.ruleId ?? '–'}) → ${c.to.destination ?? 'rest'} (${c.to.ruleId ?? '–'})`);
  return lines.join('\n');
}
