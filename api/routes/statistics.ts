// Statistics and the item export over HTTP. Filled in by the statistics work.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.js';

export function registerStatisticsRoutes(_app: FastifyInstance, _ctx: RouteContext): void {}
