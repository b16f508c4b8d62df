// Copenhagen days and offset times across the daylight-saving changes and the new year.
import { describe, expect, it } from 'vitest';
import { addDays, copenhagenDay, copenhagenTime, daysBetween } from './copenhagen-time.js';

describe('copenhagen time', () => {
  it('gives the Danish calendar day', () => {
    expect(copenhagenDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(copenhagenDay(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(copenhagenDay(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('gives local time with the winter or summer offset', () => {
    expect(copenhagenTime(new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-01T11:00:00+01:00');
    expect(copenhagenTime(new Date('2026-07-01T12:00:05Z'))).toBe('2026-07-01T14:00:05+02:00');
    expect(copenhagenTime(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(copenhagenTime(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01T00:00:00+01:00');
  });

  it('counts calendar days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(31);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(0);
  });
});
