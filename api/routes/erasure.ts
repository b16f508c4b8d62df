// Erasure on request over HTTP (by CPR, CVR or item, with a report; administrators). Filled in by the erasure work.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.js';

export function registerErasureRoutes(_app: FastifyInstance, _ctx: RouteContext): void {}
