// Data protection over HTTP, for administrators: legal holds (api/routes/legal-holds.ts) and erasure on
// request by CPR, CVR or item with its report (api/routes/erasure.ts). Retention itself runs in `fordeler work`.
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.js';
import { registerErasureRoutes } from './erasure.js';
import { registerLegalHoldRoutes } from './legal-holds.js';

export function registerDataProtectionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  registerLegalHoldRoutes(app, ctx);
  registerErasureRoutes(app, ctx);
}
