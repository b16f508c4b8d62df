// The candidate index must never change a decision: over generated rule sets and items, the indexed
// router and plain evaluation of every rule give the same status, destination, rule id, reasons
// (apart from the index summary) and the same rules, in order, in the trace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent, RouteDecision } from '../../core/model.js';
import { createRouter } from '../router.js';
import { parseRuleFile } from '../schema.js';

/** Fixed so a failure is reproducible; fast-check prints the counterexample and its path. */
const SEED = 20_260_301;

const WORDS = [
  'kontanthjælp', 'kontanthjaelp', 'KONTANTHJÆLP', 'faktura', 'Faktura', 'kreditnota', 'sygedagpenge',
  'byggetilladelse', 'Skovvej', 'ansøgning', 'om', 'klage', 'over', 'afgørelse', 'børn', 'Åbenrå', 'Aabenraa',
  'café', 'cafe', 'nyhedsbrev', 'kursus', 'hjælp', 'til', 'husleje', 'nr.', '448812', 'ældre', 'pleje', 'Sv:',
];
const HOVEDGRUPPER = ['02', '15', '32'];
const GROUPS = ['34', '17', '30'];
const EMNER = ['02', '04', '06'];
const DOMAINS = ['gmail.com', 'noerreaa.dk', 'skole.noerreaa.dk', 'officepartner.dk', 'mail.officepartner.dk', 'udbetaling.dk', 'dk'];
const DESTINATIONS = ['KY', 'KSD', 'OEKONOMI'];
const REGEXES = ['/faktura\\s*nr\\.?\\s*\\d+/i', 'Faktura', '^Sv:', '/b(ø|oe)rn/i', '\\d{6}'];

const word = fc.constantFrom(...WORDS);
const phrase = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).map((words) => words.join(' '));
const kle = fc.tuple(fc.constantFrom(...HOVEDGRUPPER), fc.constantFrom(...GROUPS), fc.constantFrom(...EMNER)).map((p) => p.join('.'));
const klePattern = fc.oneof(
  kle,
  kle.map((nr) => `${nr.slice(0, 5)}.*`),
  fc.constantFrom(...HOVEDGRUPPER).map((hg) => `${hg}.*`),
);
const oneOrMany = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const leaf = fc.oneof(
  fc.record({ fact: fc.constantFrom('subject', 'text', 'attachmentNames', 'senderName'), operator: fc.constant('containsText'), value: oneOrMany(phrase(2)) }),
  fc.record({ fact: fc.constant('subject'), operator: fc.constantFrom('containsIgnoreCase', 'not:containsText'), value: oneOrMany(word) }),
  fc.record({ fact: fc.constantFrom('subject', 'text'), operator: fc.constant('matchesRegex'), value: fc.constantFrom(...REGEXES) }),
  fc.record({ fact: fc.constantFrom('kle', 'kleGroup'), operator: fc.constantFrom('kleIn', 'kleIn', 'not:kleIn'), value: oneOrMany(klePattern) }),
  fc.record({ fact: fc.constant('metadata'), path: fc.constant('$.kle.subjectKey'), operator: fc.constant('kleIn'), value: klePattern }),
  fc.record({ fact: fc.constantFrom('senderDomain', 'sender'), operator: fc.constant('domainIn'), value: oneOrMany(fc.constantFrom(...DOMAINS)) }),
  fc.record({ fact: fc.constantFrom('channel', 'kleSource'), operator: fc.constant('equal'), value: fc.constantFrom('email', 'scan', 'digitalpost', 'classifier') }),
  fc.record({ fact: fc.constant('channel'), operator: fc.constant('in'), value: fc.subarray(['email', 'scan', 'digitalpost'], { minLength: 1 }) }),
  fc.record({ fact: fc.constant('kleConfidence'), operator: fc.constant('greaterThan'), value: fc.constantFrom(0.5, 0.95) }),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('tree') }),
  ),
}));
const topCondition = fc.oneof(
  fc.record({ all: fc.array(tree, { minLength: 1, maxLength: 4 }) }),
  fc.record({ any: fc.array(tree, { minLength: 1, maxLength: 3 }) }),
  fc.record({ not: tree }),
);
const customRule = fc.record(
  {
    priority: fc.constantFrom(50, 150, 200, 250, 260, 300, 400),
    conditions: topCondition,
    event: fc.oneof(
      fc.constantFrom(...DESTINATIONS).map((destination) => ({ type: 'route', params: { destination } })),
      fc.constant({ type: 'park', params: { reason: 'test' } }),
    ),
  },
  { requiredKeys: ['conditions', 'event'] },
);
const ruleFile = fc
  .record({
    contentRoutes: fc.array(fc.record({ subjectContains: oneOrMany(phrase(2)), destination: fc.constantFrom(...DESTINATIONS) }), { maxLength: 4 }),
    kleRoutes: fc.uniqueArray(fc.record({ pattern: klePattern, destination: fc.constantFrom(...DESTINATIONS) }), { selector: (r) => r.pattern, maxLength: 8 }),
    rules: fc.array(customRule, { maxLength: 8 }),
  })
  .map((file) => ({
    destinations: DESTINATIONS.map((id) => ({ id, name: `System ${id}` })),
    contentRoutes: file.contentRoutes.map((route, i) => ({ id: `CR${i}`, ...route })),
    kleRoutes: file.kleRoutes,
    rules: file.rules.map((rule, i) => ({ name: `R${i}`, ...rule })),
  }));

const item = fc.record({
  channel: fc.constantFrom('email', 'digitalpost', 'scan') as fc.Arbitrary<ExtractedContent['channel']>,
  subject: fc.option(phrase(5), { nil: undefined }),
  body: phrase(8),
  sender: fc.oneof(
    fc.tuple(fc.constantFrom('karen', 'Bogholderi'), fc.constantFrom(...DOMAINS, 'Mail.OfficePartner.DK', 'noerreaa.dk.example.com')).map(([local, domain]) => ({
      email: `${local}@${domain}`,
      name: 'Karen Holm',
    })),
    fc.constant({ id: '0101901234', idType: 'CPR' as const }),
  ),
  attachment: fc.option(phrase(2), { nil: undefined }),
  kle: fc.option(fc.oneof(kle, fc.constantFrom('32.30', ' 02.34.02 ', '15.17.02.01', '32.', '02.34.')), { nil: null }),
  metadataKle: fc.option(kle, { nil: undefined }),
  confidence: fc.constantFrom(0.4, 0.9),
});

type GeneratedItem = typeof item extends fc.Arbitrary<infer T> ? T : never;

function contentOf(generated: GeneratedItem): {
  content: ExtractedContent;
  classification: Classification;
} {
  const { channel, subject, body, sender, attachment, kle: nr, metadataKle, confidence } = generated;
  const content: ExtractedContent = {
    channel,
    ...(subject !== undefined ? { subject } : {}),
    sender,
    recipients: [{ email: 'post@noerreaa.dk', idType: 'EMAIL' }],
    body,
    bodySource: 'plain',
    attachments: attachment === undefined ? [] : [{ name: `${attachment}.pdf`, mimeType: 'application/pdf', size: 1, text: attachment, textSource: 'text-layer' }],
    metadata: metadataKle === undefined ? {} : { kle: { subjectKey: metadataKle } },
    warnings: [],
  };
  const classification: Classification = {
    nr,
    confidence: nr === null ? 0 : confidence,
    source: nr === null ? 'none' : 'classifier',
    candidates: nr === null ? [] : [{ nr, score: confidence, reasons: [] }],
    reasons: [],
  };
  return { content, classification };
}

/** What must be identical; the index summary in the deciding reason is the one allowed difference. */
function comparable(decision: RouteDecision) {
  return {
    status: decision.status,
    destination: decision.destination,
    ruleId: decision.ruleId,
    reasons: decision.reasons.map(({ data, ...reason }) => {
      const { index: _index, ...rest } = data ?? {};
      return { ...reason, data: rest };
    }),
    trace: decision.trace.map((rule) => [rule.ruleId, rule.matched]),
  };
}

describe('candidate index', () => {
  it('gives the decisions of plain evaluation on generated rule sets and items', async () => {
    let routed = 0;
    let skippedSome = 0;
    await fc.assert(
      fc.asyncProperty(ruleFile, fc.array(item, { minLength: 6, maxLength: 6 }), async (file, items) => {
        const ruleSet = parseRuleFile(file);
        const indexed = createRouter(ruleSet, { version: 'v' });
        const plain = createRouter(ruleSet, { version: 'v', index: false });
        const untraced = createRouter(ruleSet, { version: 'v', skippedTraceLimit: 0 });
        for (const generated of items) {
          const { content, classification } = contentOf(generated);
          const [a, b] = await Promise.all([indexed.route(content, classification), plain.route(content, classification)]);
          expect(comparable(a)).toEqual(comparable(b));
          // Skipped rules left out of the trace: same decision, and the trace is the evaluated rules of b.
          const c = await untraced.route(content, classification);
          expect({ ...comparable(c), trace: [] }).toEqual({ ...comparable(b), trace: [] });
          const evaluatedIds = new Set(c.trace.map((rule) => rule.ruleId));
          expect(comparable(c).trace).toEqual(comparable(b).trace.filter(([ruleId]) => evaluatedIds.has(ruleId as string)));
          if (a.status === 'routed') routed += 1;
          const summary = a.reasons.at(-1)?.data?.index as { skipped: number } | undefined;
          if ((summary?.skipped ?? 0) > 0) skippedSome += 1;
        }
      }),
      { numRuns: 200, seed: SEED },
    );
    // The generators must exercise both outcomes and the index must actually skip rules.
    expect(routed).toBeGreaterThan(100);
    expect(skippedSome).toBeGreaterThan(100);
  }, 60_000);
});
