// What a page handler works with: the API's route context (the same stores, policy and actions as the
// JSON API — a page is another view of the same data, never a second implementation), and two request
// helpers: the person behind the request (else a redirect to login, back to this page afterwards) and the
// session's CSRF token for the page's forms.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../api/context.js';
import { hasRole, type Principal, type Role } from '../api/principal.js';
import { messagePage, type Section } from './layout.js';

export type WebContext = RouteContext;

/** The person, or undefined after replying: a redirect to login (none) or a Danish "no access" page (wrong role). */
export async function pagePrincipal(request: FastifyRequest, reply: FastifyReply, roles: readonly Role[], active?: Section): Promise<Principal | undefined> {
  const principal = request.principal;
  if (!principal) {
    await reply.redirect(`/auth/login?returnTo=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  if (roles.length > 0 && !hasRole(principal, ...roles)) {
    await sendPage(reply.code(403), messagePage({ title: 'Ingen adgang', principal, ...(active ? { active } : {}), message: 'Din rolle giver ikke adgang til denne side.' }).value);
    return undefined;
  }
  return principal;
}

/** The session's CSRF token for forms and htmx (undefined for a bearer request, which has no session). */
export const csrfTokenFor = (request: FastifyRequest, reply: FastifyReply): string | undefined =>
  request.session ? reply.generateCsrf() : undefined;

/** A whole page or an htmx fragment: HTML, never cached, no sniffing, framed by nobody. */
export function sendPage(reply: FastifyReply, body: string): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
    .send(body);
}

/** The item "not found" page: the same for a missing id and one outside the person's scope. */
export const notFoundPage = (principal: Principal, active?: Section) =>
  messagePage({ title: 'Ikke fundet', principal, ...(active ? { active } : {}), message: 'Forsendelsen findes ikke, eller du har ikke adgang til den.' });

