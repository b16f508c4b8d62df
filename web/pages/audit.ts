// Revision: the access log and the configuration audit, for auditors. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerAuditPages(_app: FastifyInstance, _ctx: WebContext): void {}
