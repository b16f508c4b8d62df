// Rule sets over HTTP (list, get, edit draft, validate, simulate, publish, rollback, audit). Filled in by the rule-set routes work.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.js';

export function registerRuleSetRoutes(_app: FastifyInstance, _ctx: RouteContext): void {}
