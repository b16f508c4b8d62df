// The mailer against an in-memory alert store: what is marked after a mail, and after a failed one.
import { describe, expect, it } from 'vitest';
import type { AlertStore, NewAlert, StoredAlert } from '../../../db/alert-store.js';
import { createAlertMailer, type AlertTransport, type MailerDeps } from './mailer.js';

function memoryStore(): AlertStore & { rows: StoredAlert[] } {
  const rows: StoredAlert[] = [];
  const pending = () => rows.filter((r) => !r.mailedAt);
  const store = {
    rows,
    tenantId: 'norrea',
    async raise(alert: NewAlert) {
      return (await store.raiseMany([alert])) === 1;
    },
    async raiseMany(alerts: readonly NewAlert[]) {
      let n = 0;
      for (const a of alerts) {
        if (rows.some((r) => r.key === a.key)) continue;
        rows.push({ id: rows.length + 1, tenantId: store.tenantId, kind: a.kind, key: a.key, itemId: a.itemId ?? null, message: a.message, data: a.data ?? {}, createdAt: clock.now(), mailedAt: null });
        n += 1;
      }
      return n;
    },
    async pending(limit: number) {
      return pending().slice(0, limit);
    },
    async pendingSummary() {
      return { count: pending().length, oldestAt: pending()[0]?.createdAt ?? null };
    },
    async markMailed(ids: readonly number[], at: Date) {
      const marked = rows.filter((r) => ids.includes(r.id) && !r.mailedAt);
      for (const r of marked) r.mailedAt = at;
      return marked.length;
    },
    async lastMailedAt() {
      const times = rows.flatMap((r) => (r.mailedAt ? [r.mailedAt.getTime()] : []));
      return times.length ? new Date(Math.max(...times)) : null;
    },
    async recent() {
      return [...rows].reverse();
    },
  };
  return store;
}

let now = new Date('2026-03-02T08:00:00Z');
const clock = { now: () => now };
const silent: MailerDeps['logger'] = { info: () => {}, warn: () => {} };

function setup(transport: AlertTransport, logger: MailerDeps['logger'] = silent) {
  now = new Date('2026-03-02T08:00:00Z');
  const store = memoryStore();
  const mailer = createAlertMailer({ store, transport, clock, logger }, { tenantId: 'norrea', to: 'it-drift@norrea.dk', from: 'fordeler@norrea.dk', batchSeconds: 300, minIntervalSeconds: 3600, receiptDeadlineMinutes: 240, maxPerMail: 3 });
  const raise = (n: number) => store.raiseMany(Array.from({ length: n }, (_, i) => ({ kind: 'failed', key: `failed:${now.getTime()}:${i}`, message: 'Forsendelse fejlet' })));
  return { store, mailer, raise };
}

describe('alert mailer', () => {
  it('marks exactly the alerts one mail carried; the rest wait for the next mail', async () => {
    const sent: { subject: string }[] = [];
    const { store, mailer, raise } = setup({ sendMail: async (mail) => void sent.push(mail) });
    await raise(5);
    expect((await mailer.run()).mailed).toBe(0);
    now = new Date(now.getTime() + 300_000);
    expect(await mailer.run()).toEqual({ decision: { send: true, reason: 'batch_due' }, mailed: 3 });
    expect(sent.map((m) => m.subject)).toEqual(['Fordeler: 3 fejlede forsendelser']);
    expect(store.rows.filter((r) => r.mailedAt).map((r) => r.id)).toEqual([1, 2, 3]);
    expect((await mailer.run()).decision.reason).toBe('interval');
  });

  it('marks nothing when SMTP fails, logs the error code only, and sends on the next round', async () => {
    const warnings: unknown[] = [];
    let up = false;
    const { store, mailer, raise } = setup(
      {
        sendMail: async () => {
          if (!up) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525 while sending Forsendelse fejlet'), { code: 'ESOCKET', command: 'CONN' });
        },
      },
      { info: () => {}, warn: (obj: unknown) => void warnings.push(obj) },
    );
    await raise(2);
    now = new Date(now.getTime() + 600_000);
    expect((await mailer.run()).mailed).toBe(0);
    expect(store.rows.every((r) => r.mailedAt === null)).toBe(true);
    expect(warnings).toEqual([{ code: 'alerts.mail_failed', smtpCode: 'ESOCKET', command: 'CONN', alerts: 2 }]);
    up = true;
    expect((await mailer.run()).mailed).toBe(2);
  });
});
