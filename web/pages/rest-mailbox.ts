// Restpostkasse: the parked items with filters, top-3 suggestions, accept, place, bulk. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerRestMailboxPages(_app: FastifyInstance, _ctx: WebContext): void {}
