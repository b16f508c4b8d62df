// Junk and machine mail: auto-replies, delivery reports, newsletters, what the mail gateway flagged as
// spam, and phishing. Such post must never reach a receiving system, however well its words match a KLE
// emne (issue 12: an auto-reply, a phishing mail and an advert were routed at confidence 0.8–0.9). The
// verdict is read from how the mail was sent (headers captured at extraction, `metadata.mail`) and from a
// few strong, general phishing signals; it gives typed reasons so staff see why. Pure: no I/O.
import { z } from 'zod';
import type { ExtractedContent, Reason } from '../core/model.js';

export type JunkKind = 'auto_reply' | 'delivery_status' | 'bulk' | 'gateway_spam' | 'phishing';

export interface JunkVerdict {
  junk: boolean;
  kinds: JunkKind[];
  /** One reason per signal, code `junk.<kind>.<signal>`, with the value that was seen. */
  reasons: Reason[];
}

/** The gateway's numeric spam score header (e.g. SpamAssassin `X-Spam-Score`) and the score that is spam. */
export interface JunkDetectOptions {
  spamScoreHeader?: string;
  spamScoreThreshold?: number;
}

/**
 * The tenant's choice for junk: park it in the rest mailbox marked junk, or keep it (out of the rest
 * mailbox) for `keepDays`. Either way it is never routed.
 */
const spamScore = {
  /** The gateway's numeric spam score header, e.g. `X-Spam-Score`; at or above the threshold (default 5) is spam. */
  spamScoreHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'junk.spamScoreHeader: a header name such as X-Spam-Score').optional(),
  spamScoreThreshold: z.number().optional(),
};
export const JunkPolicySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('park'), ...spamScore }).strict(),
  z.object({
    action: z.literal('keep'),
    keepDays: z.number({ error: 'junk.keepDays: how many days junk is kept (1–365) is required with action "keep"' }).int().min(1).max(365),
    ...spamScore,
  }).strict(),
], { error: 'junk.action must be "park" or "keep"' });
export type JunkPolicy = z.infer<typeof JunkPolicySchema>;
export const DEFAULT_JUNK_POLICY: JunkPolicy = { action: 'park' };

/**
 * The headers extraction keeps for this detector (lower case), besides any header whose name mentions
 * spam (gateway verdicts such as X-Spam-*, X-Proofpoint-Spam-*).
 */
export const JUNK_HEADERS = [
  'auto-submitted', 'x-autoreply', 'x-autorespond', 'x-autoresponder', 'precedence', 'list-unsubscribe', 'list-id',
  'x-failed-recipients', 'x-ms-exchange-organization-scl', 'return-path',
] as const;
export const keepsHeader = (name: string): boolean => (JUNK_HEADERS as readonly string[]).includes(name) || name.includes('spam');

const AUTO_REPLY_SUBJECT = /^\s*(?:automatisk svar|autosvar|auto[- ]?reply|automatic reply|autoreply|out of (?:the )?office(?: reply| autoreply)?|fraværende|fraværsmeddelelse|ferie ?autosvar|abwesenheitsnotiz|vacation reply)\s*[:-]/iu;
const DSN_SUBJECT = /(?:undeliver(?:ed|able)|delivery (?:status notification|has failed|failure)|returned mail|mail delivery failed|failure notice|kunne ikke leveres|kan ikke leveres|ikke-leveret|ikke leveret|leveringsstatus|levering mislykkedes)/iu;
const MACHINE_SENDER = /^(?:mailer-daemon|postmaster)@/iu;

/** Requests for credentials or account "verification": general phishing phrases, Danish and English. */
const CREDENTIAL_REQUEST = [
  /\bbekræft (?:din|dine|jeres) (?:konto|adgangskode|kodeord|identitet|e-?mail(?:adresse)?|login|oplysninger|betalingsoplysninger|kortoplysninger)/iu,
  /\b(?:opdater|verificer|valider|genaktiver) (?:din|dine|jeres) (?:konto|kontooplysninger|adgangskode|kodeord|betalingsoplysninger|kortoplysninger|postkasse|mailboks|nemid|mitid)/iu,
  /\b(?:din|jeres) (?:konto|postkasse|mailboks|adgangskode) (?:vil blive|bliver|er blevet) (?:lukket|spærret|suspenderet|deaktiveret|slettet|udløbet)/iu,
  /\b(?:indtast|angiv) (?:din|dit) (?:adgangskode|kodeord|brugernavn og adgangskode|kortnummer|cpr-nummer og adgangskode)/iu,
  /\b(?:verify|confirm|validate|update|reactivate) your (?:account|password|identity|e-?mail(?: address)?|login|payment (?:details|information)|billing (?:details|information)|mailbox)/iu,
  /\byour (?:account|mailbox|password) (?:will be|has been|is) (?:suspended|closed|locked|deactivated|disabled|deleted|expired|expiring)/iu,
  /\b(?:mailbox|postkasse(?:n)?|mailboks(?:en)?) (?:quota|storage )?(?:is full|er fuld|has exceeded|har overskredet)/iu,
];
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/iu;
const DOMAIN_LIKE = /^(?:https?:\/\/)?(?:www\.)?((?:[a-z0-9æøå](?:[a-z0-9æøå-]*[a-z0-9æøå])?\.)+[a-z]{2,})(?:[:/?#]\S*)?$/iu;
/** Public suffixes with two labels that Danish post meets; enough to compare registrable domains. */
const TWO_LABEL_SUFFIXES = new Set(['co.uk', 'org.uk', 'gov.uk', 'ac.uk', 'com.au', 'co.nz', 'co.jp', 'com.br', 'co.za']);

type Input = Pick<ExtractedContent, 'subject' | 'sender' | 'body' | 'metadata'>;

export function detectJunk(content: Input, options: JunkDetectOptions = {}): JunkVerdict {
  const mail = content.metadata.mail;
  const headers = mail?.headers ?? {};
  const header = (name: string): string | undefined => headers[name.toLowerCase()]?.trim();
  const reasons: Reason[] = [];
  const add = (kind: JunkKind, signal: string, message: string, value?: string): void => {
    reasons.push({ code: `junk.${kind}.${signal}`, message, ...(value !== undefined ? { data: { value: value.slice(0, 200) } } : {}) });
  };
  const subject = content.subject ?? '';
  const sender = content.sender.email ?? '';

  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !/^no\b/iu.test(autoSubmitted)) add('auto_reply', 'auto_submitted', `Auto-Submitted: ${autoSubmitted} (RFC 3834: sendt automatisk)`, autoSubmitted);
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    const value = header(name);
    if (value !== undefined && !/^(?:no|false|0)$/iu.test(value)) add('auto_reply', name.replace(/-/gu, '_'), `${name}-header: autosvar`, value);
  }
  const precedence = header('precedence')?.toLowerCase();
  if (precedence === 'auto_reply') add('auto_reply', 'precedence', 'Precedence: auto_reply', precedence);
  if (AUTO_REPLY_SUBJECT.test(subject)) add('auto_reply', 'subject', 'emnet er et autosvar (fravær / automatisk svar)', subject);

  const contentType = mail?.contentType?.toLowerCase() ?? '';
  if (/^multipart\/report\b/u.test(contentType) && /report-type="?(?:delivery-status|disposition-notification)/u.test(contentType)) {
    add('delivery_status', 'report', 'leveringsrapport (multipart/report)', contentType);
  }
  if (header('x-failed-recipients')) add('delivery_status', 'failed_recipients', 'X-Failed-Recipients: en returneret mail', header('x-failed-recipients'));
  if (/^mailer-daemon@/iu.test(sender) || (MACHINE_SENDER.test(sender) && DSN_SUBJECT.test(subject))) {
    add('delivery_status', 'sender', `afsender ${sender} er mailserveren`, sender);
  }
  if (header('return-path') === '<>' && DSN_SUBJECT.test(subject)) add('delivery_status', 'subject', 'tom Return-Path og emne om en mail der ikke kunne leveres', subject);

  if (header('list-unsubscribe')) add('bulk', 'list_unsubscribe', 'List-Unsubscribe: nyhedsbrev eller masseudsendelse', header('list-unsubscribe'));
  if (header('list-id')) add('bulk', 'list_id', 'List-Id: sendt via en mailingliste', header('list-id'));
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') add('bulk', 'precedence', `Precedence: ${precedence}`, precedence);

  const spamFlag = header('x-spam-flag');
  if (spamFlag && /^yes\b/iu.test(spamFlag)) add('gateway_spam', 'spam_flag', 'mailgatewayen har markeret mailen som spam (X-Spam-Flag)', spamFlag);
  const spamStatus = header('x-spam-status');
  if (spamStatus && /^yes\b/iu.test(spamStatus)) add('gateway_spam', 'spam_status', 'mailgatewayen har markeret mailen som spam (X-Spam-Status)', spamStatus);
  if (options.spamScoreHeader) {
    const raw = header(options.spamScoreHeader);
    const score = raw === undefined ? Number.NaN : Number.parseFloat(raw);
    if (Number.isFinite(score) && score >= (options.spamScoreThreshold ?? 5)) {
      add('gateway_spam', 'score', `spamscore ${score} i ${options.spamScoreHeader} (grænse ${options.spamScoreThreshold ?? 5})`, raw);
    }
  }

  const links = mail?.links ?? [];
  for (const link of links) {
    const shown = registrableDomain(link.text);
    const target = registrableDomain(link.href);
    if (shown && target && shown !== target) {
      add('phishing', 'link_mismatch', `linkteksten viser ${shown}, men linket går til ${target}`, `${link.text} → ${link.href}`);
      break;
    }
  }
  const text = `${subject}\n${content.body}`;
  const request = CREDENTIAL_REQUEST.map((pattern) => pattern.exec(text)).find((match) => match !== null);
  if (request && (links.length > 0 || URL_IN_TEXT.test(content.body))) {
    add('phishing', 'credential_request', `beder om at bekræfte konto eller adgangskode via et link ("${request[0]}")`, request[0]);
  }

  const kinds = [...new Set(reasons.map((reason) => reason.code.split('.')[1] as JunkKind))];
  return { junk: kinds.length > 0, kinds, reasons };
}

/** Top-level domains a bare link text like "skat.dk" may end in; "bilag.pdf" is a file name, not a domain. */
const BARE_TLDS = new Set(['dk', 'com', 'org', 'net', 'eu', 'de', 'se', 'no', 'fi', 'is', 'uk', 'nl', 'fr', 'io', 'info', 'biz', 'gov', 'edu', 'nu', 'ru', 'cn', 'xyz', 'top', 'online', 'site', 'app', 'me', 'co']);
const HREF_HOST = /^https?:\/\/(?:[^@/?#]*@)?([^/:?#\s]+)/iu;

/** The registrable domain of a URL, or of link text that looks like one (`www.skat.dk/x` → `skat.dk`). */
export function registrableDomain(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  const fromUrl = HREF_HOST.exec(trimmed)?.[1];
  const bare = fromUrl ? undefined : DOMAIN_LIKE.exec(trimmed)?.[1];
  const host = fromUrl ?? (bare && (trimmed.startsWith('www.') || BARE_TLDS.has(bare.split('.').pop() ?? '')) ? bare : undefined);
  if (!host) return undefined;
  if (/^\d+(?:\.\d+){3}$/u.test(host)) return host;
  const labels = host.replace(/\.$/u, '').split('.');
  if (labels.length < 2) return undefined;
  const lastTwo = labels.slice(-2).join('.');
  return TWO_LABEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}
