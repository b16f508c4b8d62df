// Rule sets per municipality: a draft is written and edited, then published; a published version never
// changes again (decisions name it). Publishing retires the previous version in the same transaction, and
// a rollback publishes an earlier version again. Every change is written to the append-only config audit.
// Bound to one tenant: another municipality's versions do not exist here.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { diffRuleSets } from '../rules/diff.js';
import { parseRuleFile, type RuleSet } from '../rules/schema.js';
import type { Db } from './connect.js';
import { configAudit, ruleSets } from './schema.js';
import { storableJson } from './storable.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export type RuleSetStatus = 'draft' | 'published' | 'retired';

export interface StoredRuleSet {
  version: string;
  name: string;
  status: RuleSetStatus;
  /** The rule file as imported (routing-table and/or json-rules-engine form). */
  body: unknown;
  createdAt: Date;
  createdBy: string | null;
  publishedAt: Date | null;
}

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  diff: Record<string, unknown> | null;
}

export class RuleSetError extends Error {
  override readonly name = 'RuleSetError';
}

export function createRuleSetStore(db: Db, scope: TenantScope) {
  const tenantId = boundTenant(scope);
  const toStored = (row: typeof ruleSets.$inferSelect): StoredRuleSet => ({
    version: row.version,
    name: row.name,
    status: row.status,
    body: row.body,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    publishedAt: row.publishedAt,
  });

  async function find(version: string, tx: Db = db): Promise<StoredRuleSet | undefined> {
    const [row] = await tx.select().from(ruleSets).where(and(eq(ruleSets.tenantId, tenantId), eq(ruleSets.version, version)));
    return row ? toStored(row) : undefined;
  }

  async function published(tx: Db = db): Promise<StoredRuleSet | undefined> {
    const [row] = await tx.select().from(ruleSets).where(and(eq(ruleSets.tenantId, tenantId), eq(ruleSets.status, 'published')));
    return row ? toStored(row) : undefined;
  }

  const parsedOrUndefined = (body: unknown): RuleSet | undefined => (body === undefined ? undefined : parseRuleFile(body));

  return {
    tenantId,
    find,
    published,

    async list(): Promise<StoredRuleSet[]> {
      return (await db.select().from(ruleSets).where(eq(ruleSets.tenantId, tenantId)).orderBy(asc(ruleSets.createdAt), asc(ruleSets.version))).map(toStored);
    },

    /** A new draft from a rule file; the body is validated first (errors name the rule and the field). */
    async createDraft(input: { name: string; body: unknown; actor: string }): Promise<StoredRuleSet> {
      const ruleSet = parseRuleFile(input.body);
      return db.transaction(async (tx) => {
        // Versions count up per municipality: v1, v2, … (serialised by the advisory lock below).
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rule_sets:${tenantId}`}))`);
        const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(ruleSets).where(eq(ruleSets.tenantId, tenantId));
        const version = `v${Number(n) + 1}`;
        const [row] = await tx
          .insert(ruleSets)
          .values({ tenantId, version, name: input.name, status: 'draft', body: storableJson(input.body), createdBy: input.actor })
          .returning();
        const current = await published(tx);
        await tx.insert(configAudit).values({
          tenantId,
          actor: input.actor,
          action: 'rule_set.draft_created',
          subject: version,
          before: null,
          after: storableJson(input.body),
          diff: storableJson({ ...diffRuleSets(parsedOrUndefined(current?.body), ruleSet), comparedWith: current?.version ?? null }),
        });
        return toStored(row!);
      });
    },

    async updateDraft(version: string, input: { body: unknown; actor: string }): Promise<StoredRuleSet> {
      const ruleSet = parseRuleFile(input.body);
      return db.transaction(async (tx) => {
        const existing = await find(version, tx);
        if (!existing) throw new RuleSetError(`rule set ${version} does not exist`);
        if (existing.status !== 'draft') throw new RuleSetError(`rule set ${version} is ${existing.status}: published versions never change; create a new draft`);
        const [row] = await tx
          .update(ruleSets)
          .set({ body: storableJson(input.body) })
          .where(and(eq(ruleSets.tenantId, tenantId), eq(ruleSets.version, version)))
          .returning();
        await tx.insert(configAudit).values({
          tenantId,
          actor: input.actor,
          action: 'rule_set.draft_updated',
          subject: version,
          before: storableJson(existing.body),
          after: storableJson(input.body),
          diff: storableJson({ ...diffRuleSets(parsedOrUndefined(existing.body), ruleSet) }),
        });
        return toStored(row!);
      });
    },

    /** Publishes a draft (or, as a rollback, an earlier version) and retires the current one. */
    async publish(version: string, actor: string): Promise<StoredRuleSet> {
      return db.transaction(async (tx) => {
        const target = await find(version, tx);
        if (!target) throw new RuleSetError(`rule set ${version} does not exist`);
        const current = await published(tx);
        if (current?.version === version) throw new RuleSetError(`rule set ${version} is already published`);
        const rollback = target.status === 'retired';
        if (current) await tx.update(ruleSets).set({ status: 'retired' }).where(and(eq(ruleSets.tenantId, tenantId), eq(ruleSets.version, current.version)));
        const [row] = await tx
          .update(ruleSets)
          .set({ status: 'published', publishedAt: new Date() })
          .where(and(eq(ruleSets.tenantId, tenantId), eq(ruleSets.version, version)))
          .returning();
        await tx.insert(configAudit).values({
          tenantId,
          actor,
          action: rollback ? 'rule_set.rolled_back' : 'rule_set.published',
          subject: version,
          before: current ? storableJson({ version: current.version }) : null,
          after: storableJson({ version }),
          diff: storableJson({ ...diffRuleSets(parsedOrUndefined(current?.body), parseRuleFile(target.body)), replaced: current?.version ?? null }),
        });
        return toStored(row!);
      });
    },

    /** Configuration changes, newest first. */
    async audit(limit = 100): Promise<AuditEntry[]> {
      const rows = await db.select().from(configAudit).where(eq(configAudit.tenantId, tenantId)).orderBy(desc(configAudit.id)).limit(limit);
      return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, subject: r.subject, diff: r.diff ?? null }));
    },
  };
}

export type RuleSetStore = ReturnType<typeof createRuleSetStore>;
