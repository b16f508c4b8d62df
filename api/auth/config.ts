// The `auth` settings: who may log in and how (the municipality's OIDC identity provider for people,
// signed JWTs for machine clients, a local user list only for trying Fordeler on the embedded default),
// and what each identity-provider group grants. Secrets are named here (an environment variable, a
// mounted file), read by readAuthSecrets, and never logged; an error names the field, never a value.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { RoleSchema } from '../principal.js';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const KLE_GROUP = /^\d{2}\.\d{2}$/;

/** https, or plain http on this machine only (tests, a trial on the embedded default). */
export function isSecureOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

const SecureUrl = z.string().refine(isSecureOrLoopback, 'an https URL (plain http only on 127.0.0.1, [::1] or localhost)');

const secretSources = (prefix: string) => [prefix, `${prefix}Env`, `${prefix}File`] as const;
function atMostOneSecret(prefix: string) {
  return (value: Record<string, unknown>, context: z.RefinementCtx) => {
    const given = secretSources(prefix).filter((key) => value[key] !== undefined);
    if (given.length > 1) context.addIssue({ code: 'custom', path: [given[1]!], message: `set at most one of ${secretSources(prefix).join(', ')}` });
  };
}

export const OidcSchema = z
  .object({
    /** The identity provider's issuer identifier; its /.well-known/openid-configuration is read at the first login. */
    issuer: SecureUrl,
    clientId: z.string().min(1),
    /** Discouraged: the secret then lives in the configuration file. None of the three: a public client (PKCE only). */
    clientSecret: z.string().min(1).optional(),
    clientSecretEnv: z.string().regex(ENV_NAME, 'the name of an environment variable').optional(),
    clientSecretFile: z.string().min(1).optional(),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope token (no spaces or quotes)'))
      .default(['openid', 'profile'])
      .refine((scopes) => scopes.includes('openid'), 'must include "openid"'),
    /** The id token or userinfo claim listing the person's groups (Entra ID: `groups`, object ids or names). */
    groupsClaim: z.string().min(1).default('groups'),
    /** The claim shown as the person's name in audit lines; falls back to `preferred_username`, then `sub`. */
    nameClaim: z.string().min(1).default('name'),
  })
  .strict()
  .superRefine(atMostOneSecret('clientSecret'));

export const BearerSchema = z
  .object({
    /** The `iss` machine clients' tokens must carry. */
    issuer: z.string().min(1),
    /** The `aud` they must carry (Fordeler's API identifier). */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Where the signing keys are published. Neither this nor `jwks`: the issuer's discovery document names it. */
    jwksUri: SecureUrl.optional(),
    /** A configured public key set instead of a URL (keys rotated by changing the configuration). */
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
    /** The claim that lists the client's groups (Entra ID app roles: `roles`). */
    groupsClaim: z.string().min(1).default('groups'),
    algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1).default(['RS256', 'PS256', 'ES256', 'EdDSA']),
  })
  .strict()
  .refine((bearer) => !(bearer.jwksUri && bearer.jwks), { path: ['jwks'], message: 'set at most one of jwksUri and jwks' });

const ScopeList = (item: z.ZodString) => z.union([z.literal('all'), z.array(item).max(500)]);

export const GroupGrantSchema = z
  .object({
    roles: z.array(RoleSchema).min(1),
    /** 'all', or the destinations whose items members see; none by default. */
    destinations: ScopeList(z.string().min(1)).default([]),
    /** 'all', or KLE grupper (NN.NN); none by default. */
    kleGroups: ScopeList(z.string().regex(KLE_GROUP, 'a KLE gruppe: NN.NN')).default([]),
    /** May see items flagged sensitive (children, health, criminal). */
    sensitive: z.boolean().default(false),
  })
  .strict();
export type GroupGrant = z.infer<typeof GroupGrantSchema>;

/** scrypt$<N>$<r>$<p>$<salt, base64>$<hash, base64> (api/auth/local-login.ts hashPassword makes one). */
export const SCRYPT_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

const LocalUserSchema = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits, ".", "_", "@" and "-"'),
    displayName: z.string().min(1),
    passwordHash: z.string().regex(SCRYPT_HASH, 'a scrypt hash (scrypt$N$r$p$salt$hash), never the password itself'),
    /** Groups of the `groups` mapping: local users get roles and scope exactly as identity-provider users do. */
    groups: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const AuthConfigSchema = z
  .object({
    /** Where people reach Fordeler (https://fordeler.kommune.dk); the OIDC redirect is <publicUrl>/auth/callback. */
    publicUrl: SecureUrl.optional(),
    oidc: OidcSchema.optional(),
    bearer: BearerSchema.optional(),
    groups: z.record(z.string().min(1), GroupGrantSchema).default({}),
    session: z
      .object({
        ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(480),
        idleMinutes: z.number().int().min(1).max(24 * 60).default(60),
      })
      .strict()
      .refine((s) => s.idleMinutes <= s.ttlMinutes, { path: ['idleMinutes'], message: 'must not exceed ttlMinutes' })
      .default({ ttlMinutes: 480, idleMinutes: 60 }),
    /** Signs the short-lived pending-login cookie; several API processes behind one address need the same. Default: random per process. */
    cookieSecretEnv: z.string().regex(ENV_NAME, 'the name of an environment variable').optional(),
    cookieSecretFile: z.string().min(1).optional(),
    /** Embedded trial only: refused at start-up in production mode (NODE_ENV=production or PostgreSQL). */
    localLogin: z.boolean().default(false),
    localUsers: z.array(LocalUserSchema).default([]),
  })
  .strict()
  .superRefine((auth, context) => {
    const issue = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
    if (!auth.oidc && !auth.bearer && !auth.localLogin) issue([], 'configure at least one of oidc, bearer and localLogin');
    if (auth.oidc && !auth.publicUrl) issue(['publicUrl'], 'required with oidc: the redirect URI is <publicUrl>/auth/callback');
    if (auth.publicUrl && new URL(auth.publicUrl).pathname !== '/') issue(['publicUrl'], 'the origin only (Fordeler is served at the root)');
    if (auth.cookieSecretEnv && auth.cookieSecretFile) issue(['cookieSecretFile'], 'set at most one of cookieSecretEnv and cookieSecretFile');
    if (auth.localLogin && auth.localUsers.length === 0) issue(['localUsers'], 'localLogin needs at least one user');
    if (!auth.localLogin && auth.localUsers.length > 0) issue(['localUsers'], 'only with localLogin: true');
    auth.localUsers.forEach((user, index) => {
      if (auth.localUsers.findIndex((other) => other.username === user.username) !== index) issue(['localUsers', index, 'username'], `"${user.username}" is listed twice`);
      user.groups.forEach((group, g) => !auth.groups[group] && issue(['localUsers', index, 'groups', g], `"${group}" is not in auth.groups`));
    });
  });
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

/** The settings, or an error naming every wrong field (`auth.oidc.issuer: …`). */
export function parseAuthConfig(raw: unknown, label = 'auth'): AuthConfig {
  const parsed = AuthConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${[label, ...issue.path].join('.')}: ${issue.message}`).join('; ');
  throw new AuthConfigError(`Invalid ${label} settings: ${problems}`);
}

export interface AuthSecrets {
  clientSecret?: string;
  cookieSecret?: string;
}

const MIN_COOKIE_SECRET = 32;

/** The secrets the settings name, read now; a missing one stops the start with where it was looked for. */
export function readAuthSecrets(config: AuthConfig, env: NodeJS.ProcessEnv, baseDir = process.cwd()): AuthSecrets {
  const fromEnv = (field: string, name: string) => {
    const value = env[name];
    if (!value) throw new AuthConfigError(`auth.${field}: the environment variable ${name} is not set`);
    return value.trim();
  };
  const fromFile = (field: string, path: string) => {
    const file = isAbsolute(path) ? path : resolve(baseDir, path);
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new AuthConfigError(`auth.${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const secrets: AuthSecrets = {};
  const oidc = config.oidc;
  if (oidc?.clientSecret) secrets.clientSecret = oidc.clientSecret;
  if (oidc?.clientSecretEnv) secrets.clientSecret = fromEnv('oidc.clientSecretEnv', oidc.clientSecretEnv);
  if (oidc?.clientSecretFile) secrets.clientSecret = fromFile('oidc.clientSecretFile', oidc.clientSecretFile);
  if (config.cookieSecretEnv) secrets.cookieSecret = fromEnv('cookieSecretEnv', config.cookieSecretEnv);
  if (config.cookieSecretFile) secrets.cookieSecret = fromFile('cookieSecretFile', config.cookieSecretFile);
  if (secrets.cookieSecret !== undefined && secrets.cookieSecret.length < MIN_COOKIE_SECRET) {
    throw new AuthConfigError(`auth.${config.cookieSecretEnv ? 'cookieSecretEnv' : 'cookieSecretFile'}: the secret holds fewer than ${MIN_COOKIE_SECRET} characters (use e.g. \`openssl rand -hex 32\`)`);
  }
  return secrets;
}
