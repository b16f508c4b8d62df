// Rule sets over HTTP, for the journal function and administrators: the versions, one version's rules, the
// draft (written, validated with the same validator as `fordeler rules validate`, simulated on stored post
// with the same code as `fordeler rules simulate`), publishing it, rolling back to an earlier version, and
// the configuration audit (which auditors may read too). Writes go through the one rule-set store
// (db/rule-set-store.ts) with the authenticated person (`principal.subject`) as the actor in the audit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { latestPublications } from '../../db/rule-set-history.js';
import { createRuleSetStore, RuleSetError, type StoredRuleSet } from '../../db/rule-set-store.js';
import type { ValidationResult } from '../../rules/validate.js';
import type { RouteContext } from '../context.js';
import { toDate } from '../item-views.js';
import { ApiProblem, problem, problemResponses } from '../problem.js';
import { requirePrincipal } from '../request-principal.js';
import { currentDraft as newestDraft, simulateDraft, simulationPeriod, validateRuleFile } from '../rule-set-drafts.js';
import {
  AuditPageSchema,
  AuditQuery,
  DraftQuery,
  InvalidRuleSetSchema,
  PublishBody,
  RollbackBody,
  RuleFileBody,
  RuleSetListSchema,
  RuleSetSchema,
  SavedDraftSchema,
  SimulateBody,
  SimulationSchema,
  ValidationSchema,
  VersionParams,
} from '../rule-set-schemas.js';
import { auditView, ruleSetSummary, ruleSetView, validationView } from '../rule-set-views.js';

/** Reading and changing rule sets: the journal function and administrators. */
const EDITORS = ['administrator', 'journal'] as const;
/** The configuration audit: also auditors. */
const AUDIT_READERS = ['administrator', 'journal', 'auditor'] as const;
const DEFAULT_DRAFT_NAME = 'Kladde';

export function registerRuleSetRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const store = createRuleSetStore(ctx.db, { tenantId: ctx.tenantId });
  const publications = () => latestPublications(ctx.db, { tenantId: ctx.tenantId });
  /** The draft being worked on: the newest version that is still a draft. */
  const currentDraft = (): Promise<StoredRuleSet | undefined> => newestDraft(store);
  const changed = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      throw error instanceof RuleSetError ? new ApiProblem('rule_set_conflict') : error;
    });

  api.get('/api/v1/rule-sets', {
    schema: { tags: ['rule-sets'], summary: 'Regelsættets versioner med status, og hvem der oprettede og offentliggjorde dem hvornår', response: { 200: RuleSetListSchema, ...problemResponses(401, 403) } },
    handler: async (request) => {
      requirePrincipal(request, ...EDITORS);
      const [versions, published] = await Promise.all([store.list(), publications()]);
      return { ruleSets: versions.map((r) => ruleSetSummary(r, published)) };
    },
  });

  api.get('/api/v1/rule-sets/draft', {
    schema: { tags: ['rule-sets'], summary: 'Kladden (den nyeste version, der ikke er offentliggjort)', response: { 200: RuleSetSchema, ...problemResponses(401, 403, 404) } },
    handler: async (request) => {
      requirePrincipal(request, ...EDITORS);
      const draft = await currentDraft();
      if (!draft) throw new ApiProblem('not_found');
      return ruleSetView(draft, await publications());
    },
  });

  api.put('/api/v1/rule-sets/draft', {
    schema: {
      tags: ['rule-sets'],
      summary: 'Opret eller erstat kladden med regelfilen i body (valideres først; ændringen skrives i konfigurationsloggen)',
      querystring: DraftQuery,
      body: RuleFileBody,
      response: { 200: SavedDraftSchema, 422: InvalidRuleSetSchema, ...problemResponses(400, 401, 403, 409, 415) },
    },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, ...EDITORS);
      const checked = validateRuleFile(request.body);
      if (!checked.ok) return sendInvalid(request, reply, checked);
      const draft = await currentDraft();
      const saved = await changed(
        draft
          ? store.updateDraft(draft.version, { body: request.body, actor: principal.subject })
          : store.createDraft({ name: request.query.name ?? DEFAULT_DRAFT_NAME, body: request.body, actor: principal.subject }),
      );
      ctx.logger.info({ code: 'api.rule_set_draft_saved', version: saved.version, actor: principal.subject, requestId: request.id }, 'rule-set draft saved');
      return { ...ruleSetView(saved, await publications()), warnings: validationView(checked).warnings };
    },
  });

  api.post('/api/v1/rule-sets/validate', {
    schema: { tags: ['rule-sets'], summary: 'Valider en regelfil uden at gemme den: problemerne med JSON-sti og dansk tekst', body: RuleFileBody, response: { 200: ValidationSchema, ...problemResponses(400, 401, 403, 415) } },
    handler: async (request) => {
      requirePrincipal(request, ...EDITORS);
      return validationView(validateRuleFile(request.body));
    },
  });

  api.post('/api/v1/rule-sets/draft/simulate', {
    schema: {
      tags: ['rule-sets'],
      summary: 'Kør kladden på den modtagne post i en periode: pr. regel de forsendelser, der ville skifte modtager (som `fordeler rules simulate`)',
      body: SimulateBody,
      response: { 200: SimulationSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
    },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, ...EDITORS);
      const draft = await currentDraft();
      if (!draft) throw new ApiProblem('not_found');
      const checked = validateRuleFile(draft.body);
      if (!checked.ok) return sendInvalid(request, reply, checked);
      const period = simulationPeriod(ctx.clock.now(), { from: toDate(request.body.from), to: toDate(request.body.to), days: request.body.days });
      if (!period) throw new ApiProblem('bad_request');
      return simulateDraft(ctx, principal, draft, period);
    },
  });

  api.post('/api/v1/rule-sets/draft/publish', {
    schema: { tags: ['rule-sets'], summary: 'Offentliggør kladden; den hidtidige version trækkes tilbage', body: PublishBody, response: { 200: RuleSetSchema, 422: InvalidRuleSetSchema, ...problemResponses(400, 401, 403, 404, 409, 415) } },
    handler: async (request, reply) => {
      const principal = requirePrincipal(request, ...EDITORS);
      const draft = await currentDraft();
      if (!draft) throw new ApiProblem('not_found');
      const checked = validateRuleFile(draft.body);
      if (!checked.ok) return sendInvalid(request, reply, checked);
      const published = await changed(store.publish(draft.version, principal.subject));
      ctx.logger.info({ code: 'api.rule_set_published', version: published.version, actor: principal.subject, requestId: request.id }, 'rule set published');
      return ruleSetView(published, await publications());
    },
  });

  api.post('/api/v1/rule-sets/rollback', {
    schema: { tags: ['rule-sets'], summary: 'Rul tilbage: offentliggør en tidligere version igen', body: RollbackBody, response: { 200: RuleSetSchema, ...problemResponses(400, 401, 403, 404, 409, 415) } },
    handler: async (request) => {
      const principal = requirePrincipal(request, ...EDITORS);
      const target = await store.find(request.body.version);
      if (!target) throw new ApiProblem('not_found');
      // Only a version that was published before: a draft is published, not rolled back to.
      if (target.status !== 'retired') throw new ApiProblem('rule_set_conflict');
      const published = await changed(store.publish(target.version, principal.subject));
      ctx.logger.info({ code: 'api.rule_set_rolled_back', version: published.version, actor: principal.subject, requestId: request.id }, 'rule set rolled back');
      return ruleSetView(published, await publications());
    },
  });

  api.get('/api/v1/rule-sets/audit', {
    schema: { tags: ['rule-sets'], summary: 'Konfigurationsloggen: hvem ændrede hvad hvornår, med et kort resumé af forskellen', querystring: AuditQuery, response: { 200: AuditPageSchema, ...problemResponses(400, 401, 403) } },
    handler: async (request) => {
      requirePrincipal(request, ...AUDIT_READERS);
      return { entries: (await store.audit(request.query.limit)).map(auditView) };
    },
  });

  api.get('/api/v1/rule-sets/:version', {
    schema: { tags: ['rule-sets'], summary: 'Én version: regelfilen og dens metadata', params: VersionParams, response: { 200: RuleSetSchema, ...problemResponses(400, 401, 403, 404) } },
    handler: async (request) => {
      requirePrincipal(request, ...EDITORS);
      const found = await store.find(request.params.version);
      if (!found) throw new ApiProblem('not_found');
      return ruleSetView(found, await publications());
    },
  });
}

/** 422 rule_set_invalid with the problems found beside it (paths, codes and Danish text; never the body). */
function sendInvalid(request: FastifyRequest, reply: FastifyReply, result: ValidationResult): FastifyReply {
  const { errors, warnings } = validationView(result);
  const body = { ...problem('rule_set_invalid', request.id), errors, warnings };
  return reply.code(422).type('application/problem+json').header('cache-control', 'no-store').serializer(JSON.stringify).send(body);
}
