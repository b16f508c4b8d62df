// Sender history: what post from this sender was confirmed as before (staff re-distributions, accepted
// receipts). A municipality's regular correspondents — a doctor's clinic, a landlord, Udbetaling
// Danmark — write about the same few things; their history is evidence, never a verdict on its own.
import type { ExtractedContent, KleCandidate, Party, Reason } from '../core/model.js';

/** Confirmed emner per sender key; keys from senderKeys(). */
export type SenderHistory = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The keys a sender is known by, most specific first: CVR, e-mail address, e-mail domain. */
export function senderKeys(party: Party): string[] {
  const keys: string[] = [];
  if (party.idType === 'CVR' && party.id) keys.push(`cvr:${party.id.replace(/\D/g, '')}`);
  const email = (party.email ?? (party.idType === 'EMAIL' ? party.id : undefined))?.trim().toLowerCase();
  if (email && email.includes('@')) {
    keys.push(`email:${email}`);
    const domain = email.split('@')[1]!;
    // Free-mail domains say nothing about the sender's business.
    if (!FREE_MAIL.has(domain)) keys.push(`domain:${domain}`);
  }
  return keys;
}

const FREE_MAIL = new Set(['gmail.com', 'hotmail.com', 'hotmail.dk', 'outlook.com', 'outlook.dk', 'live.dk', 'live.com', 'yahoo.com', 'yahoo.dk', 'icloud.com', 'me.com', 'mail.dk', 'jubii.dk', 'stofanet.dk', 'youmail.dk', 'protonmail.com', 'proton.me']);

export interface SenderSignalOptions {
  /** Confirmed items needed before a key counts. */
  minConfirmed?: number;
}

/** Candidates from the most specific sender key that has enough history: share of its confirmed post. */
export function senderCandidates(history: SenderHistory, content: ExtractedContent, options: SenderSignalOptions = {}): { candidates: KleCandidate[]; reasons: Reason[] } {
  const minConfirmed = options.minConfirmed ?? 3;
  for (const key of senderKeys(content.sender)) {
    const counts = history.get(key);
    if (!counts) continue;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total < minConfirmed) continue;
    const kind = key.slice(0, key.indexOf(':'));
    const candidates = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([nr, n]) => ({
        nr,
        // Laplace-smoothed share: three of three is strong, not certain.
        score: Math.round(((n + 1) / (total + 2)) * 1000) / 1000,
        reasons: [{ code: 'classify.sender_history', message: `${n} of ${total} confirmed items from this sender (${kind}) were ${nr}`, data: { key: kind, confirmed: n, total } }],
      }));
    return { candidates, reasons: [{ code: 'classify.sender_history_used', message: `sender history (${kind}): ${total} confirmed items`, data: { key: kind, total } }] };
  }
  return { candidates: [], reasons: [] };
}
