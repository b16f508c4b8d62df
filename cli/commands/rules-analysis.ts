// `fordeler rules validate|import|simulate|suggest`: the commands that need the rule engine, the validator
// and the KLE catalogue; loaded only when one of them runs (the store-only commands are in rules.ts).
import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { createKleCatalog } from '../../classifiers/kle-catalog.js';
import { suggestionHistory } from '../../db/suggestion-history.js';
import { createRouter } from '../../rules/router.js';
import { parseRuleFile } from '../../rules/schema.js';
import { formatSimulation } from '../../rules/simulate.js';
import { maskedJson } from '../json-output.js';
import { suggestRules, withSuggestion } from '../../rules/suggest.js';
import { formatProblems, validateRuleSet } from '../../rules/validate.js';
import { simulateRuleSet } from '../../worker/actions/rule-set-simulation.js';
import { loadKleData } from '../../worker/adapters/kle-data.js';
import { actorOf, say, withRuleSets } from './rules.js';

/** Checks a rule file; prints errors and warnings; exit code 1 when there are errors. */
export async function rulesValidate(file: string, options: { json?: boolean }): Promise<number> {
  const result = validateRuleSet(JSON.parse(await readFile(file, 'utf8')), { catalog: createKleCatalog(loadKleData()) });
  say(options.json ? JSON.stringify(result, null, 2) : formatProblems(result) || `${file}: no problems found`);
  return result.ok ? 0 : 1;
}

export async function rulesImport(file: string, options: { name?: string; by?: string }): Promise<number> {
  const body: unknown = JSON.parse(await readFile(file, 'utf8'));
  // The journal function sees every problem at once, named by rule and field, before anything is stored.
  const checked = validateRuleSet(body, { catalog: createKleCatalog(loadKleData()) });
  if (checked.errors.length + checked.warnings.length > 0) process.stderr.write(`${formatProblems(checked)}\n`);
  if (!checked.ok) return 1;
  return withRuleSets(async (store) => {
    const draft = await store.createDraft({ name: options.name ?? file, body, actor: actorOf(options) });
    say(`draft ${draft.version} created from ${file}; publish it with: fordeler rules publish ${draft.version}`);
    return 0;
  });
}

/** Routes the items of the last N days again with a draft (a version or a rule file) and reports the changes. */
export async function rulesSimulate(draft: string, options: { days?: string; json?: boolean }): Promise<number> {
  const days = Number(options.days ?? 30);
  if (!(days > 0)) throw new Error(`--days must be a positive number, not ${options.days}`);
  return withRuleSets(async (store, tenant, db) => {
    const stored = /^v\d+$/.test(draft) ? await store.find(draft) : undefined;
    const body: unknown = stored ? stored.body : JSON.parse(await readFile(draft, 'utf8'));
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
    let shown = false;
    // The tenant's default routing settings (a 1 % target); a work file's fixed threshold or other target is not read here.
    const { report, safety } = await simulateRuleSet(db, tenant, {
      body,
      ...(stored ? { version: stored.version } : {}),
      since: new Date(Date.now() - days * 86_400_000),
      onItems: (count) => {
        if (!bar || count < 2) return;
        bar.start(count, 0);
        shown = true;
      },
      onProgress: (done) => {
        if (shown) bar?.update(done);
      },
    });
    if (shown) bar?.stop();
    const what = `rule set ${stored?.version ?? draft} on the last ${days} days (routing-safety threshold ${safety.safety.threshold})`;
    say(options.json ? maskedJson({ ...report, routingSafetyThreshold: safety.safety.threshold }, 2) : formatSimulation(report, what));
    return 0;
  });
}

/** Rules proposed from staff decisions; `--apply <n>` makes suggestion n a new draft in one step. */
export async function rulesSuggest(options: { apply?: string; by?: string; json?: boolean; rules?: string }): Promise<number> {
  return withRuleSets(async (store, tenant, db) => {
    const current = await store.published();
    const body: unknown = current ? current.body : options.rules ? JSON.parse(await readFile(options.rules, 'utf8')) : undefined;
    if (body === undefined) throw new Error('no published rule set: publish one, or give the rule file in use with --rules');
    const suggestions = suggestRules(await suggestionHistory(db, tenant, createRouter(parseRuleFile(body))));
    if (options.apply !== undefined) {
      const chosen = suggestions[Number(options.apply) - 1];
      if (!chosen) throw new Error(`there is no suggestion ${options.apply} (there are ${suggestions.length})`);
      const draft = await store.createDraft({ name: `forslag: ${chosen.trait.kind} ${chosen.trait.value} → ${chosen.destination}`, body: withSuggestion(body as Record<string, unknown>, chosen), actor: actorOf(options) });
      say(`draft ${draft.version} created with the suggested rule; check it with: fordeler rules simulate ${draft.version}`);
      return 0;
    }
    if (options.json) say(JSON.stringify(suggestions, null, 2));
    else if (suggestions.length === 0) say('no suggestions: staff decisions show no trait the rules miss');
    else suggestions.forEach((x, i) => say(`${String(i + 1).padStart(3)}. ${x.trait.kind} ${x.trait.value} → ${x.destination}: ${x.support} items, precision ${(100 * x.precision).toFixed(0)} %, would fix ${x.wouldFix}`));
    return 0;
  });
}
