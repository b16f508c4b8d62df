// Fejlede forsendelser: the failed list, retry one or all. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerFailedPages(_app: FastifyInstance, _ctx: WebContext): void {}
