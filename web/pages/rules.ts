// Regler: published and draft rule sets, the draft editor with inline validation, simulate, publish, roll back, audit. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerRulesPages(_app: FastifyInstance, _ctx: WebContext): void {}
