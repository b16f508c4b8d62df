// json-rules-engine rules in the rule file: priorities, park events, operators and the trace.
import { describe, expect, it } from 'vitest';
import { createRouter } from './router.js';
import { parseRuleFile } from './schema.js';
import { classifiedAs, email } from './test-support.js';

const base = {
  destinations: [
    { id: 'KY', name: 'Kommunernes Ydelsessystem' },
    { id: 'KSD', name: 'Kommunernes Sygedagpengesystem' },
    { id: 'OEKONOMI', name: 'Økonomisystem' },
    { id: 'ESDH-HR', name: 'ESDH personale' },
  ],
  contentRoutes: [{ id: 'CR02-faktura', subjectContains: 'faktura', destination: 'OEKONOMI' }],
  kleRoutes: [{ pattern: '32.30.*', destination: 'KSD' }],
};
const routerWith = (...rules: unknown[]) => createRouter(parseRuleFile({ ...base, rules }));
const route = (name: string, destination: string, conditions: unknown, priority?: number) => ({
  name,
  ...(priority !== undefined ? { priority } : {}),
  conditions,
  event: { type: 'route', params: { destination } },
});

describe('json-rules-engine rules', () => {
  it('run by priority: default 250 sits between content routes (300) and KLE routes (200)', async () => {
    const anything = { all: [{ fact: 'channel', operator: 'equal', value: 'email' }] };
    const router = routerWith(route('Alt fra e-mail til HR', 'ESDH-HR', anything));
    const faktura = await router.route(email('Faktura 2026-118'), classifiedAs('32.30.04'));
    const sygedagpenge = await router.route(email('Sygedagpenge'), classifiedAs('32.30.04'));
    expect(faktura.ruleId).toBe('CR02-faktura');
    expect(sygedagpenge).toMatchObject({ destination: 'ESDH-HR', ruleId: 'Alt fra e-mail til HR' });
    expect(sygedagpenge.reasons[0]?.message).toBe('Regel "Alt fra e-mail til HR" matchede → ESDH-HR');
  });

  it('keep file order among equal priorities, and a higher priority wins', async () => {
    const email_ = { all: [{ fact: 'channel', operator: 'equal', value: 'email' }] };
    const first = routerWith(route('A', 'KY', email_, 260), route('B', 'KSD', email_, 260));
    expect((await first.route(email('Hej'), classifiedAs(null))).ruleId).toBe('A');
    const boosted = routerWith(route('A', 'KY', email_, 260), route('B', 'KSD', email_, 400));
    const decision = await boosted.route(email('Faktura 1'), classifiedAs(null));
    expect(decision.ruleId).toBe('B');
    expect(decision.trace.map((t) => t.ruleId)).toEqual(['B']);
  });

  it('park with a park event and its reason', async () => {
    const router = routerWith({
      name: 'Nyhedsbreve',
      priority: 500,
      conditions: { any: [{ fact: 'subject', operator: 'containsText', value: ['nyhedsbrev', 'kursus'] }] },
      event: { type: 'park', params: { reason: 'nyhedsbreve læses ikke af fagsystemer' } },
    });
    const decision = await router.route(email('Nyt KURSUS: forvaltningsret – faktura følger'), classifiedAs('32.30.04'));
    expect(decision).toMatchObject({ status: 'parked', destination: null, ruleId: 'Nyhedsbreve' });
    expect(decision.reasons[0]).toMatchObject({
      code: 'route.rule_parked',
      message: 'Regel "Nyhedsbreve" parkerer posten i Restpostkasse: nyhedsbreve læses ikke af fagsystemer',
    });
    expect(decision.trace[0]).toMatchObject({ matched: true, destination: null });
  });

  it('trace each condition with the value seen, and not-evaluated after a short-circuit', async () => {
    const router = routerWith(
      route('Fakturaer fra leverandør', 'OEKONOMI', {
        all: [
          { fact: 'senderDomain', operator: 'domainIn', value: ['officepartner.dk'] },
          { fact: 'text', operator: 'matchesRegex', value: '/faktura\\s*nr\\.?\\s*\\d+/i' },
        ],
      }),
    );
    const decision = await router.route(email('Hej', { body: 'Faktura nr. 448812' }), classifiedAs(null));
    expect(decision.trace[1]).toEqual({
      ruleId: 'Fakturaer fra leverandør',
      name: 'Fakturaer fra leverandør',
      priority: 250,
      matched: false,
      destination: 'OEKONOMI',
      conditions: [
        { fact: 'senderDomain', operator: 'domainIn', value: ['officepartner.dk'], factValue: 'gmail.com', result: false },
        { fact: 'text', operator: 'matchesRegex', value: '/faktura\\s*nr\\.?\\s*\\d+/i', factValue: undefined, result: 'not-evaluated' },
      ],
    });
    const supplier = { email: 'bogholderi@mail.officepartner.dk', idType: 'EMAIL' as const };
    const routed = await router.route(email('Hej', { sender: supplier, body: 'FAKTURA NR 448812' }), classifiedAs(null));
    expect(routed.ruleId).toBe('Fakturaer fra leverandør');
    expect(routed.trace[1]?.conditions.map((c) => c.result)).toEqual([true, true]);
  });
});

describe('custom operators', () => {
  const matching = async (condition: unknown, content = email('Hej'), kle: string | null = null): Promise<boolean> => {
    const router = routerWith(route('R', 'KY', { all: [condition] }, 1000));
    return (await router.route(content, classifiedAs(kle))).ruleId === 'R';
  };

  it('containsText ignores case and diacritics, on strings and lists', async () => {
    const text = (value: unknown) => ({ fact: 'text', operator: 'containsText', value });
    expect(await matching(text('kontanthjælp'), email('x', { body: 'Jeg søger KONTANTHJÆLP' }))).toBe(true);
    expect(await matching(text('kontanthjælp'), email('x', { body: 'jeg soeger kontanthjaelp' }))).toBe(true);
    expect(await matching(text(['sygedagpenge', 'kontanthjælp']), email('x', { body: 'Hjælp til husleje' }))).toBe(false);
    const withAttachment = email('x', {
      attachments: [{ name: 'Lægeerklæring.pdf', mimeType: 'application/pdf', size: 1, text: '', textSource: 'none' }],
    });
    expect(await matching({ fact: 'attachmentNames', operator: 'containsText', value: 'laegeerklaering' }, withAttachment)).toBe(true);
  });

  it('matchesRegex honours the i flag', async () => {
    const regex = (value: string) => ({ fact: 'subject', operator: 'matchesRegex', value });
    expect(await matching(regex('Faktura \\d{4}-\\d+'), email('Faktura 2026-118'))).toBe(true);
    expect(await matching(regex('Faktura \\d{4}-\\d+'), email('FAKTURA 2026-118'))).toBe(false);
    expect(await matching(regex('/faktura \\d{4}-\\d+/i'), email('FAKTURA 2026-118'))).toBe(true);
  });

  it('domainIn accepts the domain and its subdomains only', async () => {
    const from = (address: string) => email('x', { sender: { email: address } });
    const domainIn = { fact: 'senderDomain', operator: 'domainIn', value: ['noerreaa.dk', 'udbetaling.dk'] };
    expect(await matching(domainIn, from('jens@noerreaa.dk'))).toBe(true);
    expect(await matching(domainIn, from('Jens@Skole.NOERREAA.dk'))).toBe(true);
    expect(await matching(domainIn, from('svindel@noerreaa.dk.example.com'))).toBe(false);
    expect(await matching(domainIn, from('info@ikke-noerreaa.dk'))).toBe(false);
    expect(await matching({ ...domainIn, fact: 'sender' }, from('ydelse@post.udbetaling.dk'))).toBe(true);
    expect(await matching({ ...domainIn, operator: 'not:domainIn' }, from('karen@gmail.com'))).toBe(true);
  });

  it('kleIn takes exact numbers and wildcards', async () => {
    const kleIn = { fact: 'kle', operator: 'kleIn', value: ['15.17.06', '32.24.*', '34.*'] };
    expect(await matching(kleIn, email('x'), '15.17.06')).toBe(true);
    expect(await matching(kleIn, email('x'), '32.24.05')).toBe(true);
    expect(await matching(kleIn, email('x'), '34.10.30')).toBe(true);
    expect(await matching(kleIn, email('x'), '15.17.07')).toBe(false);
    expect(await matching(kleIn, email('x'), null)).toBe(false);
  });

  it('reads metadata through a path', async () => {
    const memo = email('x', { channel: 'digitalpost', metadata: { kle: { subjectKey: '32.30.04' }, contactPoint: 'Sygedagpenge' } });
    expect(await matching({ fact: 'metadata', path: '$.kle.subjectKey', operator: 'kleIn', value: '32.30.*' }, memo)).toBe(true);
    expect(await matching({ fact: 'metadata', path: '$.caseIds[0].caseId', operator: 'equal', value: 'S-1' }, memo)).toBe(false);
    expect(await matching({ fact: 'contactPoint', operator: 'containsText', value: 'sygedagpenge' }, memo)).toBe(true);
  });
});
