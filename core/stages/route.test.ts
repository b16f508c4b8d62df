// The route stage: the junk gate (junk and machine mail is parked under `route.junk` before any rule is
// tried, per the tenant's policy) and the routing-safety gate after the rules (a KLE route to an unsafe
// destination is parked with suggestions; a parked item whose guesses agree on a destination is routed).
import { describe, expect, it } from 'vitest';
import { RouteOutcomeSchema } from '../outcomes.js';
import type { Classification, ExtractedContent, Item, RouteDecision } from '../model.js';
import type { Router } from '../ports.js';
import { routeStage } from './route.js';

const NOW = new Date('2026-03-03T10:00:00Z');
const clock = { now: () => NOW };
const item = { id: 'i1', tenantId: 't', channel: 'email', state: 'classified', source: 's', contentSha256: 'x', size: 1, fileName: 'a.eml', receivedAt: NOW, round: 1 } as unknown as Item;
const classification: Classification = { nr: '32.18.04', confidence: 0.9, source: 'classifier', candidates: [{ nr: '32.18.04', score: 0.9, reasons: [] }], reasons: [] };

function routerThatRoutes(): Router & { calls: number } {
  const router = {
    calls: 0,
    version: 'v-test',
    destinations: ['KY'],
    route(): Promise<RouteDecision> {
      router.calls += 1;
      return Promise.resolve({ status: 'routed', destination: 'KY', ruleId: 'kle-32.18', ruleSetVersion: 'v-test', reasons: [{ code: 'route.rule_matched', message: 'x' }], trace: [] });
    },
    destinationForKle: () => ({ destination: 'KY', ruleId: 'kle-32.18' }),
  };
  return router;
}

function email(headers: Record<string, string>, subject = 'Ansøgning om kontanthjælp'): ExtractedContent {
  return { channel: 'email', subject, sender: { email: 'a@example.dk' }, recipients: [], body: 'Jeg søger kontanthjælp.', bodySource: 'plain', attachments: [], metadata: { mail: { headers } }, warnings: [] };
}

describe('route stage: junk gate', () => {
  it('parks an auto-reply under route.junk without asking the rules, with the detector reasons', async () => {
    const router = routerThatRoutes();
    const result = await routeStage(item, email({ 'auto-submitted': 'auto-replied' }), classification, { router, clock });
    expect(router.calls).toBe(0);
    expect(result.decision).toMatchObject({ status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'v-test' });
    expect(result.decision.reasons[0]).toMatchObject({ code: 'route.junk', data: { kinds: ['auto_reply'], action: 'park' } });
    expect(result.commit.to).toBe('parked');
    const outcome = RouteOutcomeSchema.parse(result.commit.decision?.outcome);
    expect(outcome.junk).toEqual({ kinds: ['auto_reply'], action: 'park' });
    expect(result.commit.event.data).toMatchObject({ junk: { kinds: ['auto_reply'] } });
  });

  it('keeps junk for the tenant\'s number of days when the policy says keep', async () => {
    const result = await routeStage(item, email({ 'list-unsubscribe': '<mailto:u@x.example>' }), classification, { router: routerThatRoutes(), clock, junk: { action: 'keep', keepDays: 14 } });
    const outcome = RouteOutcomeSchema.parse(result.commit.decision?.outcome);
    expect(outcome).toMatchObject({ status: 'parked', junk: { kinds: ['bulk'], action: 'keep', keepUntil: '2026-03-17T10:00:00.000Z' } });
  });

  it('uses the tenant\'s spam score header', async () => {
    const content = email({ 'x-custom-spam-score': '7.5' });
    const plain = await routeStage(item, content, classification, { router: routerThatRoutes(), clock });
    expect(plain.decision.status).toBe('routed');
    const scored = await routeStage(item, content, classification, { router: routerThatRoutes(), clock, junk: { action: 'park', spamScoreHeader: 'X-Custom-Spam-Score', spamScoreThreshold: 6 } });
    expect(scored.decision.reasons[0]?.code).toBe('route.junk');
  });

  it('routes ordinary mail by the rules, with no junk mark', async () => {
    const router = routerThatRoutes();
    const result = await routeStage(item, email({ 'x-spam-flag': 'NO' }), classification, { router, clock });
    expect(router.calls).toBe(1);
    expect(result.decision.status).toBe('routed');
    expect(RouteOutcomeSchema.parse(result.commit.decision?.outcome).junk).toBeUndefined();
  });

  it('does not look for mail headers on a Digital Post letter', async () => {
    const router = routerThatRoutes();
    const letter = { ...email({ 'auto-submitted': 'auto-replied' }), channel: 'digitalpost' as const };
    expect((await routeStage(item, letter, classification, { router, clock })).decision.status).toBe('routed');
  });

  it('reads a route outcome written before junk existed', () => {
    expect(RouteOutcomeSchema.parse({ status: 'parked' }).junk).toBeUndefined();
  });
});

describe('route stage: routing-safety gate', () => {
  // A calibrated guess; without an emne it is one below the KLE threshold (classifiers/trusted.ts says so).
  const guess = (nr: string | null, confidence: number, candidates: [string, number][]): Classification => ({
    nr,
    confidence,
    source: 'classifier',
    reasons: nr === null ? [{ code: 'classify.below_threshold', message: 'below the threshold', data: {} }] : [],
    candidates: candidates.map(([c, score]) => ({ nr: c, score, reasons: [] })),
  });
  /** KLE rules: 32.30.* to the sick-pay system, 32.18.* to KY, everything else nowhere. */
  function kleRouter(decide: (c: Classification) => RouteDecision): Router {
    return {
      version: 'v-test',
      destinations: ['KY', 'SYG'],
      route: (_content, c) => Promise.resolve(decide(c)),
      destinationForKle: (nr) => (nr.startsWith('32.30') ? { destination: 'SYG', ruleId: 'kle-32.30' } : nr.startsWith('32.18') ? { destination: 'KY', ruleId: 'kle-32.18' } : { destination: null, ruleId: null }),
      ruleDependsOnKle: (ruleId) => ruleId.startsWith('kle-'),
    };
  }
  const routedTo = (destination: string, ruleId: string): RouteDecision => ({ status: 'routed', destination, ruleId, ruleSetVersion: 'v-test', reasons: [{ code: 'route.rule_matched', message: 'x' }], trace: [] });
  const parked: RouteDecision = { status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'v-test', reasons: [{ code: 'route.no_match', message: 'x' }], trace: [] };
  const letter = { ...email({}), channel: 'digitalpost' as const };

  it('parks a low-confidence KLE route with the reason and the usual suggestions, and stores what the gate saw', async () => {
    const c = guess('32.18.04', 0.6, [['32.18.04', 0.6], ['32.30.04', 0.5]]);
    const result = await routeStage(item, letter, c, { router: kleRouter(() => routedTo('KY', 'kle-32.18')), clock });
    expect(result.decision).toMatchObject({ status: 'parked', destination: null, ruleId: null });
    expect(result.decision.reasons.at(-1)).toMatchObject({ code: 'route.destination_unsafe', data: { destination: 'KY', required: 0.8, why: 'below_threshold' } });
    expect(result.commit.to).toBe('parked');
    expect(result.suggestions.map((s) => [s.kle, s.destination])).toEqual([['32.18.04', 'KY'], ['32.30.04', 'SYG']]);
    const outcome = RouteOutcomeSchema.parse(result.commit.decision?.outcome);
    expect(outcome.safety).toMatchObject({ basis: 'classifier', destination: 'KY', probability: 0.6, required: 0.8, safe: false, why: 'below_threshold' });
    expect(outcome.kleInferred).toBeUndefined();
    expect(result.commit.event.data).toMatchObject({ gate: 'route.destination_unsafe' });
  });

  it('routes a parked item whose two guesses go to one destination, the emne marked inferred', async () => {
    const c = guess(null, 0.7, [['32.30.04', 0.7], ['32.30.08', 0.6]]);
    const result = await routeStage(item, letter, c, { router: kleRouter(() => parked), clock });
    expect(result.decision).toMatchObject({ status: 'routed', destination: 'SYG', ruleId: 'kle-32.30' });
    expect(result.decision.reasons.at(-1)?.code).toBe('route.destination_probability');
    expect(result.inferredKle).toEqual({ nr: '32.30.04', score: 0.7 });
    expect(result.suggestions).toEqual([]);
    const outcome = RouteOutcomeSchema.parse(result.commit.decision?.outcome);
    expect(outcome).toMatchObject({ status: 'routed', kle: '32.30.04', kleInferred: true, safety: { basis: 'classifier', destination: 'SYG', safe: true } });
    expect(outcome.manual).toBeUndefined();
  });

  it('asks more of a sensitive item: the same guesses stay parked', async () => {
    const c = guess(null, 0.7, [['32.30.04', 0.7], ['32.30.08', 0.6]]);
    const result = await routeStage(item, letter, c, { router: kleRouter(() => parked), clock }, { sensitive: ['health'] });
    expect(result.decision.status).toBe('parked');
    expect(RouteOutcomeSchema.parse(result.commit.decision?.outcome).safety).toMatchObject({ required: 0.9, safe: false, why: 'below_threshold' });
    expect(result.suggestions).toHaveLength(2);
  });

  it('uses the tenant\'s threshold', async () => {
    const c = guess('32.18.04', 0.9, [['32.18.04', 0.9]]);
    const router = kleRouter(() => routedTo('KY', 'kle-32.18'));
    expect((await routeStage(item, letter, c, { router, clock })).decision.status).toBe('routed');
    const strict = await routeStage(item, letter, c, { router, clock, safety: { threshold: 0.95, closeRatio: 0.5, sensitiveTightening: 0.5 } });
    expect(strict.decision.status).toBe('parked');
  });

  it('lets a rule that does not read the emne route whatever the classifier guessed', async () => {
    const c = guess('32.18.04', 0.2, [['32.18.04', 0.2]]);
    const result = await routeStage(item, letter, c, { router: kleRouter(() => routedTo('OEKONOMI', 'faktura')), clock });
    expect(result.decision).toMatchObject({ status: 'routed', destination: 'OEKONOMI' });
    expect(result.safety?.basis).toBe('statement');
  });

  it('gives junk no safety record, and reads a route outcome written before the gate', async () => {
    const junk = await routeStage(item, email({ 'auto-submitted': 'auto-replied' }), classification, { router: routerThatRoutes(), clock });
    expect(junk.safety).toBeUndefined();
    expect(RouteOutcomeSchema.parse(junk.commit.decision?.outcome).safety).toBeUndefined();
    expect(RouteOutcomeSchema.parse({ status: 'routed', destination: 'KY' }).safety).toBeUndefined();
  });
});
