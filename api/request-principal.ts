// Who is asking, on the request itself: the authentication plugin (api/auth, or a test plugin) sets
// `request.principal`; every route that reveals or writes items calls requirePrincipal first, so no such
// route can answer an anonymous caller (401) or a caller whose role does not fit (403).
import type { FastifyRequest } from 'fastify';
import { hasRole, type Principal, type Role } from './principal.js';
import { ApiProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication plugin; null when the request carries no valid credentials. */
    principal: Principal | null;
  }
}

/** The request's principal when it has one of `roles` (any role when none are named); else 401/403. */
export function requirePrincipal(request: FastifyRequest, ...roles: Role[]): Principal {
  const principal = request.principal;
  if (!principal) throw new ApiProblem('unauthenticated');
  if (roles.length > 0 && !hasRole(principal, ...roles)) throw new ApiProblem('forbidden');
  return principal;
}
