// The work file's data-protection and outbound-event sections: how long each kind of data is kept
// (`retention`, GDPR storage limitation; default 90 days counted from the item's final state) and who
// hears about item state changes (`webhooks`, signed with a shared secret read from the environment).
// Kept apart from work-config.ts so the two features' settings are read in one place each.
import { z } from 'zod';

const Days = z.number().int().min(1).max(36500);

/** Days each kind is kept after the item reached a final state (access log and config audit: after the line was written). */
export const RetentionSettingsSchema = z.object({
  /** The original files (blobs) of an item. */
  originalDays: Days.default(90),
  /** The extracted text (body, attachment texts, entities) kept on the item. */
  extractedDays: Days.default(90),
  /** The item row itself (subject, sender, KLE, destination) — and with it everything that hangs on it. */
  metadataDays: Days.default(90),
  /** Decisions (with their reasons) and the track & trace events. */
  eventsDays: Days.default(90),
  accessLogDays: Days.default(90),
  configAuditDays: Days.default(90),
  /** How often the purge runs (default daily). */
  intervalHours: z.number().min(0.01).max(168).default(24),
}).strict();
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;
export const DEFAULT_RETENTION: RetentionSettings = RetentionSettingsSchema.parse({});

export const WebhookSubscriberSchema = z.object({
  /** A stable name: the key of the subscriber's cursor and deliveries. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
  url: z.url({ protocol: /^https?$/ }),
  /** The environment variable that holds the HMAC secret (never the secret itself in the file). */
  secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
  /** Event types to send (item_events.type, e.g. `parked`, `delivered`, `accepted`); all when left out. */
  events: z.array(z.string().min(1)).optional(),
  /** Attempts before a delivery is given up (dead) and an alert raised. */
  maxAttempts: z.number().int().min(1).max(50).default(12),
}).strict();
export type WebhookSubscriber = z.infer<typeof WebhookSubscriberSchema>;
