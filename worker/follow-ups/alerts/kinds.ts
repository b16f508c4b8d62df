// The alert kinds the scanner raises, and how a mail names them in Danish (singular, plural).
export const ALERT_KIND = {
  failed: 'failed',
  receiptMissing: 'receipt_missing',
  /** Raised by db/webhook-store.ts when a webhook delivery is given up. */
  webhookDead: 'webhook_dead',
} as const;

/** What alerts of a kind are called in a subject line: "1 fejlet forsendelse", "37 fejlede forsendelser". */
export const KIND_NOUNS: Readonly<Record<string, readonly [one: string, many: string]>> = {
  [ALERT_KIND.failed]: ['fejlet forsendelse', 'fejlede forsendelser'],
  [ALERT_KIND.receiptMissing]: ['manglende kvittering', 'manglende kvitteringer'],
  [ALERT_KIND.webhookDead]: ['opgivet webhook-levering', 'opgivne webhook-leveringer'],
};
/** Kinds raised by other parts of the system later are still counted, never dropped. */
export const OTHER_NOUNS = ['anden advarsel', 'andre advarsler'] as const;

/** The short label in a listing line. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  [ALERT_KIND.failed]: 'fejlet',
  [ALERT_KIND.receiptMissing]: 'kvittering mangler',
  [ALERT_KIND.webhookDead]: 'webhook opgivet',
};
