// The rest mailbox views: a suggestion reads "KLE-nr titel → modtager (score %)", a row escapes what a letter
// says and carries the CSRF token in each form, the confirmation replaces the same row, and the pagination
// keeps the filters.
import { describe, expect, it } from 'vitest';
import { html } from '../html.js';
import { restMailboxBody, restRowView, rowOutcome, suggestionText, type RestRow } from './rest-mailbox.js';

const row: RestRow = {
  id: '11111111-2222-3333-4444-555555555555',
  channel: 'email',
  subject: '<script>alert(1)</script>',
  fileName: 'brev.eml',
  sender: 'Søren "Ærø"',
  receivedAt: new Date('2026-03-03T10:00:00Z'),
  suggestions: [
    { rank: 1, kle: '27.15.02', title: 'Pas', score: 0.424, destination: 'BORGER' },
    { rank: 2, kle: '32.30.04', score: 0.2, destination: null },
  ],
};

describe('rest mailbox views', () => {
  it('writes a suggestion as KLE-nr, title, destination and score', () => {
    expect(suggestionText(row.suggestions[0]!)).toBe('27.15.02 Pas → BORGER (42 %)');
    expect(suggestionText(row.suggestions[1]!)).toBe('32.30.04 → ingen modtager (20 %)');
  });

  it('escapes the subject and sender, offers Accepter only for a suggestion with a destination, and carries the token', () => {
    const out = restRowView(row, [{ id: 'BORGER', name: 'Borgerservice' }], 'tok"en').value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('Søren &quot;Ærø&quot;');
    expect(out.match(/>Accepter</g)).toHaveLength(1);
    expect(out).toContain('name="_csrf" value="tok&quot;en"');
    expect(out).toContain('<option value="BORGER">BORGER – Borgerservice</option>');
    expect(out).toContain('<time datetime="2026-03-03T11:00:00');
  });

  it('replaces the row with the same id, and pages keep the filters', () => {
    expect(rowOutcome(row.id, html`<p>ok</p>`).value).toContain(`id="row-${row.id}"`);
    const body = restMailboxBody({ rows: [row], filters: { channel: 'scan', q: 'pas' }, destinations: [], csrfToken: undefined, next: 'abc', paged: true }).value;
    expect(body).toContain('href="/restpostkasse?channel=scan&amp;q=pas&amp;cursor=abc"');
    expect(body).toContain('Første side');
    expect(body).toContain('<option value="scan" selected>');
    expect(body).toContain('<input class="form-input" id="destination-'); // no known destinations: a text field
  });

  it('says so when nothing is parked', () => {
    expect(restMailboxBody({ rows: [], filters: {}, destinations: [], csrfToken: undefined, next: null, paged: false }).value).toContain('Der er ingen forsendelser i restpostkassen');
  });
});
