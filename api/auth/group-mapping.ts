// Identity-provider groups → what a person may do and see. The municipality manages membership in its own
// identity provider (Entra ID, a KOMBIT-style broker); Fordeler only maps group names to roles and data
// scopes. A person gets the union of the mapped groups' roles and scopes; a person in no mapped group gets
// no access at all (login refused), never a default role. Pure: people, machine clients and local trial
// users all pass through here, so the rules are one.
import type { Reason } from '../../core/model.js';
import { ROLES, type Principal, type Role, type ScopeList } from '../principal.js';
import type { GroupGrant } from './config.js';

export type GroupMapping = Readonly<Record<string, GroupGrant>>;

export interface Identity {
  subject: string;
  displayName: string;
  tenantId: string;
  via: Principal['via'];
}

export type MappingResult = { ok: true; principal: Principal; groups: string[] } | { ok: false; reason: Reason };

export const NO_ACCESS_MESSAGE = 'Du har ingen adgang til Fordeler';

/** A groups claim as identity providers send it: a list of strings, or one string. Anything else is no groups. */
export function groupsFromClaim(claim: unknown): string[] {
  if (typeof claim === 'string') return claim ? [claim] : [];
  if (!Array.isArray(claim)) return [];
  return claim.filter((group): group is string => typeof group === 'string' && group.length > 0);
}

function unionScope(lists: ScopeList[]): ScopeList {
  if (lists.includes('all')) return 'all';
  return [...new Set(lists.flatMap((list) => (list === 'all' ? [] : list)))].sort();
}

/**
 * The Principal for an identity with these groups. Groups not in the mapping are ignored. The sensitive
 * right is the union too: a person whose one group grants it sees sensitive items in all their scope.
 */
export function principalFromGroups(identity: Identity, groups: readonly string[], mapping: GroupMapping): MappingResult {
  const mapped = [...new Set(groups)].filter((group) => Object.hasOwn(mapping, group)).sort();
  if (mapped.length === 0) {
    return { ok: false, reason: { code: 'auth.no_mapped_group', message: NO_ACCESS_MESSAGE, data: { groupCount: groups.length } } };
  }
  const grants = mapped.map((group) => mapping[group]!);
  const roles = new Set<Role>(grants.flatMap((grant) => grant.roles));
  const principal: Principal = {
    subject: identity.subject,
    displayName: identity.displayName,
    tenantId: identity.tenantId,
    roles: ROLES.filter((role) => roles.has(role)),
    scope: {
      destinations: unionScope(grants.map((grant) => grant.destinations)),
      kleGroups: unionScope(grants.map((grant) => grant.kleGroups)),
      sensitive: grants.some((grant) => grant.sensitive),
    },
    via: identity.via,
  };
  return { ok: true, principal, groups: mapped };
}
