// Fixtures for ItemStore tests: a controllable clock, an e-mail item and its extracted content, and a
// walk along lifecycle moves for putting an item into a state through the real write path.
import type { ItemState } from '../../core/lifecycle.js';
import type { ExtractedContent } from '../../core/model.js';
import type { Clock, ItemStatePatch, ItemStore, NewItem } from '../../core/ports.js';

export const CONTRACT_TENANT = 'norrea';

export class FakeClock implements Clock {
  private t = Date.parse('2026-03-02T08:15:00.000Z');
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const SHA_A = 'a'.repeat(63) + '1';
export const SHA_B = 'b'.repeat(63) + '2';
export const SHA_PDF = 'c'.repeat(63) + '3';

export function newEmail(overrides: Partial<NewItem> = {}): NewItem {
  return {
    channel: 'email',
    source: 'imap://post@norrea.dk/INBOX;UIDVALIDITY=7;UID=4711',
    fileName: 'ansøgning-boligstøtte.eml',
    contentSha256: SHA_A,
    size: 48_213,
    receivedAt: new Date('2026-03-02T07:59:12.345Z'),
    ...overrides,
  };
}

export function extractedEmail(): ExtractedContent {
  return {
    channel: 'email',
    subject: 'Ansøgning om boligstøtte – Søren Ærø',
    sender: { email: 'soeren.aeroe@example.dk', name: 'Søren Ærø', idType: 'EMAIL' },
    recipients: [{ email: 'post@norrea.dk' }],
    body: 'Kære Nørreå Kommune\n\nJeg søger om boligstøtte, da min søn flytter hjemmefra.\n\nVenlig hilsen\nSøren',
    bodySource: 'plain',
    attachments: [
      {
        name: 'lejekontrakt.pdf',
        mimeType: 'application/pdf',
        blob: { sha256: SHA_PDF, size: 120_044 },
        size: 120_044,
        text: 'Lejekontrakt for lejlighed, Algade 12, 1. tv.',
        textSource: 'ocr',
        ocr: { pages: 2, meanConfidence: 81.5 },
      },
      { name: 'besked.txt', mimeType: 'text/plain', size: 17, text: 'Se vedhæftet fil', textSource: 'plain' },
    ],
    metadata: { messageId: '<7f3a@example.dk>', date: '2026-03-02T07:59:00Z', cpr: ['0101701234'] },
    warnings: [{ code: 'extract.charset_guessed', message: 'Tegnsæt ukendt, læst som windows-1252' }],
  };
}

/** Moves an item along lifecycle moves, one plain commit each (no decision), as a test fixture. */
export async function walk(store: ItemStore, itemId: string, states: ItemState[], patch?: ItemStatePatch): Promise<void> {
  let from = (await store.getItem(itemId))?.state;
  for (const to of states) {
    if (!from) throw new Error(`no item ${itemId}`);
    const result = await store.commit({ itemId, from, to, event: { stage: 'route', type: `test_${to}`, at: new Date() }, ...(patch ? { patch } : {}) });
    if (!result.committed) throw new Error(`walk ${from} → ${to} was refused`);
    from = to;
  }
}

