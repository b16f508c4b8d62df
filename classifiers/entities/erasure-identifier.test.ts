// All CPR and CVR numbers here are fictional test numbers (29189404 is a public test-style CVR that passes modulus 11).
import { describe, expect, it } from 'vitest';
import { mentionsTarget, parseCprRequest, parseCvrRequest, parseItemRequest, targetPattern, withoutTarget, type ErasureTarget } from './erasure-identifier.js';

const cpr: ErasureTarget = { basis: 'cpr', value: '0101901009' };
const cvr: ErasureTarget = { basis: 'cvr', value: '29189404' };

describe('reading what a person asks to erase', () => {
  it('reads a CPR number in any form, and refuses what is none', () => {
    for (const raw of ['0101901009', '010190-1009', '010190 1009', '010190–1009', ' CPR-nr.: 010190-1009\n', '01.01.90-1009']) expect(parseCprRequest(raw)).toEqual(cpr);
    for (const raw of ['3213901009', '010190-100', '01019010091', 'abc', '']) expect(parseCprRequest(raw)).toBeNull();
  });

  it('reads a CVR number with or without "CVR", "DK" or spaces, only when valid', () => {
    for (const raw of ['29189404', 'CVR 2918 9404', 'cvr-nr.: 29 18 94 04', 'DK29189404']) expect(parseCvrRequest(raw)).toEqual(cvr);
    for (const raw of ['29189405', '2918940', '0101901009']) expect(parseCvrRequest(raw)).toBeNull();
  });

  it('reads an item id', () => {
    expect(parseItemRequest(' 3F2B8C1E-0A4D-4C5E-9F00-1234567890AB ')).toEqual({ basis: 'item', value: '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab' });
    expect(parseItemRequest('0101901009')).toBeNull();
  });
});

describe('finding it in any written form', () => {
  it('finds a CPR number with dash, space, en-dash, none, dots, slash, and OCR letters', () => {
    for (const text of ['klage 010190-1009.pdf', 'cpr 010190 1009', '010190–1009', 'x0101901009y', '01 01 90-1009', '01.01.90 - 1009', '010190/1009', 'CPR O1O19O-1OO9', '{"id":"0101901009"}']) {
      expect(mentionsTarget(text, cpr), text).toBe(true);
    }
  });

  it('does not find it inside a longer number, or another person', () => {
    for (const text of ['10101901009', '01019010090', '010190-1008', '020190-1009', 'tlf 0101 9010 09x']) expect(mentionsTarget(text, cpr), text).toBe(false);
  });

  it('finds a CVR number grouped or together, not inside a longer number', () => {
    for (const text of ['CVR 29189404', 'DK29189404', '2918 9404', '29 18 94 04', '29.18.94.04']) expect(mentionsTarget(text, cvr), text).toBe(true);
    for (const text of ['129189404', '291894041', '29189403']) expect(mentionsTarget(text, cvr), text).toBe(false);
  });

  it('is an expression without flags or \\d, so PostgreSQL reads it as JavaScript does', () => {
    expect(targetPattern(cpr)).not.toMatch(/\\d/);
    expect(targetPattern(cvr)).not.toMatch(/\\d/);
  });

  it('takes the target and any other CPR number out of a free text kept in the record', () => {
    expect(withoutTarget('Anmodning om sletning, cpr 010190 1009 (ægtefælle 150372-4320)', cpr)).toBe('Anmodning om sletning, cpr […] (ægtefælle XXXXXX-XXXX)');
    expect(withoutTarget('Sag om CVR 2918 9404', cvr)).toBe('Sag om CVR […]');
  });
});
