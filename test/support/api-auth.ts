// Test-only authentication for the HTTP API: the principal comes from the `x-test-principal` header (base64url
// JSON, checked against the Principal schema), so tests can ask as any role and scope without a login.
// Never shipped: api/ cannot import test/, and `fordeler serve` uses api/auth.
import type { FastifyPluginAsync } from 'fastify';
import { PrincipalSchema, type Principal } from '../../api/principal.js';

export const TEST_PRINCIPAL_HEADER = 'x-test-principal';

export const testAuth: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request) => {
    const raw = request.headers[TEST_PRINCIPAL_HEADER];
    if (typeof raw !== 'string') return;
    const parsed = PrincipalSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    request.principal = parsed.success ? parsed.data : null;
  });
};
Object.assign(testAuth, { [Symbol.for('skip-override')]: true });

export function asPrincipal(principal: Principal): Record<string, string> {
  return { [TEST_PRINCIPAL_HEADER]: Buffer.from(JSON.stringify(principal)).toString('base64url') };
}

/** A principal of tenant `norrea`; by default a journal worker who sees everything. */
export function principal(overrides: Omit<Partial<Principal>, 'scope'> & { scope?: Partial<Principal['scope']> } = {}): Principal {
  const { scope, ...rest } = overrides;
  return {
    subject: 'mette@norrea',
    displayName: 'Mette Journal',
    tenantId: 'norrea',
    roles: ['journal'],
    via: 'local',
    ...rest,
    scope: { destinations: 'all', kleGroups: 'all', sensitive: true, ...scope },
  };
}
