// Item rows as the API shows them: subjects, file names, senders, reasons and event data pass the one CPR
// masker (the birth date stays readable, the serial never leaves — as every staff-facing display), and the
// keyset cursor of a list page. Pure apart from the types; the routes gather the rows.
import type { z } from 'zod';
import { maskCpr, maskCprDeep } from '../classifiers/entities/cpr-masking.js';
import type { ItemListRow } from '../db/item-search.js';
import { ApiProblem } from './problem.js';
import type { ItemSummarySchema, SuggestionViewSchema } from './schemas.js';


export const mask = (text: string): string => maskCpr(text, 'birthDate');
export const maskOrNull = (text: string | null | undefined): string | null => (text == null ? null : mask(text));

/** A copy with every string masked (reasons' data, event data, rule traces). */
export const maskValue = <T>(value: T): T => maskCprDeep(value, { keep: 'birthDate' }) as T;

export function summaryView(row: ItemListRow): z.infer<typeof ItemSummarySchema> {
  return {
    id: row.id,
    channel: row.channel,
    state: row.state,
    fileName: mask(row.fileName),
    subject: maskOrNull(row.subject),
    sender: maskOrNull(row.sender),
    kleNr: row.kleNr,
    kleConfidence: row.kleConfidence,
    destination: row.destination,
    sensitive: row.sensitive,
    receivedAt: row.receivedAt.toISOString(),
    stateChangedAt: row.stateChangedAt.toISOString(),
  };
}

/** The first three stored suggestions of a route outcome, numbered 1–3 as staff accept them. */
export function suggestionViews(route: Record<string, unknown> | undefined, max = 3): z.infer<typeof SuggestionViewSchema>[] {
  const raw = Array.isArray(route?.suggestions) ? (route.suggestions as unknown[]) : [];
  return raw.slice(0, max).flatMap((s, i) => {
    const x = s as { kle?: unknown; title?: unknown; score?: unknown; destination?: unknown };
    if (typeof x?.kle !== 'string') return [];
    return [{ rank: i + 1, kle: x.kle, ...(typeof x.title === 'string' ? { title: x.title } : {}), score: typeof x.score === 'number' ? x.score : 0, destination: typeof x.destination === 'string' ? x.destination : null }];
  });
}

/** The keyset cursor: the last row's received time and id, opaque to callers. */
export function encodeCursor(row: Pick<ItemListRow, 'receivedAt' | 'id'>): string {
  return Buffer.from(`${row.receivedAt.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { receivedAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(receivedAt.getTime())) throw new ApiProblem('bad_request');
  return { receivedAt, id };
}

/** A page of `limit` rows fetched as limit + 1: the extra row only says there is a next page. */
export function page<R extends Pick<ItemListRow, 'receivedAt' | 'id'>>(rows: R[], limit: number): { rows: R[]; next: string | null } {
  const shown = rows.slice(0, limit);
  return { rows: shown, next: rows.length > limit ? encodeCursor(shown.at(-1)!) : null };
}

/** A date filter: a bare date means the start of that day (UTC). */
export const toDate = (value: string | undefined): Date | undefined => (value ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : undefined);
