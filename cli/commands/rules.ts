// `fordeler rules …` that only read or change the stored rule sets — list, export, audit, publish, rollback,
// stats. Kept apart from rules-analysis.ts (validate, import, simulate, suggest), so these commands load
// neither the rule engine nor the KLE catalogue and answer quickly.
import type { Db } from '../../db/connect.js';
import { createRuleSetStore, type RuleSetStore } from '../../db/rule-set-store.js';
import { ruleUsage } from '../../db/rule-stats.js';
import type { TenantScope } from '../../db/tenant-scope.js';
import { withDatabase } from '../with-database.js';

export function withRuleSets<T>(work: (store: RuleSetStore, tenant: TenantScope, db: Db) => Promise<T>): Promise<T> {
  return withDatabase(({ db }, config) => {
    const tenant = { tenantId: config.tenantId };
    return work(createRuleSetStore(db, tenant), tenant, db);
  });
}

export const actorOf = (options: { by?: string }): string => options.by ?? process.env.USER ?? 'unknown';
export const say = (text: string) => process.stdout.write(`${text}\n`);

export async function rulesPublish(version: string, options: { by?: string }): Promise<number> {
  return withRuleSets(async (store, tenant) => {
    const published = await store.publish(version, actorOf(options));
    say(`${published.version} is now the published rule set of ${tenant.tenantId}`);
    return 0;
  });
}

export async function rulesList(): Promise<number> {
  return withRuleSets(async (store) => {
    for (const r of await store.list()) say(`${r.version.padEnd(5)} ${r.status.padEnd(9)} ${r.createdAt.toISOString().slice(0, 16)}  ${r.createdBy ?? ''}  ${r.name}`);
    return 0;
  });
}

export async function rulesExport(version: string): Promise<number> {
  return withRuleSets(async (store) => {
    const found = await store.find(version);
    if (!found) throw new Error(`rule set ${version} does not exist`);
    say(JSON.stringify(found.body, null, 2));
    return 0;
  });
}

export async function rulesAudit(options: { json?: boolean }): Promise<number> {
  return withRuleSets(async (store) => {
    const entries = await store.audit();
    if (options.json) say(JSON.stringify(entries, null, 2));
    else for (const e of entries) say(`${e.at.toISOString().slice(0, 19)}  ${e.actor}  ${e.action}  ${e.subject}  ${summary(e.diff)}`);
    return 0;
  });
}

function summary(diff: Record<string, unknown> | null): string {
  if (!diff) return '';
  const count = (key: string) => (Array.isArray(diff[key]) ? (diff[key] as unknown[]).length : 0);
  return `+${count('added')} −${count('removed')} ~${count('changed')} rules`;
}

/** Matches per rule over the last N days, with the last match (for the journal function and the UI). */
export async function rulesStats(options: { days?: string; json?: boolean }): Promise<number> {
  const days = Number(options.days ?? 30);
  return withRuleSets(async (_store, tenant, db) => {
    const usage = await ruleUsage(db, tenant, new Date(Date.now() - days * 86_400_000));
    if (options.json) say(JSON.stringify(usage, null, 2));
    else for (const u of usage) say(`${u.ruleId.padEnd(32)} ${String(u.total).padStart(6)}  last ${u.lastMatch.toISOString().slice(0, 16)}  (rule set ${u.ruleSetVersion ?? '?'})`);
    return 0;
  });
}
