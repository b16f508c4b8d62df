// The item page's views: the split view shows an e-mail's own text (escaped) or a link to the original, the
// CPR toggle says which state it is in, the classification and rule explanation are shown with their
// reasons, and only an item in the rest mailbox gets the place form.
import { describe, expect, it } from 'vitest';
import { itemPageBody, stateLabel, type ItemDetail, type ItemText } from './item.js';

const id = '11111111-2222-3333-4444-555555555555';
const detail = (channel: 'email' | 'scan'): ItemDetail => ({
  item: { id, channel, state: 'parked', fileName: 'brev.eml', subject: 'Pas', sender: 'Søren', kleNr: '27.15.02', kleConfidence: 0.7, destination: null, sensitive: [], receivedAt: '2026-03-03T10:00:00.000Z', stateChangedAt: '2026-03-03T10:00:00.000Z', source: 'x', size: 10, round: 1, error: null },
  classification: { nr: '27.15.02', confidence: 0.7, source: 'classifier', candidates: [{ nr: '27.15.02', title: 'Pas', score: 0.7, reasons: [{ code: 'c', message: 'ordet «pas»' }] }], sensitive: [], facet: null, reasons: [{ code: 'classify.terms', message: 'fandt ordet pas' }] },
  route: { status: 'parked', destination: null, ruleId: null, ruleSetVersion: 'v1', manual: false, by: null, trace: [], suggestions: [], reasons: [{ code: 'route.no_rule', message: 'ingen regel passede' }], explanation: 'Regel R1: <nej>' },
  timeline: [{ stage: 'route', type: 'parked', at: '2026-03-03T10:00:00.000Z' }],
});
const text: ItemText = { subject: 'Pas', body: 'CPR 010190-xxxx <img src=x>', bodySource: 'plain', attachments: [], entities: [{ label: 'CPR-numre', values: ['010190-xxxx'] }] };

describe('item views', () => {
  it('shows an e-mail as escaped text, with the reasons and the explanation', () => {
    const out = itemPageBody({ detail: detail('email'), text, cprShown: false, placeable: true, destinations: [{ id: 'BORGER' }], csrfToken: 't' }).value;
    expect(out).toContain('CPR 010190-xxxx &lt;img src=x&gt;');
    expect(out).not.toContain('<img');
    expect(out).toContain('fandt ordet pas');
    expect(out).toContain('Regel R1: &lt;nej&gt;');
    expect(out).toContain('Vis CPR-numre');
    expect(out).toContain(`action="/restpostkasse/${id}/place"`);
    expect(out).toContain(`value="/forsendelser/${id}"`);
  });

  it('links a scan to its original, says when CPR numbers are shown, and offers no place form outside the rest mailbox', () => {
    const out = itemPageBody({ detail: detail('scan'), text, cprShown: true, placeable: false, destinations: [], csrfToken: undefined }).value;
    expect(out).toContain(`href="/api/v1/items/${id}/original"`);
    expect(out).toContain('CPR-numre vises. Din visning er logget.');
    expect(out).not.toContain('/place"');
    expect(stateLabel('parked')).toBe('I restpostkassen');
    expect(out).toContain('<td>Fordeling</td><td>Lagt i restpostkassen</td>');
  });
});
