// The configuration of `fordeler work`: environment variables for where things are (database, Redis,
// data folder) and a JSON file for what to read (mailboxes, drop folders, sidecar mappings) and how
// to run the stages. Validated once at start-up; errors name the field.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { combineSidecarFormats, parseSidecarFormats, type SidecarFormat } from '../adapters/extract/sidecar.js';
import { parseXmlMappings, type XmlMapping } from '../adapters/extract/xml-mapping.js';
import type { AppConfig } from './config.js';
import { AlertsSchema, DestinationsSchema, FiludvekslingSchema, RestMailboxSchema, SmtpSchema } from '../adapters/handover/destination-config.js';
import { JOB_STAGES, defaultStagePolicies, type StagePolicies } from './jobs.js';
import { DEFAULT_JUNK_POLICY, JunkPolicySchema } from '../../classifiers/junk.js';
import { DEFAULT_RETENTION, RetentionSettingsSchema, WebhookSubscriberSchema } from './data-protection-config.js';
import { OpsHttpSchema, Sha256Fingerprint } from './ops-auth.js';
import { endpointProblem } from '../adapters/overdragelse/client.js';
import { checkSidecarFormatIds, parseDropFolder, type DropFolderConfig } from '../sources/drop-folder-config.js';
import { parseImapAccount, type ImapAccountConfig } from '../sources/imap/config.js';

const StagePolicyOverride = z.object({
  concurrency: z.number().int().min(1).max(64).optional(),
  attempts: z.number().int().min(1).max(50).optional(),
  backoffSeconds: z.number().min(0).max(3600).optional(),
}).strict();

/**
 * The routing-safety gate (core/stages/route-safety.ts): the misroute rate the tenant accepts, from which
 * the threshold is chosen on its confirmed decisions (worker/runtime/knowledge.ts), or a fixed
 * threshold; and the gate's other two settings when the defaults (classifiers/destination-risk.ts) do not suit.
 */
export const RoutingSettingsSchema = z.object({
  /** The share of routed items that may go to the wrong destination (default 1 %: needs ≥ 99 confirmed decisions). */
  targetMisroute: z.number().gt(0).max(0.5).default(0.01),
  /** A fixed threshold instead of the chosen one (0.5–1). */
  threshold: z.number().min(0.5).max(1).optional(),
  /** The runner-up destination must be below this share of the top one. */
  closeRatio: z.number().gt(0).max(1).optional(),
  /** Sensitive items need threshold + (1 − threshold) · this. */
  sensitiveTightening: z.number().min(0).max(1).optional(),
}).strict();
export type RoutingSettings = z.infer<typeof RoutingSettingsSchema>;

export const WorkFileSchema = z.object({
  /** Rule file, relative to the config file. */
  rules: z.string().min(1),
  /** IMAP accounts, each with its mailboxes (worker/sources/imap/config.ts). */
  imap: z.array(z.unknown()).default([]),
  /** Digital Post and scanning-bureau folders (worker/sources/drop-folder-config.ts). */
  dropFolders: z.array(z.unknown()).default([]),
  /** Extra scanning-bureau sidecar mappings (worker/adapters/extract/sidecar.ts). */
  sidecarFormats: z.array(z.unknown()).default([]),
  /** The tenant's XML mappings: sidecar, MeMo AdditionalContentData and XML-attachment values as typed rule facts (worker/adapters/extract/xml-mapping.ts). */
  xmlMappings: z.array(z.unknown()).default([]),
  /** Folder handover: one folder per destination; also where documents are placed for Overdragelse. Default `<data dir>/outbox`. */
  outbox: z.string().optional(),
  /** Fordelingskomponenten / Overdragelse (SF2900) for the listed destinations. */
  overdragelse: z
    .object({
      /** https:// — plain http:// only to 127.0.0.1, ::1 or localhost (worker/adapters/overdragelse/client.ts). */
      endpoint: z.string().url().superRefine((url, context) => { const problem = endpointProblem(url); if (problem) context.addIssue({ code: 'custom', message: problem }); }),
      municipalityCvr: z.string().regex(/^\d{8}$/, 'the municipality CVR: 8 digits'),
      systemUuid: z.string().uuid(),
      timeoutSeconds: z.number().min(1).max(600).default(30),
      /** mTLS: paths (relative to this file) of the system certificate, its key and the CA. */
      tls: z.object({ certFile: z.string(), keyFile: z.string(), caFile: z.string().optional(), passphraseEnv: z.string().optional() }).strict().optional(),
      /** Documents up to this size travel inside the request; larger ones by Filudveksling (SFTP). */
      inlineLimitMB: z.number().min(0).max(120).default(10),
      /** Ask FordelingsmodtagerList whether a KLE emne has a receiver before handing over (answers cached 10 min). */
      checkReceivers: z.boolean().default(true),
      /** FK's certificate(s) for the receipt callback (/fk/kvittering, mTLS on `http.tls`), pinned by SHA-256 fingerprint. */
      receiptCallerSha256: z.array(Sha256Fingerprint).default([]),
    })
    .strict()
    .optional(),
  /** Where routed items go, by the destination ids the rules name (worker/adapters/handover/destination-config.ts). */
  destinations: DestinationsSchema,
  /** SFTP for documents above `overdragelse.inlineLimitMB`. */
  filudveksling: FiludvekslingSchema.optional(),
  /** The IMAP rest mailbox: parked items as messages, re-distribution by folder move. */
  restMailbox: RestMailboxSchema.optional(),
  smtp: SmtpSchema.optional(),
  alerts: AlertsSchema.optional(),
  reconcile: z.object({
    staleSeconds: z.number().min(1).default(900),
    intervalSeconds: z.number().min(1).default(60),
    /** A delivered item's business receipt is overdue after this long: the same round is sent again. */
    receiptOverdueSeconds: z.number().min(1).default(600),
  }).strict().default({ staleSeconds: 900, intervalSeconds: 60, receiptOverdueSeconds: 600 }),
  stages: z.partialRecord(z.enum(JOB_STAGES), StagePolicyOverride).default({}),
  /** Junk and machine mail is never routed: park it in the rest mailbox, or keep it for `keepDays` (classifiers/junk.ts). */
  junk: JunkPolicySchema.default(DEFAULT_JUNK_POLICY),
  /** The routing-safety gate: target misroute rate, or a fixed threshold (RoutingSettingsSchema). */
  routing: RoutingSettingsSchema.default({ targetMisroute: 0.01 }),
  /** How long each kind of data is kept, in days from the final state (worker/runtime/data-protection-config.ts). */
  retention: RetentionSettingsSchema.default(DEFAULT_RETENTION),
  /** Subscribers that receive item state changes as signed webhooks. */
  webhooks: z.array(WebhookSubscriberSchema).default([]),
  /** The ops listener: address, HTTPS, and who may call its POST routes (worker/runtime/ops-auth.ts). */
  http: OpsHttpSchema,
  /** `fordeler serve`'s login settings, as an auth file holds them; checked there by api/auth/config.ts (worker/ does not import api/). */
  auth: z.unknown().optional(),
}).strict().superRefine((file, context) => {
  const accounts = new Set(file.imap.map((raw) => (typeof raw === 'object' && raw && 'id' in raw ? String(raw.id) : '')));
  const problem = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  for (const [id, destination] of Object.entries(file.destinations)) {
    if (destination.kind === 'overdragelse' && !file.overdragelse) problem(['destinations', id], 'an overdragelse destination needs the `overdragelse` section');
    if (destination.kind === 'imap-folder' && !accounts.has(destination.account)) problem(['destinations', id, 'account'], `no IMAP account "${destination.account}" in \`imap\``);
    if (destination.kind === 'smtp' && !file.smtp) problem(['destinations', id], 'an smtp destination needs the `smtp` section');
  }
  if (file.restMailbox && !accounts.has(file.restMailbox.account)) problem(['restMailbox', 'account'], `no IMAP account "${file.restMailbox.account}" in \`imap\``);
  if (file.alerts && !file.smtp) problem(['alerts'], 'alerts are mailed: they need the `smtp` section');
  if (file.filudveksling && !file.overdragelse) problem(['filudveksling'], 'Filudveksling carries documents for the `overdragelse` section');
  if (file.overdragelse?.receiptCallerSha256.length && !file.http.tls) problem(['overdragelse', 'receiptCallerSha256'], 'a pinned FK certificate is checked on HTTPS: it needs `http.tls`');
});

export type WorkFile = z.infer<typeof WorkFileSchema>;

const WorkEnvSchema = z.object({
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  FORDELER_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).default('fordeler'),
  FORDELER_LOCK_SECONDS: z.coerce.number().min(1).max(600).default(30),
});

export interface WorkConfig {
  app: AppConfig;
  file: WorkFile;
  /** Paths in the file are resolved against the file's folder. */
  baseDir: string;
  rulesPath: string;
  outboxDir: string;
  imap: ImapAccountConfig[];
  dropFolders: DropFolderConfig[];
  sidecarFormats: SidecarFormat[];
  xmlMappings: XmlMapping[];
  redisUrl?: string;
  queuePrefix: string;
  lockDurationMs: number;
  policies: StagePolicies;
}

export async function loadWorkConfig(app: AppConfig, path: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkConfig> {
  const json = await readWorkFile(path);
  return parseWorkConfig(app, json, { baseDir: dirname(resolve(path)), label: `work configuration ${path}`, env });
}

async function readWorkFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the work configuration ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The sections of a work file that decide how items are read: what `fordeler process` takes from one, so it reads as `work` does. */
export interface ReadingSections {
  sidecarFormats?: unknown;
  xmlMappings?: unknown;
  /** The routing-safety settings: `process` gates routes as `work` does. */
  routing?: unknown;
}

export async function loadReadingSections(path: string): Promise<ReadingSections> {
  const json = await readWorkFile(path);
  const file = typeof json === 'object' && json !== null ? (json as ReadingSections) : {};
  return {
    ...(file.sidecarFormats !== undefined ? { sidecarFormats: file.sidecarFormats } : {}),
    ...(file.xmlMappings !== undefined ? { xmlMappings: file.xmlMappings } : {}),
    ...(file.routing !== undefined ? { routing: file.routing } : {}),
  };
}

/**
 * `fordeler process`: a work configuration with nothing but the rule file (and a work file's reading sections, when given) — no sources, no destinations,
 * never Redis — and stage policies for a batch: the stages run once (a failure is reported, not retried
 * later; the user runs the command again) and extraction runs FORDELER_CONCURRENCY items at a time.
 */
export function processWorkConfig(app: AppConfig, rulesPath: string, reading: ReadingSections = {}): WorkConfig {
  const config = parseWorkConfig(app, { rules: resolve(rulesPath), ...reading }, { baseDir: process.cwd(), label: 'process settings', env: {} });
  for (const policy of Object.values(config.policies)) policy.attempts = 1;
  config.policies.extract.concurrency = app.concurrency;
  return config;
}

export function parseWorkConfig(app: AppConfig, json: unknown, options: { baseDir: string; label: string; env: NodeJS.ProcessEnv }): WorkConfig {
  const parsed = WorkFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Invalid ${options.label}: ${formatIssues(parsed.error)}`);
  const envParsed = WorkEnvSchema.safeParse(options.env);
  if (!envParsed.success) throw new Error(`Invalid configuration: ${formatIssues(envParsed.error)}`);
  const file = parsed.data;
  const { baseDir } = options;
  const policies = defaultStagePolicies(app.ocrWorkers);
  for (const [stage, override] of Object.entries(file.stages) as [keyof StagePolicies, z.infer<typeof StagePolicyOverride>][]) {
    policies[stage] = {
      concurrency: override.concurrency ?? policies[stage].concurrency,
      attempts: override.attempts ?? policies[stage].attempts,
      backoffMs: override.backoffSeconds !== undefined ? override.backoffSeconds * 1000 : policies[stage].backoffMs,
    };
  }
  const sidecarFormats = combineSidecarFormats(parseSidecarFormats(file.sidecarFormats));
  const xmlMappings = parseXmlMappings(file.xmlMappings);
  // Folder paths in the file are relative to the file, like the rule file.
  const dropFolders = file.dropFolders.map((raw) => parseDropFolder(resolvePaths(raw, baseDir, ['path', 'processedDir', 'failedDir'])));
  checkSidecarFormatIds(dropFolders, sidecarFormats.map((format) => format.id));
  return {
    app,
    file,
    baseDir,
    imap: file.imap.map((raw) => parseImapAccount(resolvePaths(raw, baseDir, ['passwordFile']))),
    dropFolders,
    sidecarFormats,
    xmlMappings,
    rulesPath: resolve(baseDir, file.rules),
    outboxDir: file.outbox ? resolve(baseDir, file.outbox) : resolve(app.dataDir, 'outbox'),
    ...(envParsed.data.REDIS_URL ? { redisUrl: envParsed.data.REDIS_URL } : {}),
    queuePrefix: envParsed.data.FORDELER_QUEUE_PREFIX,
    lockDurationMs: envParsed.data.FORDELER_LOCK_SECONDS * 1000,
    policies,
  };
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

function resolvePaths(raw: unknown, baseDir: string, keys: string[]): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const copy: Record<string, unknown> = { ...raw };
  for (const key of keys) if (typeof copy[key] === 'string') copy[key] = resolve(baseDir, copy[key]);
  return copy;
}
