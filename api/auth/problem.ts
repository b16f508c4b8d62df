// Refusals from the login routes as RFC 9457 problem documents, the form the rest of the API answers in:
// a stable machine-readable code and a Danish text for staff. Never the token, code or password sent.
import type { FastifyReply } from 'fastify';

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail });
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 415: 'Unsupported Media Type', 503: 'Service Unavailable' };
