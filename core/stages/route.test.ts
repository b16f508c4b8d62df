// The route stage's junk gate: junk and machine mail is parked under `route.junk` before any rule is
// tried (a rule that would route it is never asked), per the tenant's policy; other post goes to the rules.
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
