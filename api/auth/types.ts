// What authentication adds to every Fastify request. `principal` is the one field routes read (H6's
// api/request-principal.ts declares the same field with the same type; both declarations merge). `session`
// carries only the per-session CSRF secret, in the shape @fastify/csrf-protection reads in its
// '@fastify/session' mode — Fordeler's sessions live in the database (db/session-store.ts), not in that plugin.
// @fastify/swagger's types let routes name their OpenAPI tags and summary.
import type {} from '@fastify/swagger';
import type { Principal } from '../principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    session: { csrfSecret: string } | null;
  }
}

export {};
