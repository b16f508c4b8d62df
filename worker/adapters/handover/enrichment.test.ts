import { describe, expect, it } from 'vitest';
import type { ExtractedContent, Item } from '../../../core/model.js';
import type { HandoverRequest } from '../../../core/ports.js';
import { copenhagenDate, enrichmentOf, safeFileName } from './enrichment.js';

const item = (overrides: Partial<Item> = {}): Item => ({
  id: 'i1', round: 1, tenantId: 't', channel: 'email', state: 'routed', source: 'imap:INBOX', contentSha256: 'a'.repeat(64),
  size: 10, fileName: '5.eml', receivedAt: new Date('2026-12-01T08:00:00Z'), ...overrides,
});
const content = (overrides: Partial<ExtractedContent> = {}): ExtractedContent => ({
  channel: 'email', sender: {}, recipients: [], body: '', bodySource: 'plain', attachments: [], metadata: {}, warnings: [], ...overrides,
});
const request = (i: Partial<Item>, c: Partial<ExtractedContent>): HandoverRequest => ({
  transactionId: 'tx', destination: 'KSD', item: item(i), content: content({ channel: i.channel ?? 'email', ...c }), kle: { nr: '32.30.04', confidence: 0.9 },
});

describe('the letter date', () => {
  it('is the day in Copenhagen: 23:30 UTC on 31 December is 1 January, summer time included', () => {
    expect(copenhagenDate('2025-12-31T23:30:00Z')).toEqual({ date: '2026-01-01' });
    expect(copenhagenDate('2026-06-30T22:30:00Z')).toEqual({ date: '2026-07-01' });
    expect(copenhagenDate('2026-06-30T21:30:00Z')).toEqual({ date: '2026-06-30' });
    expect(copenhagenDate('2026-10-05T08:52:00+02:00')).toEqual({ date: '2026-10-05' });
    // No offset: Danish local time as written; a date alone is that date.
    expect(copenhagenDate('2026-12-31T23:30:00')).toEqual({ date: '2026-12-31' });
    expect(copenhagenDate('2026-10-03')).toEqual({ date: '2026-10-03' });
    expect(copenhagenDate('2026-02-30')).toEqual({ problem: 'not a calendar date' });
    expect(copenhagenDate('i går')).toEqual({ problem: 'not a valid time' });
  });

  it('comes from the channel: MeMo createdDateTime, the mail Date header, the scan date, else the postmark', () => {
    expect(enrichmentOf(request({ channel: 'digitalpost' }, { metadata: { memo: { createdDateTime: '2025-12-31T23:30:00Z' } } })).letterDate)
      .toEqual({ date: '2026-01-01', source: 'memo', skipped: [] });
    expect(enrichmentOf(request({}, { metadata: { date: '2026-11-28T10:00:00.000Z' } })).letterDate).toMatchObject({ date: '2026-11-28', source: 'mail' });
    expect(enrichmentOf(request({ channel: 'scan' }, { metadata: { scan: { scanDate: '2026-10-05T08:52:00+02:00', postmarkDate: '2026-10-03' } } })).letterDate)
      .toMatchObject({ date: '2026-10-05', source: 'scan' });
    expect(enrichmentOf(request({ channel: 'scan' }, { metadata: { scan: { postmarkDate: '2026-10-03' } } })).letterDate).toMatchObject({ date: '2026-10-03', source: 'postmark' });
  });

  it('falls back with a reason for a value that is no date, too old or in the future, and never throws', () => {
    const scan = enrichmentOf(request({ channel: 'scan' }, { metadata: { scan: { scanDate: '05.10.2026', postmarkDate: '2027-01-01' } } })).letterDate;
    expect(scan.date).toBe('2026-12-01');
    expect(scan.source).toBe('received');
    expect(scan.skipped.map((r) => r.data?.source)).toEqual(['scan', 'postmark']);
    expect(scan.skipped[1]!.message).toMatch(/more than two days after/);
    expect(enrichmentOf(request({}, { metadata: { date: '1899-12-31T12:00:00Z' } })).letterDate).toMatchObject({ source: 'received', skipped: [{ message: expect.stringMatching(/before 1900/) }] });
    // The received date itself is a Copenhagen day too.
    expect(enrichmentOf(request({ receivedAt: new Date('2026-12-31T23:30:00Z') }, {})).letterDate).toEqual({ date: '2027-01-01', source: 'received', skipped: [] });
  });
});

describe('the parties', () => {
  it('are the sender and the persons and companies the letter is about, deduplicated, never the municipality', () => {
    const e = enrichmentOf(request({ channel: 'digitalpost' }, {
      sender: { id: '12345678', idType: 'CVR', name: 'Tandlæge ApS' },
      recipients: [{ id: '65916169', idType: 'CVR', name: 'Nørreå Kommune' }],
      metadata: { cpr: ['010180-1234', '0101801234', '0202902345'], cvr: ['12345678', '65916169', '87654321', 'x'] },
    }), { ownCvrs: ['87654321'] });
    expect(e.sender).toEqual({ role: 'sender', kind: 'company', id: '12345678', idType: 'CVR', name: 'Tandlæge ApS' });
    expect(e.subjects).toEqual([
      { role: 'subject', kind: 'person', id: '0101801234', idType: 'CPR' },
      { role: 'subject', kind: 'person', id: '0202902345', idType: 'CPR' },
    ]);
  });

  it('names a person or company the way the MeMo ContentData does', () => {
    const e = enrichmentOf(request({ channel: 'digitalpost' }, {
      metadata: {
        cpr: ['2512169996'], cvr: ['29189404'],
        memo: { content: { cpr: [{ number: '2512169996', name: 'Emilie Hansen', valid: true }], cvr: [{ number: '29189404', companyName: ' Tandklinikken ApS ', valid: true }] } },
      },
    }));
    expect(e.subjects).toEqual([
      { role: 'subject', kind: 'person', id: '2512169996', idType: 'CPR', name: 'Emilie Hansen' },
      { role: 'subject', kind: 'company', id: '29189404', idType: 'CVR', name: 'Tandklinikken ApS' },
    ]);
  });

  it('takes an e-mail sender as an address with its name', () => {
    expect(enrichmentOf(request({}, { sender: { id: 'jens@example.dk', idType: 'EMAIL', name: ' Jens Hansen ', email: 'jens@example.dk' } })).sender)
      .toEqual({ role: 'sender', kind: 'address', id: 'jens@example.dk', idType: 'EMAIL', name: 'Jens Hansen', email: 'jens@example.dk' });
    expect(enrichmentOf(request({}, { sender: {} })).sender).toBeUndefined();
  });
});

describe('the rest', () => {
  it('carries case numbers once each, the KLE, the letter\'s valid facet and the Digital Post message id', () => {
    const e = enrichmentOf(request({ channel: 'digitalpost' }, {
      metadata: {
        caseIds: [{ caseId: 'S-2026-1', system: 'SBSYS' }, { caseId: 'S-2026-1', system: 'SBSYS' }, { caseId: 'S-2026-1' }],
        kle: { subjectKey: '32.30.04', activityFacet: 'A01', label: 'Sygedagpenge' }, memo: { messageUuid: '8c2ea15d-61fb-4ba9-9366-42f8b194c365' },
      },
    }));
    expect(e.caseIds).toEqual([{ caseId: 'S-2026-1', system: 'SBSYS' }, { caseId: 'S-2026-1' }]);
    expect(e.kle).toEqual({ nr: '32.30.04', confidence: 0.9, suggestion: null, label: 'Sygedagpenge' });
    expect(e.handlingFacet).toBe('A01');
    expect(e.digitalPostMessageId).toBe('8c2ea15d-61fb-4ba9-9366-42f8b194c365');
    expect(enrichmentOf(request({ channel: 'digitalpost' }, { metadata: { kle: { activityFacet: '[Tekst]' }, form: { activityFacet: 'G01' } } })).handlingFacet).toBe('G01');
    expect(enrichmentOf(request({ channel: 'digitalpost' }, { metadata: { kle: { activityFacet: 'a1' } } })).handlingFacet).toBeUndefined();
    // Only a Digital Post letter has a Digital Post message id.
    expect(enrichmentOf(request({}, { metadata: { memo: { messageUuid: 'x' } } })).digitalPostMessageId).toBeUndefined();
  });

  it('offers the facet detected in the text when the letter gave none, and only where KLE has a code for it', () => {
    const aktindsigt = { subject: 'Anmodning om aktindsigt i byggesag', body: 'Jeg beder om aktindsigt i byggesagen for Skovvej 14.' };
    expect(enrichmentOf(request({}, aktindsigt)).detectedFacet).toMatchObject({ code: 'A53', name: 'Aktindsigt' });
    // the letter's own facet wins: nothing is detected beside it
    const withOwn = enrichmentOf(request({ channel: 'digitalpost' }, { ...aktindsigt, metadata: { kle: { activityFacet: 'G01' } } }));
    expect([withOwn.handlingFacet, withOwn.detectedFacet]).toEqual(['G01', undefined]);
    // an ansøgning is detected, but KLE's code for it is not known here: nothing is proposed
    expect(enrichmentOf(request({}, { subject: 'Ansøgning om boligstøtte', body: 'Jeg ansøger om boligstøtte.' })).detectedFacet).toBeUndefined();
  });

  it('names an e-mail by its subject, a scan by the bureau\'s file name', () => {
    expect(enrichmentOf(request({}, { subject: 'Re: Ansøgning om "boligstøtte" 2/2026?' })).documentName).toBe('Re Ansøgning om boligstøtte 2 2026.eml');
    expect(enrichmentOf(request({}, {})).documentName).toBe('e-mail.eml');
    const files = [{ name: 'NS-0067.pdf', sha256: 'a'.repeat(64) }, { name: 'other.pdf', sha256: 'b'.repeat(64) }];
    expect(enrichmentOf(request({ channel: 'scan', fileName: 'd0051.pdf' }, { metadata: { scan: { files } } })).documentName).toBe('NS-0067.pdf');
    expect(enrichmentOf(request({ channel: 'scan', fileName: 'd0051.pdf' }, {})).documentName).toBe('d0051.pdf');
  });
});

describe('safeFileName', () => {
  it('is never empty, has no path or control characters, and is cut at 120 characters', () => {
    expect(safeFileName('../../etc/passwd', '.eml', 'x')).toBe('etc passwd.eml');
    expect(safeFileName('Klage\u000B over\u0001 afgørelse\uD800', '.eml', 'x')).toBe('Klage over afgørelse.eml');
    expect(safeFileName(' ... ', '.eml', 'e-mail')).toBe('e-mail.eml');
    expect(safeFileName('😀'.repeat(200), '.eml', 'x')).toBe(`${'😀'.repeat(120)}.eml`);
  });
});
