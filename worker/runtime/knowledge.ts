// What classifying and routing know, kept current: the rule set (the municipality's published version,
// rebuilt only when a new one is published, else the rule file), the classifier with what staff have
// confirmed (rebuilt only when a new model version was saved), and the routing-safety threshold, chosen by
// conformal risk control from the tenant's confirmed decisions for its target misroute rate (or fixed in
// the work file). All are re-read on a timer, so a running `fordeler work` picks up changes without a restart.
import { readFile } from 'node:fs/promises';
import { DEFAULT_DESTINATION_SAFETY, type DestinationSafety } from '../../classifiers/destination-risk.js';
import { chooseThreshold, type ScoredDecision } from '../../classifiers/risk-control.js';
import type { ExtractedContent } from '../../core/model.js';
import type { KleClassifier, Router } from '../../core/ports.js';
import type { Database } from '../../db/connect.js';
import { createLearningStore, type LearningStore } from '../../db/learning-store.js';
import { createRoutingDecisionStore } from '../../db/routing-decisions.js';
import { createRuleSetStore } from '../../db/rule-set-store.js';
import { createRouter } from '../../rules/router.js';
import { parseRuleFile } from '../../rules/schema.js';
import { createPipelineClassifier } from '../adapters/classifier.js';
import { loadKnowledge } from '../actions/learning.js';
import { createImportedExamplesStore } from '../../db/imported-examples-store.js';
import type { Logger } from './logger.js';
import type { RoutingSettings } from './work-config.js';

/** How often a published rule set, the learned model and the routing threshold are re-read, so changes apply without a restart. */
export const KNOWLEDGE_RELOAD_MS = 60_000;

export async function loadRouter(rulesPath: string): Promise<Router> {
  const json: unknown = JSON.parse(await readFile(rulesPath, 'utf8'));
  return createRouter(parseRuleFile(json));
}

export interface KnowledgeOptions {
  tenantId: string;
  kleThreshold: number;
  /** The rule file: the policy when no rule set is published (or when `published` is false). */
  fileRouter: Router;
  /** Route by the published rule set when there is one (`work`), or by the file alone (`process --rules`). */
  published: boolean;
  /** The work file's `routing` section; default: a 1 % target misroute rate. */
  routing?: RoutingSettings;
  logger: Logger;
}

/** How the routing threshold was chosen: by risk control, its default (too few decisions), or the work file. */
export interface SafetyChoice {
  safety: DestinationSafety;
  method: 'conformal' | 'default' | 'fixed';
  decisions: number;
  bound: number | null;
  target: number;
  note?: string;
}

export interface Knowledge {
  /** Routing as it is now; stable object, its rule set may change underneath. */
  router: Router;
  /** Classification with what has been learned so far. */
  classify: KleClassifier;
  learning: LearningStore;
  /** The routing-safety gate's settings as chosen now (the route stage asks for every item). */
  safety(): DestinationSafety;
  /** How they were chosen. */
  safetyChoice(): SafetyChoice;
  /** Re-reads all three now (the timer does this every minute). */
  refresh(): Promise<void>;
  close(): void;
}

export async function openKnowledge(database: Database, options: KnowledgeOptions): Promise<Knowledge> {
  const { tenantId, logger } = options;
  const ruleSets = createRuleSetStore(database.db, { tenantId });
  const publishedRouter = async (current?: Router): Promise<Router> => {
    if (!options.published) return options.fileRouter;
    const published = await ruleSets.published();
    if (!published) return options.fileRouter;
    return current?.version === published.version ? current : createRouter(parseRuleFile(published.body), { version: published.version });
  };
  const routing = { current: await publishedRouter() };
  const router: Router = {
    get version() {
      return routing.current.version;
    },
    get destinations() {
      return routing.current.destinations;
    },
    route: (content, classification) => routing.current.route(content, classification),
    destinationForKle: (nr) => routing.current.destinationForKle(nr),
    ruleDependsOnKle: (ruleId) => routing.current.ruleDependsOnKle?.(ruleId) ?? true,
  };
  logger.info({ code: 'route.rule_set', version: router.version }, 'routing with rule set');

  const learning = createLearningStore(database.db, { tenantId });
  // Examples imported from the ESDH history (`fordeler learn import`) add to the sender history.
  const imported = createImportedExamplesStore(database.db, { tenantId });
  // Every confirmation saves a model version, so an unchanged version id means nothing new was learned.
  const learned = { version: await learning.latestModelId() };
  const build = async () => createPipelineClassifier({ threshold: options.kleThreshold, knowledge: await loadKnowledge(learning, imported) });
  const classifier = { current: await build() };
  const reloadClassifier = async (): Promise<void> => {
    const version = await learning.latestModelId();
    if (version === learned.version) return;
    classifier.current = await build();
    learned.version = version;
  };

  const routingDecisions = createRoutingDecisionStore(database.db, { tenantId });
  const settings = options.routing ?? { targetMisroute: 0.01 };
  const chosen = { current: await chooseSafety(settings, () => routingDecisions.scoredDecisions()), logged: '' };
  const logChoice = () => {
    const { safety, method, decisions, bound, target, note } = chosen.current;
    const key = `${method}:${safety.threshold}`;
    if (key === chosen.logged) return;
    chosen.logged = key;
    logger.info({ code: 'route.threshold_chosen', threshold: safety.threshold, method, decisions, bound, target, ...(note ? { note } : {}) }, 'routing threshold chosen');
  };
  logChoice();
  const reloadSafety = async (): Promise<void> => {
    chosen.current = await chooseSafety(settings, () => routingDecisions.scoredDecisions());
    logChoice();
  };

  const refresh = async (): Promise<void> => {
    await Promise.all([
      reloadSafety().catch((error: unknown) => logger.warn({ code: 'route.threshold_reload_failed', err: message(error) }, 'could not choose the routing threshold again; the last one stays')),
      publishedRouter(routing.current)
        .then((next) => void (routing.current = next))
        .catch((error: unknown) => logger.warn({ code: 'route.rule_set_reload_failed', err: message(error) }, 'could not reload the published rule set')),
      reloadClassifier().catch((error: unknown) => logger.warn({ code: 'classify.knowledge_reload_failed', err: message(error) }, 'could not reload the learned model')),
    ]);
  };
  const timer = setInterval(() => void refresh(), KNOWLEDGE_RELOAD_MS);
  timer.unref();
  return {
    router,
    // What staff confirmed since start-up is learned by reloading (each confirmation saves a model version).
    classify: (content: ExtractedContent) => classifier.current(content),
    learning,
    safety: () => chosen.current.safety,
    safetyChoice: () => chosen.current,
    refresh,
    close: () => clearInterval(timer),
  };
}

/**
 * The gate's settings: a threshold fixed in the work file, else the one conformal risk control chooses from
 * the confirmed decisions for the target misroute rate (the default threshold while there are too few).
 */
export async function chooseSafety(settings: RoutingSettings, decisions: () => Promise<ScoredDecision[]>): Promise<SafetyChoice> {
  const base: DestinationSafety = {
    threshold: DEFAULT_DESTINATION_SAFETY.threshold,
    closeRatio: settings.closeRatio ?? DEFAULT_DESTINATION_SAFETY.closeRatio,
    sensitiveTightening: settings.sensitiveTightening ?? DEFAULT_DESTINATION_SAFETY.sensitiveTightening,
  };
  const target = settings.targetMisroute;
  if (settings.threshold !== undefined) {
    return { safety: { ...base, threshold: settings.threshold }, method: 'fixed', decisions: 0, bound: null, target, note: 'the threshold is fixed in the work file (routing.threshold)' };
  }
  const choice = chooseThreshold(await decisions(), { target, fallback: base.threshold });
  return { safety: { ...base, threshold: choice.threshold }, method: choice.method, decisions: choice.decisions, bound: choice.bound, target, ...(choice.note ? { note: choice.note } : {}) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
