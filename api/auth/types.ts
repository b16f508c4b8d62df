// What authentication adds to every Fastify request. `request.principal` is declared once, by
// api/request-principal.ts (imported here for its declaration); this plugin sets it. `request.session`
// carries only the per-session CSRF secret, in the shape @fastify/csrf-protection reads in its
// '@fastify/session' mode — Fordeler's sessions live in the database (db/session-store.ts), not in that plugin.
// @fastify/swagger's types let routes name their OpenAPI tags and summary.
import type {} from '@fastify/swagger';
import type {} from '../request-principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    session: { csrfSecret: string } | null;
  }
}

export {};
