// Legal holds over HTTP (place, lift, list; administrators). Filled in by the retention work.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.js';

export function registerLegalHoldRoutes(_app: FastifyInstance, _ctx: RouteContext): void {}
