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

  it('says so when nothing matched', () => {
    expect(formatExplanation({ status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'abc', trace: [] })).toMatch(/^parked: no rule matched/);
  });
});
