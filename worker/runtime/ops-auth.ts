// Who may call the ops listener's POST routes. Writes (`/redistribute`) change where a citizen's post goes
// and receipts (`/fk/kvittering`) can send an item back to the rest mailbox, so neither is served to a
// caller we cannot name: a write needs a shared secret (Bearer, from an environment variable) or a listed
// client certificate; a receipt needs Fordelingskomponenten's certificate, pinned by fingerprint. The
// configuration (`http` in the work file) is declared here, beside the policy it feeds.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** "ab:cd:…" / "ABCD…" (64 hex digits) → "AB:CD:…", the form Node reports (X509Certificate.fingerprint256). */
export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/[:\s]/g, '').toUpperCase();
  return hex.match(/../g)!.join(':');
}

export const Sha256Fingerprint = z
  .string()
  .regex(/^\s*([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}\s*$/, 'a SHA-256 certificate fingerprint: 64 hex digits, colons optional (openssl x509 -noout -fingerprint -sha256)')
  .transform(normalizeFingerprint);

export const OpsHttpSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(9464),
  /** HTTPS for the ops listener; `clientCaFile` verifies client certificates (FK's, staff systems'). Paths relative to the work file. */
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1), clientCaFile: z.string().min(1), passphraseEnv: z.string().optional() }).strict().optional(),
  /** Shared secrets for the write routes: `Authorization: Bearer <value of $env>`; the caller is recorded as `token:<name>`. */
  writeTokens: z.array(z.object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a short name: letters, digits, ".", "_" and "-"'),
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable'),
  }).strict()).default([]),
  /** Client certificates (verified by `tls.clientCaFile`) that may call the write routes; recorded as `cert:<CN> <fingerprint>`. */
  writeClientSha256: z.array(Sha256Fingerprint).default([]),
}).strict().superRefine((http, context) => {
  if (http.writeClientSha256.length && !http.tls) context.addIssue({ code: 'custom', path: ['writeClientSha256'], message: 'client certificates need `http.tls` (the listener must serve HTTPS)' });
  const names = http.writeTokens.map((t) => t.name);
  names.forEach((name, index) => names.indexOf(name) !== index && context.addIssue({ code: 'custom', path: ['writeTokens', index, 'name'], message: `"${name}" is listed twice` }));
}).default({ host: '127.0.0.1', port: 9464, writeTokens: [], writeClientSha256: [] });
export type OpsHttpConfig = z.infer<typeof OpsHttpSchema>;

/** What a route sees of a request before its body is read. */
export interface RequestCredentials {
  authorization?: string;
  /** The TLS client certificate, when one was presented. `verified`: it chains to `tls.clientCaFile`. */
  clientCert?: { verified: boolean; fingerprint256: string; cn: string };
}

export type Admission = { ok: true; caller: string } | { ok: false; status: 401 | 403; reason: string };

export interface OpsAuthPolicy {
  /** Served at all? With a reason for the start-up log when not. */
  writes: { served: true } | { served: false; why: string };
  receipts: { mode: 'pinned' | 'token'; why: string } | { mode: 'off'; why: string };
  admitWrite(credentials: RequestCredentials): Admission;
  admitReceipt(credentials: RequestCredentials): Admission;
}

export interface OpsAuthSettings {
  listenerHost: string;
  tls: boolean;
  /** Secrets already read from the environment. */
  tokens: { name: string; secret: string }[];
  writeClientSha256: readonly string[];
  /** `overdragelse.receiptCallerSha256`: FK's certificate(s). */
  receiptCallerSha256: readonly string[];
}

const MIN_SECRET_LENGTH = 32;

/** The write secrets named in `http.writeTokens`, read from the environment; a missing or short one stops the start. */
export function readWriteTokens(http: Pick<OpsHttpConfig, 'writeTokens'>, env: NodeJS.ProcessEnv): { name: string; secret: string }[] {
  return http.writeTokens.map(({ name, env: variable }) => {
    const secret = env[variable] ?? '';
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`http.writeTokens "${name}": the environment variable ${variable} ${secret ? `holds fewer than ${MIN_SECRET_LENGTH} characters` : 'is not set'} (use e.g. \`openssl rand -hex 32\`)`);
    }
    return { name, secret };
  });
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function createOpsAuth(settings: OpsAuthSettings): OpsAuthPolicy {
  // Digests of equal length, so the comparison takes the same time whatever the caller sent.
  const tokens = settings.tokens.map((t) => ({ name: t.name, digest: digest(t.secret) }));
  const writeClients = new Set(settings.writeClientSha256.map(normalizeFingerprint));
  const receiptCallers = new Set(settings.receiptCallerSha256.map(normalizeFingerprint));
  const loopback = isLoopbackHost(settings.listenerHost);

  function byToken(authorization: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const offered = digest(match[1]!);
    let found: string | undefined;
    for (const token of tokens) if (timingSafeEqual(offered, token.digest) && !found) found = token.name;
    return found ? `token:${found}` : undefined;
  }

  function byCertificate(credentials: RequestCredentials, listed: Set<string>): string | undefined {
    const cert = credentials.clientCert;
    return cert?.verified && listed.has(cert.fingerprint256) ? `cert:${cert.cn || '(no CN)'} ${cert.fingerprint256}` : undefined;
  }

  const writesServed = tokens.length > 0 || writeClients.size > 0;
  const receipts: OpsAuthPolicy['receipts'] = receiptCallers.size && settings.tls
    ? { mode: 'pinned', why: 'only the pinned FK certificate (overdragelse.receiptCallerSha256)' }
    : loopback && tokens.length
      ? { mode: 'token', why: 'no pinned FK certificate: loopback listener, Bearer write token required' }
      : { mode: 'off', why: 'no pinned FK certificate (overdragelse.receiptCallerSha256 with http.tls), and not a loopback listener with http.writeTokens' };

  return {
    writes: writesServed ? { served: true } : { served: false, why: 'no http.writeTokens and no http.writeClientSha256 configured' },
    receipts,
    admitWrite(credentials) {
      const caller = byCertificate(credentials, writeClients) ?? byToken(credentials.authorization);
      return caller ? { ok: true, caller } : { ok: false, status: 401, reason: 'authentication required: Authorization: Bearer <token> or a listed client certificate' };
    },
    admitReceipt(credentials) {
      if (receipts.mode === 'pinned') {
        const caller = byCertificate(credentials, receiptCallers);
        return caller ? { ok: true, caller } : { ok: false, status: 403, reason: 'receipts are taken only from the pinned Fordelingskomponent certificate' };
      }
      if (receipts.mode === 'token') {
        const caller = byToken(credentials.authorization);
        return caller ? { ok: true, caller } : { ok: false, status: 401, reason: 'authentication required: Authorization: Bearer <token>' };
      }
      return { ok: false, status: 403, reason: 'receipts are not taken here' };
    },
  };
}
