// The junk detector's rules one by one, on hand-built content (the generated-mail suite through the real
// extractor is worker/adapters/extract/junk-signals.test.ts).
import { describe, expect, it } from 'vitest';
import type { MailSignals } from '../core/model.js';
import { JunkPolicySchema, detectJunk, registrableDomain } from './junk.js';

function content(subject: string, body = '', mail: Partial<MailSignals> = {}, sender = 'borger@example.dk') {
  return { subject, body, sender: { email: sender }, metadata: { mail: { headers: {}, ...mail } } };
}
const kinds = (c: ReturnType<typeof content>, options = {}) => detectJunk(c, options).kinds;

describe('detectJunk', () => {
  it('reads RFC 3834 Auto-Submitted: anything but "no" is machine mail', () => {
    expect(kinds(content('Hej', '', { headers: { 'auto-submitted': 'auto-replied' } }))).toEqual(['auto_reply']);
    expect(kinds(content('Hej', '', { headers: { 'auto-submitted': 'auto-generated' } }))).toEqual(['auto_reply']);
    expect(kinds(content('Hej', '', { headers: { 'auto-submitted': 'no' } }))).toEqual([]);
  });

  it('knows auto-reply subjects only as a prefix with a colon', () => {
    expect(kinds(content('Automatisk svar: Faktura'))).toEqual(['auto_reply']);
    expect(kinds(content('Out of Office: Re: møde'))).toEqual(['auto_reply']);
    expect(kinds(content('Fraværende: byggesag'))).toEqual(['auto_reply']);
    expect(kinds(content('Fraværende fra skole i uge 12'))).toEqual([]);
    expect(kinds(content('Sv: Svar på automatisk svar fra jer'))).toEqual([]);
  });

  it('sees a delivery report by content type, X-Failed-Recipients or the mailer daemon', () => {
    expect(kinds(content('x', '', { contentType: 'multipart/report; report-type=delivery-status; boundary="b"' }))).toEqual(['delivery_status']);
    expect(kinds(content('x', '', { contentType: 'multipart/report; report-type="disposition-notification"' }))).toEqual(['delivery_status']);
    expect(kinds(content('x', '', { contentType: 'multipart/mixed; boundary="b"' }))).toEqual([]);
    expect(kinds(content('Anything', '', {}, 'MAILER-DAEMON@mx.example'))).toEqual(['delivery_status']);
    expect(kinds(content('Spørgsmål om parkering', '', {}, 'postmaster@firma.dk'))).toEqual([]);
    expect(kinds(content('Undeliverable: Faktura', '', {}, 'postmaster@firma.dk'))).toEqual(['delivery_status']);
  });

  it('sees bulk mail by List-* and Precedence', () => {
    expect(kinds(content('x', '', { headers: { 'list-unsubscribe': '<mailto:u@x.example>' } }))).toEqual(['bulk']);
    expect(kinds(content('x', '', { headers: { 'list-id': '<l.example>' } }))).toEqual(['bulk']);
    for (const precedence of ['bulk', 'list', 'junk']) expect(kinds(content('x', '', { headers: { precedence } }))).toEqual(['bulk']);
    expect(kinds(content('x', '', { headers: { precedence: 'auto_reply' } }))).toEqual(['auto_reply']);
  });

  it('trusts a gateway spam verdict, and a score header only when configured', () => {
    expect(kinds(content('x', '', { headers: { 'x-spam-flag': 'YES' } }))).toEqual(['gateway_spam']);
    expect(kinds(content('x', '', { headers: { 'x-spam-status': 'Yes, score=9' } }))).toEqual(['gateway_spam']);
    expect(kinds(content('x', '', { headers: { 'x-spam-status': 'No, score=0.1' } }))).toEqual([]);
    const scored = content('x', '', { headers: { 'x-spam-score': '5.5' } });
    expect(kinds(scored)).toEqual([]);
    expect(kinds(scored, { spamScoreHeader: 'X-Spam-Score' })).toEqual(['gateway_spam']);
    expect(kinds(scored, { spamScoreHeader: 'X-Spam-Score', spamScoreThreshold: 8 })).toEqual([]);
  });

  it('calls a credential request phishing only when the mail carries a link', () => {
    expect(kinds(content('Konto', 'Bekræft din konto her: https://login.example/x'))).toEqual(['phishing']);
    expect(kinds(content('Verify', 'Your mailbox will be suspended.', { links: [{ text: 'Verify', href: 'https://x.example' }] }))).toEqual(['phishing']);
    expect(kinds(content('Konto', 'Jeg kan ikke bekræfte min konto på borger.dk'))).toEqual([]);
    expect(kinds(content('Konto', 'Bekræft din konto'))).toEqual([]);
  });

  it('calls link text showing one domain and going to another phishing', () => {
    const link = (text: string, href: string) => kinds(content('x', '', { links: [{ text, href }] }));
    expect(link('https://www.skat.dk/login', 'https://skat.refund.example/login')).toEqual(['phishing']);
    expect(link('www.mitid.dk', 'http://185.22.10.4/mitid')).toEqual(['phishing']);
    expect(link('danskebank.dk', 'https://secure.example/db')).toEqual(['phishing']);
    expect(link('https://skat.dk@evil.example/', 'https://evil.example/')).toEqual([]);
    expect(link('https://www.skat.dk/borger', 'https://skat.dk/borger?x=1')).toEqual([]);
    expect(link('Klik her', 'https://anything.example')).toEqual([]);
    expect(link('bilag.pdf', 'https://example.dk/bilag.pdf')).toEqual([]);
    expect(link('ida@example.dk', 'mailto:ida@example.dk')).toEqual([]);
  });

  it('says why, one reason per signal, with the value seen', () => {
    const verdict = detectJunk(content('Autosvar: ferie', '', { headers: { 'auto-submitted': 'auto-replied', 'list-id': '<l.example>' } }));
    expect(verdict.junk).toBe(true);
    expect(verdict.kinds).toEqual(['auto_reply', 'bulk']);
    expect(verdict.reasons.map((r) => r.code)).toEqual(['junk.auto_reply.auto_submitted', 'junk.auto_reply.subject', 'junk.bulk.list_id']);
    expect(verdict.reasons[0]?.data).toEqual({ value: 'auto-replied' });
  });
});

describe('registrableDomain', () => {
  it('compares the registrable part of hosts', () => {
    expect(registrableDomain('https://www.borger.dk/x')).toBe('borger.dk');
    expect(registrableDomain('www.service.gov.uk')).toBe('service.gov.uk');
    expect(registrableDomain('https://service.gov.uk/a')).toBe('service.gov.uk');
    expect(registrableDomain('Læs mere')).toBeUndefined();
    expect(registrableDomain('rapport.docx')).toBeUndefined();
  });
});

describe('JunkPolicySchema', () => {
  it('accepts park, or keep with a number of days, and says what is wrong otherwise', () => {
    expect(JunkPolicySchema.parse({ action: 'keep', keepDays: 30 })).toEqual({ action: 'keep', keepDays: 30 });
    const issues = (value: unknown) => JunkPolicySchema.safeParse(value).error?.issues.map((i) => i.message).join('; ');
    expect(issues({ action: 'keep' })).toMatch(/keepDays.*required/);
    expect(issues({ action: 'delete' })).toMatch(/"park" or "keep"/);
    expect(issues({ action: 'park', keepDays: 5 })).toMatch(/keepDays/);
    expect(issues({ action: 'keep', keepDays: 0 })).toBeDefined();
  });
});
