// Configuration of one IMAP account and its mailboxes, and how its credentials are found.
// Secrets are named here (an environment variable, a mounted file), not written into the config, and
// are read at every connect, so a rotated password or a refreshed OAuth2 access token is picked up on
// the next reconnect. Error messages name the account and where the secret should be, never its value.
import { readFile as readFileFromDisk } from 'node:fs/promises';
import { isIP } from 'node:net';
import { z } from 'zod';

const KEYWORD = /^\$?[A-Za-z0-9_.-]{1,64}$/;
// Mailbox paths use `/` between levels whatever the server's delimiter is (see mailboxPathParts).
const MAILBOX_PATH = z
  .string()
  .trim()
  .min(1)
  .refine((path) => !path.split('/').some((part) => part === ''), 'no empty levels (leading, trailing or double "/")');

export const ImapMailboxSchema = z
  .object({
    path: MAILBOX_PATH.default('INBOX'),
    /** Where a stored message is moved in mode `move`; created when missing. */
    processedFolder: MAILBOX_PATH.default('Fordeler/Behandlet'),
    /** `move` empties the mailbox; `flag` leaves messages where they are (for shared mailboxes staff also read). */
    mode: z.enum(['move', 'flag']).default('move'),
    /** The keyword set on a stored message in mode `flag`. */
    flag: z.string().regex(KEYWORD, 'an IMAP keyword such as $FordelerStored').default('$FordelerStored'),
    /** Messages whose envelopes are fetched at once; only UIDs of the whole backlog are held in memory. */
    batchSize: z.number().int().min(1).max(1000).default(50),
  })
  .strict()
  .refine((mailbox) => mailbox.mode !== 'move' || mailbox.processedFolder !== mailbox.path, {
    message: 'processedFolder must differ from path',
    path: ['processedFolder'],
  });

const OAuth2Schema = z
  .object({
    /** Environment variable holding an access token (Exchange Online: XOAUTH2). */
    accessTokenEnv: z.string().min(1).optional(),
    /** File holding an access token, e.g. written by a token-refreshing sidecar. */
    accessTokenFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((oauth2) => (oauth2.accessTokenEnv === undefined) !== (oauth2.accessTokenFile === undefined), {
    message: 'set exactly one of accessTokenEnv and accessTokenFile',
  });

const CREDENTIAL_KEYS = ['password', 'passwordEnv', 'passwordFile', 'oauth2'] as const;

export const ImapAccountSchema = z
  .object({
    /** Stable short name, part of the source name `imap:<id>/<mailbox>`; renaming it re-reads the mailbox. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-"'),
    host: z.string().trim().min(1),
    port: z.number().int().min(1).max(65535),
    /** TLS from the first byte (port 993). */
    secure: z.boolean().default(false),
    /** Require STARTTLS on a plain connection. Default: required, except on a loopback host. */
    startTls: z.boolean().optional(),
    user: z.string().min(1),
    /** Discouraged: the password then lives in the configuration file. */
    password: z.string().min(1).optional(),
    passwordEnv: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    oauth2: OAuth2Schema.optional(),
    /** Mailboxes read as sources. None: an account only written to (the rest mailbox, imap-folder destinations). */
    mailboxes: z.array(ImapMailboxSchema).default([]),
    /** Wait for new mail with IMAP IDLE when the server offers it. */
    idle: z.boolean().default(true),
    /** Polling interval; the only way to see new mail without IDLE, and a safety net with it. */
    pollSeconds: z.number().int().min(1).max(3600).default(60),
    tls: z.object({ rejectUnauthorized: z.boolean().optional() }).strict().optional(),
  })
  .strict()
  .superRefine((account, context) => {
    const given = CREDENTIAL_KEYS.filter((key) => account[key] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: `set exactly one of ${CREDENTIAL_KEYS.join(', ')} (found ${given.length === 0 ? 'none' : given.join(', ')})`,
      });
    }
    const paths = account.mailboxes.map((mailbox) => mailbox.path);
    const repeated = paths.find((path, index) => paths.indexOf(path) !== index);
    if (repeated !== undefined) context.addIssue({ code: 'custom', path: ['mailboxes'], message: `mailbox ${repeated} is listed twice` });
  })
  .transform(({ startTls, ...account }) => ({ ...account, startTls: startTls ?? !isLoopbackHost(account.host) }));

export type ImapAccountConfig = z.output<typeof ImapAccountSchema>;
export type ImapMailboxConfig = z.output<typeof ImapMailboxSchema>;

/** What imapflow's `auth` option needs: a password, or an OAuth2 access token sent with XOAUTH2. */
export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

export type ReadSecretFile = (path: string) => Promise<string>;

export class ImapConfigError extends Error {
  override readonly name = 'ImapConfigError';
}

/** Parses one account; the error lists every problem with its field path (and never a value). */
export function parseImapAccount(input: unknown): ImapAccountConfig {
  const parsed = ImapAccountSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const id = typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string' ? input.id : '?';
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(account)'}: ${issue.message}`).join('; ');
  throw new ImapConfigError(`IMAP account "${id}" is invalid: ${problems}`);
}

export async function resolveImapAuth(
  account: ImapAccountConfig,
  env: NodeJS.ProcessEnv = process.env,
  readFile: ReadSecretFile = (path) => readFileFromDisk(path, 'utf8'),
): Promise<ImapAuth> {
  const fail = (problem: string): never => {
    throw new ImapConfigError(`IMAP account "${account.id}": ${problem}`);
  };
  const fromEnv = async (name: string, what: string): Promise<string> =>
    env[name]?.trim() || fail(`environment variable ${name} (${what}) is not set or empty`);
  const fromFile = async (path: string, what: string): Promise<string> => {
    let content: string;
    try {
      content = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return fail(`cannot read ${what} file ${path} (${code})`);
    }
    // Secret files usually end with a newline that is not part of the secret.
    return content.trim() || fail(`${what} file ${path} is empty`);
  };

  const { user, oauth2 } = account;
  if (oauth2?.accessTokenEnv !== undefined) return { user, accessToken: await fromEnv(oauth2.accessTokenEnv, 'OAuth2 access token') };
  if (oauth2?.accessTokenFile !== undefined) return { user, accessToken: await fromFile(oauth2.accessTokenFile, 'OAuth2 access token') };
  if (account.passwordEnv !== undefined) return { user, pass: await fromEnv(account.passwordEnv, 'password') };
  if (account.passwordFile !== undefined) return { user, pass: await fromFile(account.passwordFile, 'password') };
  if (account.password !== undefined) return { user, pass: account.password };
  return fail('no credentials configured');
}

/** imapflow joins an array path with the server's own delimiter, so `/` in the config works everywhere. */
export function mailboxPathParts(path: string): string[] {
  return path.split('/');
}

function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1';
}
