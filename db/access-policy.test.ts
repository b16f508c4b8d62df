import { describe, expect, it } from 'vitest';
import type { Principal } from '../api/principal.js';
import { kleGroupOf, mayChange, mayRead, suggestedDestinationsOf, type PolicyItem } from './access-policy.js';

const who = (overrides: Omit<Partial<Principal>, 'scope'> & { scope?: Partial<Principal['scope']> } = {}): Principal => {
  const { scope, ...rest } = overrides;
  return { subject: 's', displayName: 'S', tenantId: 'norrea', roles: ['staff'], via: 'local', ...rest, scope: { destinations: 'all', kleGroups: 'all', sensitive: false, ...scope } };
};
const item = (overrides: Partial<PolicyItem> = {}): PolicyItem => ({ tenantId: 'norrea', state: 'routed', destination: 'KY', kleNr: '32.30.04', sensitive: [], suggestedDestinations: [], ...overrides });

describe('the access policy, yes/no', () => {
  it('keeps tenants apart and gives auditors no post', () => {
    expect(mayRead(who(), item())).toBe(true);
    expect(mayRead(who({ tenantId: 'kommune-b' }), item())).toBe(false);
    expect(mayRead(who({ roles: ['auditor'] }), item())).toBe(false);
    expect(mayChange(who({ roles: ['auditor'] }), item())).toBe(false);
  });

  it('scopes by destination, with parked post seen through its suggestions', () => {
    const borger = who({ scope: { destinations: ['BORGER'] } });
    expect(mayRead(borger, item())).toBe(false);
    expect(mayRead(borger, item({ destination: 'BORGER' }))).toBe(true);
    expect(mayRead(borger, item({ state: 'parked', destination: null, suggestedDestinations: ['KY', 'BORGER'] }))).toBe(true);
    expect(mayRead(borger, item({ state: 'rejected', destination: 'KY', suggestedDestinations: ['BORGER'] }))).toBe(true);
    // A suggestion counts only while the item waits in the rest mailbox.
    expect(mayRead(borger, item({ state: 'routed', destination: 'KY', suggestedDestinations: ['BORGER'] }))).toBe(false);
    expect(mayRead(who({ scope: { destinations: [] } }), item())).toBe(false);
  });

  it('scopes by KLE gruppe (no emne: outside a limited scope) and guards sensitive items', () => {
    expect(mayRead(who({ scope: { kleGroups: ['32.30'] } }), item())).toBe(true);
    expect(mayRead(who({ scope: { kleGroups: ['32.31'] } }), item())).toBe(false);
    expect(mayRead(who({ scope: { kleGroups: ['32.30'] } }), item({ kleNr: null }))).toBe(false);
    expect(mayRead(who(), item({ sensitive: ['children'] }))).toBe(false);
    expect(mayRead(who({ scope: { sensitive: true } }), item({ sensitive: ['children'] }))).toBe(true);
  });

  it('reads groups and suggestions defensively', () => {
    expect(kleGroupOf('27.15.02')).toBe('27.15');
    expect(kleGroupOf('x')).toBeNull();
    expect(suggestedDestinationsOf({ suggestions: [{ destination: 'KY' }, { destination: null }, 'junk'] })).toEqual(['KY']);
    expect(suggestedDestinationsOf(null)).toEqual([]);
  });
});
