// Errors as RFC 9457 problem details (application/problem+json), in Danish for staff with an English
// `detail` beside it for integrators. One place builds them, so no route echoes what a caller sent: a
// problem names the kind of failure, never the input (an item id, a search text or a body may hold a CPR number).
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** The request id, to find the log line. */
  instance: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEMS = {
  unauthenticated: { status: 401, title: 'Du er ikke logget ind', detail: 'Authentication required.' },
  forbidden: { status: 403, title: 'Din rolle giver ikke adgang til dette', detail: 'Your role does not allow this.' },
  not_found: { status: 404, title: 'Ikke fundet', detail: 'Not found.' },
  conflict: { status: 409, title: 'Forsendelsen er ikke i en tilstand, hvor det kan lade sig gøre', detail: 'The item is not in a state that allows this.' },
  unknown_destination: { status: 422, title: 'Ukendt modtager', detail: 'Unknown destination.' },
  no_suggestion: { status: 422, title: 'Forslaget findes ikke eller har ingen modtager', detail: 'No such suggestion, or it names no destination.' },
  // Rule sets (api/routes/rule-sets.ts): the invalid one carries the validator's list of problems beside it.
  rule_set_invalid: { status: 422, title: 'Regelsættet har fejl', detail: 'The rule set has errors; see `errors`.' },
  rule_set_conflict: { status: 409, title: 'Regelsættet er ikke i en tilstand, hvor det kan lade sig gøre', detail: 'The rule set is not in a state that allows this.' },
  bad_request: { status: 400, title: 'Forespørgslen er ikke gyldig', detail: 'The request is not valid.' },
  unsupported_media_type: { status: 415, title: 'Indholdstypen skal være application/json', detail: 'Content-Type must be application/json.' },
  gone: { status: 410, title: 'Originalen findes ikke længere', detail: 'The original file is no longer stored.' },
  internal: { status: 500, title: 'Intern fejl', detail: 'Internal error.' },
  // Login (api/auth): the same format as every other answer, never the token, code or password sent.
  login_refused: { status: 401, title: 'Forkert brugernavn eller adgangskode', detail: 'Wrong username or password.' },
  login_incomplete: { status: 400, title: 'Angiv brugernavn og adgangskode', detail: 'A username and a password are required.' },
  login_failed: { status: 400, title: 'Login mislykkedes. Prøv igen fra Fordelers forside.', detail: 'The login could not be completed at the identity provider.' },
  login_expired: { status: 400, title: 'Login-forsøget er udløbet eller ukendt. Prøv igen fra Fordelers forside.', detail: 'The pending login expired or is unknown.' },
  no_access: { status: 403, title: 'Du har ingen adgang til Fordeler', detail: 'None of your groups gives access to Fordeler.' },
  csrf_refused: { status: 403, title: 'CSRF-token mangler eller er ugyldigt', detail: 'Missing or invalid X-CSRF-Token header.' },
  idp_unavailable: { status: 503, title: 'Login er ikke muligt lige nu: identitetsudbyderen svarer ikke. Prøv igen om lidt.', detail: 'The identity provider does not answer.' },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

export function problem(kind: ProblemKind, requestId?: string): Problem {
  const p = PROBLEMS[kind];
  return { type: `urn:fordeler:problem:${kind.replaceAll('_', '-')}`, title: p.title, status: p.status, detail: p.detail, ...(requestId ? { instance: `urn:fordeler:request:${requestId}` } : {}) };
}

/** Thrown by routes and helpers; the app's error handler turns it into the problem response. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(readonly kind: ProblemKind) {
    super(PROBLEMS[kind].detail);
  }
}

export function sendProblem(reply: FastifyReply, kind: ProblemKind): FastifyReply {
  const body = problem(kind, reply.request.id);
  if (kind === 'unauthenticated') void reply.header('www-authenticate', 'Bearer');
  return reply.code(body.status).type('application/problem+json').header('cache-control', 'no-store').serializer(JSON.stringify).send(body);
}

/** The problem responses a route may give, for its OpenAPI entry. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema.describe('RFC 9457 problem details')]));
}
