import { describe, expect, it } from 'vitest';
import { formatExplanation } from './explain-format.js';

describe('explanation text', () => {
  it('lists each rule tried with what its conditions saw, and why the winner won', () => {
    const text = formatExplanation({
      status: 'routed',
      destination: 'KY',
      ruleId: 'CR01-kontanthjaelp',
      ruleSetVersion: 'v3',
      trace: [
        { ruleId: 'CR02-faktura', name: 'Faktura', priority: 900, matched: false, destination: 'OEKONOMI', conditions: [{ fact: 'subject', operator: 'containsIgnoreCase', value: 'faktura', factValue: 'Ansøgning om kontanthjælp', result: false }] },
        { ruleId: 'CR01-kontanthjaelp', priority: 899, matched: true, destination: 'KY', conditions: [{ fact: 'subject', operator: 'containsIgnoreCase', value: 'kontanthjælp', factValue: 'Ansøgning om kontanthjælp', result: true }, { fact: 'channel', operator: 'equal', value: 'email', factValue: undefined, result: 'not-evaluated' }] },
      ],
    });
    expect(text).toContain('routed to KY by rule CR01-kontanthjaelp (rule set v3)');
    expect(text).toContain('✘ CR02-faktura — Faktura  (priority 900 → OEKONOMI)');
    expect(text).toContain('subject containsIgnoreCase "faktura": saw "Ansøgning om kontanthjælp" → false');
    expect(text).toContain('channel equal "email": saw – → not evaluated');
    expect(text).toContain('CR01-kontanthjaelp won');
  });

  it('masks CPR numbers in what a condition saw and in the value it was compared with', () => {
    const text = formatExplanation({
      status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'v1',
      trace: [{ ruleId: 'R1', priority: 250, matched: false, conditions: [
        { fact: 'xml', path: '$.borger', operator: 'equal', value: '0101801233', factValue: 'CPR 010180-1233 skriver', result: false },
      ] }],
    });
    expect(text).toContain('saw "CPR XXXXXX-XXXX skriver"');
    expect(text).not.toMatch(/010180/);
  });

  it('shows the handlingsfacet and the words behind it, or that none was detected', () => {
    const facet = { name: 'Aktindsigt', code: 'A53', confidence: 0.88, reasons: [{ code: 'classify.facet_word', message: '"aktindsigt" found in subject' }] };
    const text = formatExplanation({ status: 'routed', destination: 'JOURNAL', ruleId: 'R1', ruleSetVersion: 'v1', trace: [], facet });
    expect(text.split('\n')[1]).toBe('handlingsfacet: Aktindsigt (A53), confidence 0.88 — "aktindsigt" found in subject');
    expect(formatExplanation({ status: 'parked', destination: null, ruleId: null, trace: [], facet: null })).toContain('handlingsfacet: none detected');
    expect(formatExplanation({ status: 'parked', destination: null, ruleId: null, trace: [] })).not.toContain('handlingsfacet');
  });

  it('says when the routing-safety gate parked a rule\'s route, with the gate\'s reason and what it saw', () => {
    const text = formatExplanation({
      status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'v1',
      trace: [{ ruleId: 'kle-32.24', priority: 100, matched: true, destination: 'KY', conditions: [] }],
      reasons: [{ code: 'route.destination_unsafe', message: 'Reglen kle-32.24 ville sende til KY, men sandsynligheden for modtageren er under tærsklen (60 %, kræver 80 %): parkeret med forslag', data: { ruleId: 'kle-32.24', destination: 'KY' } }],
      safety: { basis: 'classifier', destination: 'KY', probability: 0.6, required: 0.8, safe: false, shares: [{ destination: 'KY', probability: 0.6 }, { destination: 'KSD', probability: 0.25 }] },
    });
    expect(text.split('\n')[0]).toBe('parked by the routing-safety gate: rule kle-32.24 would route to KY (rule set v1)');
    expect(text).toContain('routing safety: Reglen kle-32.24 ville sende til KY, men sandsynligheden for modtageren er under tærsklen (60 %, kræver 80 %)');
    expect(text).toContain('destination probability: KY 60 %, KSD 25 %; requires 80 %: not safe');
    expect(text).not.toContain('won');
  });

  it('says when a parked item was routed by destination probability, without claiming a rule won', () => {
    const text = formatExplanation({
      status: 'routed', destination: 'KSD', ruleId: 'kle-32.30', ruleSetVersion: 'v1', trace: [],
      reasons: [{ code: 'route.destination_probability', message: 'Intet enkelt emne var sikkert nok, men emnerne 32.30.04, 32.30.08 går alle til KSD (84 %, kræver 80 %)' }],
      safety: { basis: 'classifier', destination: 'KSD', probability: 0.84, required: 0.8, safe: true },
    });
    expect(text.split('\n')[0]).toBe('routed to KSD by destination probability: no rule matched, but the likely emner all go there (rule set v1)');
    expect(text).toContain('routing safety: Intet enkelt emne var sikkert nok');
    expect(text).toContain('destination probability: KSD 84 %; requires 80 %: safe');
    expect(text).not.toContain('won');
  });

  it('shows no gate for a route the gate let pass on a statement', () => {
    const text = formatExplanation({ status: 'routed', destination: 'OEKONOMI', ruleId: 'faktura', trace: [], reasons: [], safety: { basis: 'statement', destination: 'KY', probability: 0.3, required: 0.8, safe: false } });
    expect(text).not.toMatch(/routing safety|destination probability/);
    expect(text).toContain('faktura won');
  });

  it('says so when nothing matched', () => {
    expect(formatExplanation({ status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'abc', trace: [] })).toMatch(/^parked: no rule matched/);
  });
});
