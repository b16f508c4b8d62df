// Rule sets, their validation problems, simulations and audit lines as the API shows them: Danish text
// for each validation code beside the validator's own (English) explanation, file names through the one
// CPR masker, and a simulation's item lists cut to what the caller may read. Pure apart from the types.
import type { z } from 'zod';
import type { Publication } from '../db/rule-set-history.js';
import type { AuditEntry, StoredRuleSet } from '../db/rule-set-store.js';
import type { RuleProblem, ValidationResult } from '../rules/validate.js';
import { causingRule, type SimulationReport } from '../rules/simulate.js';
import type { SafetyChoice } from '../worker/runtime/knowledge.js';
import { mask } from './item-views.js';
import type { DiffSummarySchema, RuleProblemView, RuleSetSchema, RuleSetSummarySchema, SimulationSchema } from './rule-set-schemas.js';

/** What each validation code (rules/validate.ts) means, in Danish for the journal function. */
const DANISH: Record<string, string> = {
  'rule.schema': 'Feltet har ikke den form, en regelfil kræver',
  'rule.unknown_fact': 'Betingelsen bruger et faktum, Fordeler ikke kender',
  'rule.unknown_operator': 'Ukendt operator',
  'rule.unknown_destination': 'Modtageren findes ikke under destinations',
  'rule.duplicate_id': 'To regler har samme id',
  'rule.invalid_regex': 'Det regulære udtryk er ugyldigt',
  'rule.regex_unsupported': 'Det regulære udtryk bruger noget, RE2 ikke kan (fx lookaround eller tilbagereferencer)',
  'rule.kle_pattern_invalid': 'KLE-mønsteret skal have formen NN.NN.NN, NN.NN.* eller NN.*',
  'rule.kle_pattern_matches_nothing': 'KLE-mønsteret passer ikke på noget gældende emne',
  'rule.shadowed': 'Reglen kan aldrig komme til: en tidligere regel fanger de samme forsendelser',
  'rule.overlap': 'To regler med hver sin modtager kan fange de samme forsendelser',
};

function problemView(problem: RuleProblem, severity: RuleProblemView['severity']): RuleProblemView {
  const what = DANISH[problem.code] ?? 'Regelfilen har en fejl';
  const ruleId = problem.ruleId === null ? null : mask(problem.ruleId);
  const where = [ruleId ? `regel ${ruleId}` : null, problem.field ? `felt ${problem.field}` : null].filter(Boolean).join(', ');
  return { code: problem.code, severity, ruleId, path: problem.field, message: where ? `${what} (${where})` : what, detail: mask(problem.message) };
}

export function validationView(result: ValidationResult): { ok: boolean; errors: RuleProblemView[]; warnings: RuleProblemView[] } {
  return { ok: result.ok, errors: result.errors.map((p) => problemView(p, 'error')), warnings: result.warnings.map((p) => problemView(p, 'warning')) };
}

export function ruleSetSummary(stored: StoredRuleSet, publications: ReadonlyMap<string, Publication>): z.infer<typeof RuleSetSummarySchema> {
  return {
    version: stored.version,
    name: stored.name,
    status: stored.status,
    createdAt: stored.createdAt.toISOString(),
    createdBy: stored.createdBy,
    publishedAt: stored.publishedAt?.toISOString() ?? null,
    publishedBy: stored.publishedAt ? (publications.get(stored.version)?.actor ?? null) : null,
  };
}

export function ruleSetView(stored: StoredRuleSet, publications: ReadonlyMap<string, Publication>): z.infer<typeof RuleSetSchema> {
  return { ...ruleSetSummary(stored, publications), rules: (stored.body ?? {}) as Record<string, unknown> };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** An audit line's stored diff (rules/diff.ts plus the version compared with), counted and named. */
export function diffSummary(diff: Record<string, unknown> | null): z.infer<typeof DiffSummarySchema> | null {
  if (!diff) return null;
  const compared = diff.comparedWith ?? diff.replaced;
  const view = {
    rulesAdded: strings(diff.added),
    rulesRemoved: strings(diff.removed),
    rulesChanged: strings(diff.changed),
    destinationsAdded: strings(diff.destinationsAdded),
    destinationsRemoved: strings(diff.destinationsRemoved),
    destinationsChanged: strings(diff.destinationsChanged),
    comparedWith: typeof compared === 'string' ? compared : null,
  };
  const destinations = view.destinationsAdded.length + view.destinationsRemoved.length + view.destinationsChanged.length;
  const text = `+${view.rulesAdded.length} −${view.rulesRemoved.length} ~${view.rulesChanged.length} regler${destinations ? `, ${destinations} modtagere ændret` : ''}${view.comparedWith ? ` i forhold til ${view.comparedWith}` : ''}`;
  return { ...view, text };
}

export function auditView(entry: AuditEntry) {
  return { at: entry.at.toISOString(), actor: entry.actor, action: entry.action, subject: entry.subject, diff: diffSummary(entry.diff) };
}

/**
 * The simulation report with its counts whole (they name no item) and its item lists cut to `readable`: per
 * rule the changed items the caller may see, file names masked; the rest is counted in `notShown`.
 */
export function simulationView(
  report: SimulationReport,
  context: { version: string; from: Date; to: Date | null; safety: SafetyChoice; readable: ReadonlySet<string> },
): z.infer<typeof SimulationSchema> {
  const shown = report.changes.filter((change) => context.readable.has(change.itemId));
  return {
    version: context.version,
    period: { from: context.from.toISOString(), to: context.to?.toISOString() ?? null },
    routingSafety: { threshold: context.safety.safety.threshold, method: context.safety.method, decisions: context.safety.decisions },
    items: report.items,
    unchanged: report.unchanged,
    counts: report.counts,
    byRule: report.byRule.map((rule) => ({
      ruleId: rule.ruleId,
      changes: rule.changes,
      kinds: rule.kinds,
      items: shown.filter((change) => causingRule(change) === rule.ruleId).map((change) => ({ ...change, fileName: mask(change.fileName) })),
    })),
    notShown: report.changes.length - shown.length,
  };
}
