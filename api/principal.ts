// Who is asking: the authenticated person or machine client behind an API request, with what they may do
// (roles) and see (scope). Every layer below the HTTP edge takes a Principal, never a raw token or a `--by`
// string, so the acting person in audit and confirmations is the authenticated one. Roles and scopes come
// from identity-provider groups (api/auth/group-mapping.ts); the one access policy (db/access-policy.ts)
// turns a Principal into yes/no answers and SQL filters.
import { z } from 'zod';

/** administrator: everything incl. operations; journal: rules and all post; staff: the rest mailbox in scope; auditor: read-only logs. */
export const ROLES = ['administrator', 'journal', 'staff', 'auditor'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** 'all', or a list: the destinations and KLE grupper (NN.NN) whose items one may see. */
export const ScopeListSchema = z.union([z.literal('all'), z.array(z.string().min(1)).max(500)]);
export type ScopeList = z.infer<typeof ScopeListSchema>;

export const PrincipalSchema = z.object({
  /** Stable id from the identity provider (`sub`) or the machine client's id. */
  subject: z.string().min(1),
  /** For audit lines and the UI; never an e-mail of a citizen. */
  displayName: z.string().min(1),
  tenantId: z.string().min(1),
  roles: z.array(RoleSchema),
  scope: z.object({
    destinations: ScopeListSchema,
    kleGroups: ScopeListSchema,
    /** May see items flagged sensitive (children, health, criminal). */
    sensitive: z.boolean(),
  }),
  /** How the request was authenticated. */
  via: z.enum(['session', 'bearer', 'local']),
});
export type Principal = z.infer<typeof PrincipalSchema>;

export const hasRole = (principal: Principal, ...roles: Role[]): boolean => principal.roles.some((role) => roles.includes(role));
