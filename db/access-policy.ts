// The one access policy: from a Principal (api/principal.ts), which items one may see and change. It gives
// both a drizzle SQL condition (lists and searches filter in the database, so they never leak) and yes/no
// answers for one item row, built from the same rule table below; test/integration/api-access-policy.test.ts
// checks on a generated set of items and principals that the two agree. Outside one's scope an item is
// "not found", exactly as a missing id (the API never says "forbidden" about an item).
//
// The rules (all must hold):
// - tenant: the item's tenant is the principal's;
// - role: administrator, journal or staff read items; an auditor reads the access log, not post;
// - destination: 'all', or the item's destination is in the list — or the item waits in the rest mailbox
//   (state parked or rejected) and a suggestion of its current round's route decision names a destination in the list
//   (staff of a destination see the parked post that probably is theirs; parked post without such a
//   suggestion is seen by those with 'all' only);
// - KLE gruppe: 'all', or the item's emne (kle_nr) lies in a listed gruppe (NN.NN); an item without an emne
//   is outside a limited KLE scope;
// - sensitive: an item flagged sensitive (children, health, criminal) only with the sensitive right.
// Changing (placing, accepting a suggestion, retrying) needs the same visibility and a role that acts on post.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { hasRole, type Principal, type Role } from '../api/principal.js';
import { REST_MAILBOX_STATES } from '../core/lifecycle.js';
import { decisions, items } from './schema.js';

export const READ_ROLES: readonly Role[] = ['administrator', 'journal', 'staff'];
export const CHANGE_ROLES: readonly Role[] = ['administrator', 'journal', 'staff'];

/** What the policy looks at in an item: its row, and the destinations its current route decision suggests. */
export interface PolicyItem {
  tenantId: string;
  state: string;
  destination: string | null;
  kleNr: string | null;
  sensitive: readonly string[];
  suggestedDestinations: readonly string[];
}

export const kleGroupOf = (kleNr: string | null): string | null => (kleNr && /^\d\d\.\d\d/.test(kleNr) ? kleNr.slice(0, 5) : null);

export function mayRead(principal: Principal, item: PolicyItem): boolean {
  if (item.tenantId !== principal.tenantId || !hasRole(principal, ...READ_ROLES)) return false;
  const { destinations, kleGroups, sensitive } = principal.scope;
  if (destinations !== 'all') {
    const own = item.destination !== null && destinations.includes(item.destination);
    const suggested = (REST_MAILBOX_STATES as readonly string[]).includes(item.state) && item.suggestedDestinations.some((d) => destinations.includes(d));
    if (!own && !suggested) return false;
  }
  if (kleGroups !== 'all') {
    const group = kleGroupOf(item.kleNr);
    if (group === null || !kleGroups.includes(group)) return false;
  }
  return sensitive || item.sensitive.length === 0;
}

export function mayChange(principal: Principal, item: PolicyItem): boolean {
  return mayRead(principal, item) && hasRole(principal, ...CHANGE_ROLES);
}

/** The same rules as a condition on `items` (the query must select from `items`). */
export function readableItems(principal: Principal): SQL {
  if (!hasRole(principal, ...READ_ROLES)) return sql`false`;
  const { destinations, kleGroups, sensitive } = principal.scope;
  const conditions: (SQL | undefined)[] = [eq(items.tenantId, principal.tenantId)];
  if (destinations !== 'all') {
    if (destinations.length === 0) return sql`false`;
    conditions.push(sql`(${inArray(items.destination, [...destinations])} or (${inArray(items.state, [...REST_MAILBOX_STATES])} and ${suggestsOneOf(destinations)}))`);
  }
  if (kleGroups !== 'all') {
    if (kleGroups.length === 0) return sql`false`;
    conditions.push(sql`(${items.kleNr} ~ '^[0-9]{2}\\.[0-9]{2}' and substr(${items.kleNr}, 1, 5) in (${sql.join(kleGroups.map((g) => sql`${g}`), sql`, `)}))`);
  }
  if (!sensitive) conditions.push(sql`cardinality(${items.sensitive}) = 0`);
  return and(...conditions)!;
}

/** The items the principal may change: the readable ones when the role acts on post, none otherwise. */
export function changeableItems(principal: Principal): SQL {
  return hasRole(principal, ...CHANGE_ROLES) ? readableItems(principal) : sql`false`;
}

/** A suggestion of the item's current round's route decision names one of `destinations` (jsonb containment). */
function suggestsOneOf(destinations: readonly string[]): SQL {
  const contains = destinations.map((d) => sql`${decisions.outcome} -> 'suggestions' @> ${JSON.stringify([{ destination: d }])}::jsonb`);
  return sql`exists (select 1 from ${decisions} where ${decisions.itemId} = ${items.id} and ${decisions.stage} = 'route' and ${decisions.round} = ${items.round} and (${sql.join(contains, sql` or `)}))`;
}

/** The suggested destinations of a stored route outcome (the `suggestions` of core/outcomes.ts RouteOutcome). */
export function suggestedDestinationsOf(outcome: unknown): string[] {
  const suggestions = (outcome as { suggestions?: unknown } | null)?.suggestions;
  if (!Array.isArray(suggestions)) return [];
  return suggestions.flatMap((s) => (s && typeof (s as { destination?: unknown }).destination === 'string' ? [(s as { destination: string }).destination] : []));
}
