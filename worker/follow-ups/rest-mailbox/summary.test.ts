import { describe, expect, it } from 'vitest';
import { junkOf, junkSummary, restSubject, restSummary, type RestSummaryInput } from './summary.js';

const base: RestSummaryInput = {
  item: { id: '3f0c2a8e-1b7d-4c55-9a51-2f4a1c9e7b10', channel: 'email', fileName: 'henvendelse.eml', receivedAt: new Date('2026-11-30T08:15:00Z') },
  subject: 'Spørgsmål om rotter i haven, cpr 010180-1234',
  reasons: [{ code: 'route.no_rule_matched', message: 'Ingen af 42 regler matchede; posten parkeres i Restpostkasse' }],
  suggestions: [
    { kle: '09.13.01', title: 'Rottebekæmpelse', score: 0.62, destination: 'MILJOE', ruleId: 'kle-09' },
    { kle: '01.02.05', score: 0.21, destination: null, ruleId: null },
  ],
  destinations: ['KSD', 'MILJOE', 'TEKNIK'],
  refordelFolder: 'Refordel',
};

describe('the rest-folder summary', () => {
  it('says why, what it could be, where it could go and how to move it', () => {
    const text = restSummary(base);
    expect(text).toContain('Ingen af 42 regler matchede');
    expect(text).toContain('1. 09.13.01 Rottebekæmpelse (62 %) → MILJOE');
    expect(text).toContain('2. 01.02.05 (21 %) → ingen regel');
    expect(text).toContain('Foreslåede modtagere: MILJOE\n');
    expect(text).toContain('flyt denne mail til mappen Refordel/<modtager>');
    expect(text).toContain('Mulige modtagere: KSD, MILJOE, TEKNIK');
    expect(text).toContain('Modtaget: 30.11.2026, 09.15 som e-mail');
    expect(text).toContain(`fordeler trace ${base.item.id}`);
  });

  it('explains a receiver rejection in Danish with its reason', () => {
    const text = restSummary({
      ...base,
      reasons: [{ code: 'deliver.rejected_by_receiver', message: 'MILJOE answered AFVIST', data: { destination: 'MILJOE', reason: 'Modtager: henvendelsen hører ikke til dette system' } }],
    });
    expect(text).toContain('Modtageren MILJOE afviste posten: Modtager: henvendelsen hører ikke til dette system');
    expect(text).not.toContain('answered');
  });

  it('never carries a CPR number, in the subject or the text', () => {
    expect(restSubject(base)).toBe('[Restpost] Spørgsmål om rotter i haven, cpr 010180-XXXX');
    const text = restSummary({ ...base, reasons: [{ code: 'route.kle_missing', message: 'Afsender 0101801234 kunne ikke klassificeres' }] });
    expect(text).not.toMatch(/\d{6}-?\d{4}/);
    expect(restSubject({ subject: null, item: base.item })).toBe('[Restpost] henvendelse.eml');
  });
});

describe('the junk-folder summary', () => {
  const routeJunk = {
    code: 'route.junk',
    message: 'Junk eller maskinpost (auto_reply, phishing): fordeles aldrig, parkeres i restpostkassen',
    data: {
      kinds: ['auto_reply', 'phishing'],
      action: 'park',
      reasons: [
        { code: 'junk.auto_reply.auto_submitted', message: 'Auto-Submitted: auto-replied (RFC 3834: sendt automatisk)', data: { value: 'auto-replied' } },
        { code: 'junk.phishing.link_mismatch', message: 'linkteksten viser mitid.dk, men linket går til login-mitid.example', data: {} },
      ],
    },
  };

  it('reads the junk verdict from the route.junk reason, and finds none in other post', () => {
    expect(junkOf([routeJunk])).toEqual({ kinds: ['auto_reply', 'phishing'], reasons: routeJunk.data.reasons });
    expect(junkOf(base.reasons)).toBeUndefined();
    expect(junkOf([{ code: 'route.junk', message: 'x', data: { kinds: 'bulk', reasons: [{ nope: 1 }] } }])).toEqual({ kinds: [], reasons: [] });
  });

  it('says in Danish what kind of junk it is and which signals said so, and how to place it if it is real post', () => {
    const text = junkSummary({ ...base, junk: junkOf([routeJunk])! });
    expect(text).toContain('junk eller maskinpost: autosvar, mulig phishing.');
    expect(text).toContain('ikke fordelt til noget fagsystem');
    expect(text).toContain('  - Auto-Submitted: auto-replied (RFC 3834: sendt automatisk)');
    expect(text).toContain('  - linkteksten viser mitid.dk, men linket går til login-mitid.example');
    expect(text).toContain('mappen Refordel/<modtager>. Mulige modtagere: KSD, MILJOE, TEKNIK');
    expect(text).toContain(`fordeler trace ${base.item.id}`);
    expect(text).not.toContain('Forslag til KLE-emne');
  });

  it('marks the subject as junk and masks CPR numbers in the signals', () => {
    expect(restSubject({ ...base, junk: true })).toBe('[Junk] Spørgsmål om rotter i haven, cpr 010180-XXXX');
    const text = junkSummary({ ...base, junk: { kinds: ['bulk'], reasons: [{ code: 'junk.bulk.list_id', message: 'List-Id: 0101801234.liste.example' }] } });
    expect(text).toContain('nyhedsbrev eller masseudsendelse');
    expect(text).not.toMatch(/\d{6}-?\d{4}/);
  });
});
