import { describe, expect, it } from 'vitest';
import { formatEntry } from './access-log.js';

describe('formatEntry', () => {
  it('names when, who, what, which item, the parts shown and the purpose', () => {
    const line = formatEntry({ id: 1, at: new Date('2026-03-02T08:15:00Z'), actor: 'mette@norrea', actorName: 'Mette', via: 'session', action: 'item.text', itemId: '0f8a7b4e-1111-4222-8333-444455556666', shown: ['text'], purpose: 'aktindsigt', requestId: 'r-1' });
    expect(line).toBe('2026-03-02 08:15:00  mette@norrea (Mette, session)  item.text  0f8a7b4e-1111-4222-8333-444455556666  text  formål: aktindsigt  request r-1');
    expect(formatEntry({ id: 2, at: new Date('2026-03-02T08:15:00Z'), actor: 'a', actorName: 'A', via: 'bearer', action: 'item.read', itemId: null, shown: [], purpose: null, requestId: null })).toBe('2026-03-02 08:15:00  a (A, bearer)  item.read  -  -  formål: -');
  });
});
