// Runtime configuration from the environment, validated once at start-up.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_THRESHOLD } from '../../classifiers/trusted.js';

const EnvSchema = z.object({
  // An empty value means unset, so `DATABASE_URL= fordeler …` selects the embedded database.
  DATABASE_URL: z.preprocess((value) => (value === '' ? undefined : value), z.string().url().optional()),
  FORDELER_DATA_DIR: z.string().default('data'),
  FORDELER_TENANT: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes').default('default'),
  FORDELER_OCR_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  FORDELER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  FORDELER_ITEM_TIMEOUT_SECONDS: z.coerce.number().positive().default(180),
  FORDELER_KLE_THRESHOLD: z.coerce.number().min(0).max(1).default(DEFAULT_THRESHOLD),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export interface AppConfig {
  databaseUrl?: string;
  dataDir: string;
  tenantId: string;
  ocrWorkers: number;
  concurrency: number;
  itemTimeoutMs: number;
  /** Calibrated KLE confidence from which an item is auto-classified; below it, it is parked. */
  kleThreshold: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    dataDir: resolve(e.FORDELER_DATA_DIR),
    tenantId: e.FORDELER_TENANT,
    ocrWorkers: e.FORDELER_OCR_WORKERS,
    concurrency: e.FORDELER_CONCURRENCY,
    itemTimeoutMs: e.FORDELER_ITEM_TIMEOUT_SECONDS * 1000,
    kleThreshold: e.FORDELER_KLE_THRESHOLD,
    logLevel: e.LOG_LEVEL,
  };
}
