// The pure retention rules: cutoffs per kind from the settings, and which items count as final.
import { describe, expect, it } from 'vitest';
import { emptyCounts, finalityRule, isRetentionFinal, RETENTION_KINDS, retentionCutoffs } from './retention.js';

const days = { originalDays: 30, extractedDays: 60, metadataDays: 365, eventsDays: 90, accessLogDays: 180, configAuditDays: 730 };

describe('retention cutoffs', () => {
  it('counts each kind back from now by its own days', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const cutoffs = retentionCutoffs(now, days);
    expect(cutoffs.original.toISOString()).toBe('2026-11-06T12:00:00.000Z');
    expect(cutoffs.extracted.toISOString()).toBe('2026-10-07T12:00:00.000Z');
    expect(cutoffs.metadata.toISOString()).toBe('2025-12-06T12:00:00.000Z');
    expect(cutoffs.events.toISOString()).toBe('2026-09-07T12:00:00.000Z');
    expect(cutoffs.accessLog.toISOString()).toBe('2026-06-09T12:00:00.000Z');
    expect(cutoffs.configAudit.toISOString()).toBe('2024-12-06T12:00:00.000Z');
  });

  it('refuses days that are not a whole number ≥ 1 (a zero would erase everything at once)', () => {
    expect(() => retentionCutoffs(new Date(), { ...days, originalDays: 0 })).toThrow(/originalDays/);
    expect(() => retentionCutoffs(new Date(), { ...days, eventsDays: 1.5 })).toThrow(/eventsDays/);
  });

  it('purges whole items first and has a zero count for every kind', () => {
    expect(RETENTION_KINDS[0]).toBe('metadata');
    expect(emptyCounts()).toEqual({ metadata: 0, events: 0, extracted: 0, original: 0, accessLog: 0, configAudit: 0 });
  });
});

describe('what counts as final', () => {
  it('accepted is final; rejected, parked, failed and items on their way are not', () => {
    const rule = finalityRule();
    expect(isRetentionFinal(rule, 'accepted', 'KY')).toBe(true);
    for (const state of ['received', 'extracted', 'classified', 'routed', 'delivered', 'rejected', 'parked', 'failed'] as const) {
      expect(isRetentionFinal(rule, state, 'KY')).toBe(false);
    }
  });

  it('delivered is final only to a destination that sends no business receipt', () => {
    const rule = finalityRule(['ARKIV', 'ARKIV']);
    expect(rule.deliveredTo).toEqual(['ARKIV']);
    expect(isRetentionFinal(rule, 'delivered', 'ARKIV')).toBe(true);
    expect(isRetentionFinal(rule, 'delivered', 'KY')).toBe(false);
    expect(isRetentionFinal(rule, 'delivered', null)).toBe(false);
    expect(isRetentionFinal(rule, 'parked', 'ARKIV')).toBe(false);
  });
});
