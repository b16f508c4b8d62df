import { describe, expect, it } from 'vitest';
import { suggestRules, withSuggestion, type HistoryItem } from './suggest.js';

const item = (n: number, over: Partial<HistoryItem>): HistoryItem => ({ itemId: `item-${n}`, destination: 'KSD', routedTo: null, senderDomain: null, senderCvr: null, kle: null, subject: null, ...over });

describe('rule suggestions from history', () => {
  const history: HistoryItem[] = [
    // A clinic's medical certificates, placed at KSD by hand every time.
    ...[1, 2, 3, 4].map((n) => item(n, { senderDomain: 'laegehuset-noerreaa.dk', kle: '32.30.04', subject: `Lægeerklæring for patient ${n}` })),
    // Rent-arrears letters to KY, one already routed there by the rules.
    ...[5, 6, 7].map((n) => item(n, { destination: 'KY', routedTo: n === 5 ? 'KY' : null, kle: '32.21.14', subject: 'Huslejerestance – varsel om udsættelse' })),
    // A word that appears at two destinations is not a rule.
    item(8, { destination: 'KY', subject: 'Lægeerklæring vedlagt ansøgning om enkeltydelse' }),
  ];
  const suggestions = suggestRules(history);

  it('proposes sender-domain, KLE-gruppe and subject-word rules with support and precision', () => {
    const domain = suggestions.find((s) => s.trait.kind === 'senderDomain');
    expect(domain).toMatchObject({ trait: { value: 'laegehuset-noerreaa.dk' }, destination: 'KSD', support: 4, precision: 1, wouldFix: 4 });
    expect(suggestions.find((s) => s.trait.kind === 'kleGroup' && s.trait.value === '32.21')).toMatchObject({ destination: 'KY', support: 3, wouldFix: 2 });
    expect(suggestions.find((s) => s.trait.kind === 'subjectTerm' && s.trait.value === 'huslejerestance')).toMatchObject({ destination: 'KY' });
  });

  it('leaves out traits below the precision bar and words that say nothing', () => {
    expect(suggestions.find((s) => s.trait.kind === 'subjectTerm' && s.trait.value === 'lægeerklæring')).toBeUndefined(); // 4 of 5 → 0.8
    expect(suggestions.some((s) => s.trait.value === 'ansøgning')).toBe(false);
  });

  it('turns a suggestion into a draft rule file in one step', () => {
    const domain = suggestions.find((s) => s.trait.kind === 'senderDomain')!;
    const draft = withSuggestion({ destinations: [{ id: 'KSD', name: 'KSD' }], rules: [] }, domain) as { rules: { conditions: { all: { fact: string; value: string[] }[] }; event: { params: { destination: string } } }[] };
    expect(draft.rules).toHaveLength(1);
    expect(draft.rules[0]!.conditions.all[0]).toMatchObject({ fact: 'senderDomain', value: ['laegehuset-noerreaa.dk'] });
    expect(draft.rules[0]!.event.params.destination).toBe('KSD');
  });
});
