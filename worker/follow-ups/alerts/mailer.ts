// Sends the waiting alerts as one mail when the batch policy says so, and marks exactly the alerts that
// mail carried. When SMTP refuses or is down nothing is marked: the next round tries again. A mail
// that SMTP accepted but whose marking failed is sent again — twice is better than never.
import type { Clock } from '../../../core/ports.js';
import type { AlertStore } from '../../../db/alert-store.js';
import type { Logger } from '../../runtime/logger.js';
import { decideBatch, type BatchDecision } from './batching.js';
import { composeAlertMail, countByKind } from './mail-text.js';

/** The part of a nodemailer transport the mailer uses (createSmtpTransport's result fits). */
export interface AlertTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; headers: Record<string, string> }): Promise<unknown>;
}

export interface MailerOptions {
  tenantId: string;
  to: string;
  from: string;
  batchSeconds: number;
  minIntervalSeconds: number;
  receiptDeadlineMinutes: number;
  largeBatch?: number;
  /** The most alerts one mail carries (and marks); more wait for the next mail. */
  maxPerMail?: number;
}

export interface MailerDeps {
  store: AlertStore;
  transport: AlertTransport;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export interface MailRound {
  decision: BatchDecision;
  /** Alerts marked mailed by this round (0 when nothing was sent). */
  mailed: number;
}

const MAX_PER_MAIL = 10_000;

export function createAlertMailer(deps: MailerDeps, options: MailerOptions) {
  const { store, transport, clock, logger } = deps;
  const maxPerMail = options.maxPerMail ?? MAX_PER_MAIL;

  return {
    async run(): Promise<MailRound> {
      const summary = await store.pendingSummary();
      const lastMailedAt = summary.count > 0 ? await store.lastMailedAt() : null;
      const decision = decideBatch(
        { now: clock.now(), pendingCount: summary.count, oldestPendingAt: summary.oldestAt, lastMailedAt },
        { batchSeconds: options.batchSeconds, minIntervalSeconds: options.minIntervalSeconds, ...(options.largeBatch ? { largeBatch: options.largeBatch } : {}) },
      );
      if (!decision.send) return { decision, mailed: 0 };
      const batch = await store.pending(maxPerMail);
      if (batch.length === 0) return { decision, mailed: 0 };
      const mail = composeAlertMail(batch, {
        tenantId: options.tenantId,
        receiptDeadlineMinutes: options.receiptDeadlineMinutes,
        morePending: summary.count > batch.length,
      });
      try {
        await transport.sendMail({
          from: options.from,
          to: options.to,
          subject: mail.subject,
          text: mail.text,
          // A functional mailbox often answers automatically; these keep out-of-office replies away.
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
      } catch (error) {
        logger.warn({ code: 'alerts.mail_failed', ...smtpProblem(error), alerts: batch.length }, 'alert mail not sent; the next round tries again');
        return { decision, mailed: 0 };
      }
      const mailed = await store.markMailed(
        batch.map((alert) => alert.id),
        clock.now(),
      );
      logger.info({ code: 'alerts.mailed', alerts: batch.length, kinds: Object.fromEntries(countByKind(batch)), why: decision.reason }, 'alert mail sent');
      return { decision, mailed };
    },
  };
}

/** nodemailer's error code, SMTP reply code and command — never the message, which may echo the mail. */
function smtpProblem(error: unknown): { smtpCode: string; responseCode?: number; command?: string } {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  return {
    smtpCode: typeof e.code === 'string' ? e.code : 'unknown',
    ...(typeof e.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
    ...(typeof e.command === 'string' ? { command: e.command.split(' ')[0]! } : {}),
  };
}
