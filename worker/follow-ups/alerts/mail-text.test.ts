import { describe, expect, it } from 'vitest';
import { findCpr } from '../../../classifiers/entities/cpr.js';
import { composeAlertMail, countPhrase, formatTime, type MailAlert } from './mail-text.js';

const created = new Date('2026-03-02T07:59:12Z');
const id = (n: number) => `3f2a0c1e-5b7d-4e8a-9c10-${String(n).padStart(12, '0')}`;
const failed = (n: number, data: Record<string, unknown> = {}): MailAlert => ({
  kind: 'failed',
  itemId: id(n),
  createdAt: created,
  data: { destination: 'KSD', reason: 'deliver.receiver_failed', at: '2026-03-02T07:58:00Z', ...data },
});
const missing = (n: number): MailAlert => ({
  kind: 'receipt_missing',
  itemId: id(n),
  createdAt: created,
  data: { destination: 'Byggesag', reason: 'deliver.receipt_missing', at: '2026-03-02T03:00:00Z' },
});
const options = { tenantId: 'norrea', receiptDeadlineMinutes: 240 };

describe('alert mail text', () => {
  it('counts by kind in the subject, singular and plural in Danish', () => {
    const alerts = [...Array.from({ length: 37 }, (_, i) => failed(i)), missing(100), missing(101)];
    expect(composeAlertMail(alerts, options).subject).toBe('Fordeler: 37 fejlede forsendelser, 2 manglende kvitteringer');
    expect(composeAlertMail([failed(1)], options).subject).toBe('Fordeler: 1 fejlet forsendelse');
    expect(countPhrase([['receipt_missing', 1], ['imap_down', 2], ['quota', 1]])).toBe('1 manglende kvittering, 3 andre advarsler');
  });

  it('lists the first 50 in Danish time and says how to see the rest', () => {
    const alerts = Array.from({ length: 120 }, (_, i) => failed(i));
    const { text } = composeAlertMail(alerts, options);
    const lines = text.split('\n').filter((line) => line.startsWith('2026-'));
    expect(lines).toHaveLength(50);
    // 07:58 UTC is 08:58 in Copenhagen in March (CET).
    expect(lines[0]).toMatch(/^2026-03-02 08:58 {2}fejlet {2,}3f2a0c1e-5b7d-4e8a-9c10-000000000000 {2}KSD {2,}deliver\.receiver_failed$/);
    expect(text).toContain('50 af de 120');
    expect(text).toContain('… og 70 til.');
    expect(text).toContain('fordeler failed');
    expect(text).toContain('fordeler trace <id>');
    expect(text).toMatch(/^ +120 {2}fejlede forsendelser$/m);
    expect(text).not.toContain('kvittering:');
  });

  it('shares the listing between kinds, so a few missing receipts are not hidden behind many failures', () => {
    const alerts = [...Array.from({ length: 1000 }, (_, i) => failed(i)), missing(2000), missing(2001)];
    const lines = composeAlertMail(alerts, options).text.split('\n').filter((line) => line.startsWith('2026-'));
    expect(lines).toHaveLength(50);
    expect(lines.filter((line) => line.includes('kvittering mangler'))).toHaveLength(2);
    expect(lines.slice(0, 48).every((line) => line.includes('fejlet'))).toBe(true);
  });

  it('explains the receipt deadline when receipts are missing, and notes alerts left for the next mail', () => {
    const { text } = composeAlertMail([missing(1)], { ...options, morePending: true });
    expect(text).toContain('Alle, ældste først');
    expect(text).toContain('inden for 240 minutter');
    expect(text).toContain('kommer med næste mail');
    expect(text).toMatch(/kvittering mangler +3f2a0c1e-5b7d-4e8a-9c10-000000000001 {2}Byggesag/);
  });

  it('never carries a CPR number, whatever sits in the alert data', () => {
    const { subject, text } = composeAlertMail(
      [failed(1, { reason: 'borger 010203-1234', destination: 'CPR 0102031234' }), { ...failed(2), itemId: '0102031234', kind: 'cpr 010203-1234' }],
      options,
    );
    for (const out of [subject, text]) {
      expect(out).not.toMatch(/010203-?1234/);
      expect(findCpr(out)).toEqual([]);
    }
  });

  it('formats times in Danish summer time too', () => {
    expect(formatTime(new Date('2026-07-01T12:05:00Z'))).toBe('2026-07-01 14:05');
  });
});
