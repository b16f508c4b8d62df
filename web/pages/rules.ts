// Regler: the rule set's versions, the draft's rules and its JSON editor with validation shown inline as one
// types, "Gem kladde", "Simulér" on stored post, "Udgiv", "Rul tilbage" to a retired version, and the
// configuration audit — for the journal function and administrators. Every step uses the same store,
// validator and simulation as the JSON API (db/rule-set-store.ts, api/rule-set-drafts.ts), with the
// logged-in person as the actor in the audit. A form post answers with a redirect (303) back to the page,
// or with the page and its problems inline; htmx posts get the fragment they replace.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../api/principal.js';
import { currentDraft, simulateDraft, simulationPeriod, validateRuleFile } from '../../api/rule-set-drafts.js';
import { auditView, ruleSetSummary, validationView } from '../../api/rule-set-views.js';
import { addDays, copenhagenDay } from '../../api/copenhagen-time.js';
import { toDate } from '../../api/item-views.js';
import { latestPublications } from '../../db/rule-set-history.js';
import { createRuleSetStore, RuleSetError } from '../../db/rule-set-store.js';
import { csrfTokenFor, pagePrincipal, sendPage, type WebContext } from '../context.js';
import { html, Html } from '../html.js';
import { page } from '../layout.js';
import { editorForm, publishForm, simulateForm, simulationResult, validationResult, type Checked } from '../views/rules-editor.js';
import { auditTable, rulesTable, versionsTable } from '../views/rules.js';

const EDITORS = ['administrator', 'journal'] as const;
const hidden = { schema: { hide: true } } as never;
const DONE: Record<string, string> = { gemt: 'Kladden er gemt.', udgivet: 'Kladden er offentliggjort.', 'rullet-tilbage': 'Den tidligere version er offentliggjort igen.' };
const EMPTY_FILE = { destinations: [{ id: 'KY', name: 'Ydelser' }], kleRoutes: [], contentRoutes: [] };

type Notice = { kind: 'success' | 'error'; text: string };
type Simulation = Parameters<typeof simulationResult>[0];
interface Extra {
  text?: string;
  checked?: Checked;
  simulation?: Simulation | Html;
  notice?: Notice;
}

const field = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};
const isHtmx = (request: FastifyRequest): boolean => request.headers['hx-request'] === 'true';
/** A simulation's result, or the message that stands in its place. */
const simulationHtml = (simulation: Simulation | Html): Html => (simulation instanceof Html ? simulation : simulationResult(simulation));

/** The text as a rule file: the validator's result, or why it is not a JSON object. */
export function checkText(text: string): { body?: Record<string, unknown>; checked: Checked } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { checked: { kind: 'json', message: error instanceof Error ? error.message : String(error) } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { checked: { kind: 'json', message: 'Regelfilen skal være et JSON-objekt ({ … }).' } };
  const body = parsed as Record<string, unknown>;
  return { body, checked: { kind: 'checked', ...validationView(validateRuleFile(body)) } };
}

export function registerRulesPages(app: FastifyInstance, ctx: WebContext): void {
  const store = createRuleSetStore(ctx.db, { tenantId: ctx.tenantId });

  async function sendRulesPage(request: FastifyRequest, reply: FastifyReply, principal: Principal, extra: Extra = {}): Promise<FastifyReply> {
    const csrfToken = csrfTokenFor(request, reply);
    const [versions, publications, draft, audit] = await Promise.all([store.list(), latestPublications(ctx.db, { tenantId: ctx.tenantId }), currentDraft(store), store.audit(50)]);
    const published = versions.find((v) => v.status === 'published');
    const today = copenhagenDay(ctx.clock.now());
    const notice = extra.notice ?? (DONE[(request.query as Record<string, string>).udfoert ?? ''] ? { kind: 'success' as const, text: DONE[(request.query as Record<string, string>).udfoert!]! } : undefined);
    const simulation = extra.simulation ? simulationHtml(extra.simulation) : undefined;
    const draftSection = draft
      ? html`<h2>Kladde ${draft.version}: ${draft.name}</h2>
<h3>Kladdens regler</h3>
${rulesTable(draft.body)}
<h3>Rediger kladden</h3>
${editorForm({ text: extra.text ?? JSON.stringify(draft.body, null, 2), newDraft: false, csrfToken, checked: extra.checked })}
<h3>Simulér kladden</h3>
<p>Kør den gemte kladde på den post, der er modtaget i perioden, og se hvilke forsendelser der ville skifte modtager.</p>
${simulateForm({ from: addDays(today, -30), to: '', csrfToken })}
<div id="simulering" aria-live="polite">${simulation ?? ''}</div>
<h3>Udgiv</h3>
<p>Når kladden udgives, trækkes den hidtidige version tilbage.</p>
${publishForm(draft.version, csrfToken)}`
      : html`<h2>Ny kladde</h2>
<p>Der er ingen kladde. Skriv en ny regelfil${published ? html` (udgangspunktet er den offentliggjorte version ${published.version})` : ''}.</p>
${editorForm({ text: extra.text ?? JSON.stringify(published?.body ?? EMPTY_FILE, null, 2), newDraft: true, csrfToken, checked: extra.checked })}`;
    const body = html`${notice ? html`<div class="alert alert-${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}"><div class="alert-body"><p class="alert-text">${notice.text}</p></div></div>` : ''}
<h2>Versioner</h2>
${versionsTable(versions.map((v) => ruleSetSummary(v, publications)), csrfToken)}
${draftSection}
<h2>Konfigurationsloggen</h2>
${auditTable(audit.map(auditView))}`;
    return sendPage(reply, page({ title: 'Regler', principal, active: 'regler', ...(csrfToken ? { csrfToken } : {}), body }).value);
  }

  const done = (reply: FastifyReply, what: keyof typeof DONE) => reply.redirect(`/regler?udfoert=${what}`, 303);
  const refused = (error: unknown): Notice => {
    if (error instanceof RuleSetError) return { kind: 'error', text: 'Regelsættet er ændret af en anden, eller versionen kan ikke ændres. Indlæs siden og prøv igen.' };
    throw error;
  };

  app.get('/regler', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, EDITORS, 'regler');
    if (!principal) return reply;
    return sendRulesPage(request, reply, principal);
  });

  app.post('/regler/kladde/valider', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, EDITORS, 'regler');
    if (!principal) return reply;
    return sendPage(reply, validationResult(checkText(field(request, 'body') ?? '').checked).value);
  });

  app.post('/regler/kladde', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, EDITORS, 'regler');
    if (!principal) return reply;
    const text = field(request, 'body') ?? '';
    const { body, checked } = checkText(text);
    if (!body || (checked.kind === 'checked' && !checked.ok)) return sendRulesPage(request, reply.code(422), principal, { text, checked });
    const draft = await currentDraft(store);
    const name = field(request, 'name')?.trim().slice(0, 200) || 'Kladde';
    try {
      const saved = await (draft ? store.updateDraft(draft.version, { body, actor: principal.subject }) : store.createDraft({ name, body, actor: principal.subject }));
      ctx.logger.info({ code: 'web.rule_set_draft_saved', version: saved.version, actor: principal.subject, requestId: request.id }, 'rule-set draft saved');
    } catch (error) {
      return sendRulesPage(request, reply.code(409), principal, { text, checked, notice: refused(error) });
    }
    return done(reply, 'gemt');
  });

  app.post('/regler/kladde/simuler', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, EDITORS, 'regler');
    if (!principal) return reply;
    // htmx swaps only a 2xx answer: its fragment carries the problem as text; a whole page keeps the status.
    const answer = (status: number, simulation: Simulation | Html) =>
      isHtmx(request) ? sendPage(reply, simulationHtml(simulation).value) : sendRulesPage(request, reply.code(status), principal, { simulation });
    const draft = await currentDraft(store);
    if (!draft) return answer(404, html`<p class="alert alert-error" role="alert">Der er ingen kladde at simulere.</p>`);
    const checked = validateRuleFile(draft.body);
    if (!checked.ok) return answer(422, validationResult({ kind: 'checked', ...validationView(checked) }));
    const dateOf = (name: string): Date | undefined => {
      const value = field(request, name);
      return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? toDate(value) : undefined;
    };
    const period = simulationPeriod(ctx.clock.now(), { from: dateOf('from'), to: dateOf('to') });
    if (!period) return answer(400, html`<p class="alert alert-error" role="alert">Perioden er tom: "til" skal ligge efter "fra".</p>`);
    return answer(200, await simulateDraft(ctx, principal, draft, period));
  });

  app.post('/regler/kladde/udgiv', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, EDITORS, 'regler');
    if (!principal) return reply;
    const draft = await currentDraft(store);
    if (!draft) return sendRulesPage(request, reply.code(404), principal, { notice: { kind: 'error', text: 'Der er ingen kladde at udgive.' } });
    const checked = validateRuleFile(draft.body);
    if (!checked.ok) return sendRulesPage(request, reply.code(422), principal, { checked: { kind: 'checked', ...validationView(checked) }, notice: { kind: 'error', text: 'Kladden har fejl og kan ikke udgives.' } });
    try {
      const published = await store.publish(draft.version, principal.subject);
      ctx.logger.info({ code: 'web.rule_set_published', version: published.version, actor: principal.subject, requestId: request.id }, 'rule set published');
    } catch (error) {
      return sendRulesPage(request, reply.code(409), principal, { notice: refused(error) });
    }
    return done(reply, 'udgivet');
  });

  app.post('/regler/rul-tilbage', hidden, async (request, reply) => {
    const principal = await pagePrincipal(request, reply, EDITORS, 'regler');
    if (!principal) return reply;
    const target = await store.find(field(request, 'version') ?? '');
    // Only a version that was published before: a draft is published, not rolled back to.
    if (!target || target.status !== 'retired') return sendRulesPage(request, reply.code(target ? 409 : 404), principal, { notice: { kind: 'error', text: 'Der kan kun rulles tilbage til en tidligere offentliggjort version.' } });
    try {
      const published = await store.publish(target.version, principal.subject);
      ctx.logger.info({ code: 'web.rule_set_rolled_back', version: published.version, actor: principal.subject, requestId: request.id }, 'rule set rolled back');
    } catch (error) {
      return sendRulesPage(request, reply.code(409), principal, { notice: refused(error) });
    }
    return done(reply, 'rullet-tilbage');
  });
}
