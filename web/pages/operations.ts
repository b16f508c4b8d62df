// Drift: queue view and the health of each source, for administrators. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerOperationsPages(_app: FastifyInstance, _ctx: WebContext): void {}
