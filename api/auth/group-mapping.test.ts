// The group mapping decides who gets in and what they see: union of the mapped groups, unknown groups
// ignored, no mapped group → no access with the Danish refusal.
import { describe, expect, it } from 'vitest';
import { PrincipalSchema } from '../principal.js';
import { GroupGrantSchema } from './config.js';
import { groupsFromClaim, NO_ACCESS_MESSAGE, principalFromGroups } from './group-mapping.js';

const mapping = {
  ky: GroupGrantSchema.parse({ roles: ['staff'], destinations: ['KY'], kleGroups: ['32.30'] }),
  boern: GroupGrantSchema.parse({ roles: ['staff', 'journal'], destinations: ['BUF', 'KY'], kleGroups: ['27.24'], sensitive: true }),
  admin: GroupGrantSchema.parse({ roles: ['administrator'], destinations: 'all', kleGroups: 'all' }),
  revision: GroupGrantSchema.parse({ roles: ['auditor'] }),
};
const who = { subject: 's-1', displayName: 'Mette', tenantId: 'default', via: 'session' as const };

describe('principalFromGroups', () => {
  it('gives the union of the mapped groups\' roles and scopes, in a fixed order', () => {
    const result = principalFromGroups(who, ['boern', 'unknown', 'ky'], mapping);
    expect(result).toEqual({
      ok: true,
      groups: ['boern', 'ky'],
      principal: { ...who, roles: ['journal', 'staff'], scope: { destinations: ['BUF', 'KY'], kleGroups: ['27.24', '32.30'], sensitive: true } },
    });
    if (result.ok) expect(PrincipalSchema.parse(result.principal)).toEqual(result.principal);
  });

  it('lets "all" win over lists, and grants nothing by default', () => {
    const result = principalFromGroups(who, ['ky', 'admin'], mapping);
    expect(result.ok && result.principal.scope).toEqual({ destinations: 'all', kleGroups: 'all', sensitive: false });
    const auditor = principalFromGroups(who, ['revision'], mapping);
    expect(auditor.ok && auditor.principal).toMatchObject({ roles: ['auditor'], scope: { destinations: [], kleGroups: [], sensitive: false } });
  });

  it('refuses a person in no mapped group', () => {
    for (const groups of [[], ['alle-medarbejdere'], ['toString', '__proto__']]) {
      const result = principalFromGroups(who, groups, mapping);
      expect(result).toEqual({ ok: false, reason: { code: 'auth.no_mapped_group', message: NO_ACCESS_MESSAGE, data: { groupCount: groups.length } } });
    }
    expect(NO_ACCESS_MESSAGE).toBe('Du har ingen adgang til Fordeler');
  });
});

describe('groupsFromClaim', () => {
  it('reads a list or one string, and nothing else', () => {
    expect(groupsFromClaim(['a', 1, '', 'b'])).toEqual(['a', 'b']);
    expect(groupsFromClaim('a')).toEqual(['a']);
    expect(groupsFromClaim(undefined)).toEqual([]);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
  });
});
