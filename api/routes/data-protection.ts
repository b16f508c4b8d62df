// Retention, legal hold and erasure over HTTP (administrators). Filled in by the retention and erasure work.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.js';

export function registerDataProtectionRoutes(_app: FastifyInstance, _ctx: RouteContext): void {}
