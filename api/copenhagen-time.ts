// Days and times as Danish staff read them: a calendar day in Europe/Copenhagen (23:30 UTC on 31 December is
// 1 January in Denmark) and a local time with its offset (2026-03-01T11:00:00+01:00, +02:00 in summer), for
// the statistics period and the item export. Pure: Intl with the zone name, no database.
const ZONE = 'Europe/Copenhagen';
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export const TIME_ZONE = ZONE;

/** `YYYY-MM-DD`: the calendar day in Copenhagen. */
export function copenhagenDay(at: Date): string {
  return DAY_FORMAT.format(at);
}

/** ISO 8601 local time in Copenhagen with its offset, to the second: `2026-07-01T14:00:00+02:00`. */
export function copenhagenTime(at: Date): string {
  const parts = Object.fromEntries(TIME_FORMAT.formatToParts(at).map((p) => [p.type, p.value]));
  // longOffset is `GMT+01:00`, or `GMT` at offset zero (never in Copenhagen, but kept correct).
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** A calendar day `days` later (or earlier when negative). */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
