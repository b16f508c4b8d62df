// Local login, for trying Fordeler on the embedded default without an identity provider: `POST /auth/local`
// with a username and password from the configured user list (passwords stored as scrypt hashes, compared in
// constant time). It is refused at start-up in production mode — NODE_ENV=production, or PostgreSQL
// (DATABASE_URL or a PostgreSQL database) — because a password list in a file is not how a municipality
// lets staff see citizens' post: there, people log in through the identity provider.
import './types.js';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuthConfig } from './config.js';
import { principalFromGroups, type GroupMapping } from './group-mapping.js';
import { sendProblem } from '../problem.js';
import type { SessionAuth } from './sessions.js';

export class LocalLoginRefusedError extends Error {
  override readonly name = 'LocalLoginRefusedError';
}

export interface ProductionSignals {
  env: NodeJS.ProcessEnv;
  databaseKind?: 'pglite' | 'postgres';
}

/** Throws, saying why, when local login is configured in production mode. */
export function assertLocalLoginAllowed(signals: ProductionSignals): void {
  const why = [
    signals.env.NODE_ENV === 'production' ? 'NODE_ENV=production' : undefined,
    signals.env.DATABASE_URL ? 'DATABASE_URL is set' : undefined,
    signals.databaseKind === 'postgres' ? 'the database is PostgreSQL' : undefined,
  ].filter(Boolean);
  if (why.length) {
    throw new LocalLoginRefusedError(
      `auth.localLogin is refused in production mode (${why.join(', ')}): local passwords are for trying Fordeler on the embedded default only. Log in through the identity provider (auth.oidc) instead; see docs/login.md.`,
    );
  }
}

const N = 16384, R = 8, P = 1, KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** The stored form of a password: scrypt$N$r$p$salt$hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const cost = Number(n);
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: cost, r: Number(r), p: Number(p), maxmem: 256 * cost * Number(r) + 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();

export interface LocalLoginSettings {
  users: AuthConfig['localUsers'];
  mapping: GroupMapping;
  tenantId: string;
  sessions: SessionAuth;
}

export function registerLocalLogin(app: FastifyInstance, settings: LocalLoginSettings): void {
  // An unknown user costs the same time as a known one.
  const decoy = hashPassword(randomBytes(16).toString('hex'));
  app.post('/auth/local', { schema: { tags: ['auth'], summary: 'Local login with a configured user (embedded trial only; refused in production mode)' } }, async (request, reply) => {
    // JSON only: a cross-site form cannot post it without a CORS preflight.
    if (!request.headers['content-type']?.toLowerCase().startsWith('application/json')) {
      return sendProblem(reply, 'unsupported_media_type');
    }
    const body = LoginBody.safeParse(request.body);
    if (!body.success) return sendProblem(reply, 'login_incomplete');
    const user = settings.users.find((candidate) => candidate.username === body.data.username);
    const matches = await verifyPassword(body.data.password, user?.passwordHash ?? (await decoy));
    if (!user || !matches) {
      request.log.info({ code: 'auth.local.refused' }, 'local login refused');
      return sendProblem(reply, 'login_refused');
    }
    const mapped = principalFromGroups({ subject: `local:${user.username}`, displayName: user.displayName, tenantId: settings.tenantId, via: 'local' }, user.groups, settings.mapping);
    if (!mapped.ok) return sendProblem(reply, 'no_access');
    await settings.sessions.start(request, reply, mapped.principal);
    request.log.info({ code: 'auth.login', via: 'local', groups: mapped.groups }, 'logged in');
    reply.header('cache-control', 'no-store');
    return { principal: mapped.principal };
  });
}
