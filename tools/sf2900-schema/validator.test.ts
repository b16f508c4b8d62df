// The shared SF2900 validator judges whole envelopes by KOMBIT's XSDs: it accepts what the codec writes
// (requests, answers, both kinds of fault) and refuses each kind of breakage the emulator must refuse.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildSendEnvelope, listReceiversResponse, sendResponse, transportFault, v2, type SendRequest,
} from '../../sf2900/index.js';
import { validateEnvelope } from './validator.js';

const CVR = '29189404';
const SYSTEM = '5d0a2c1b-8e7f-4a6b-9c3d-1e2f3a4b5c6d';
const NOW = new Date('2026-05-04T08:00:00Z');

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  transactionId: randomUUID(), kle: '32.30.04', title: 'Ansøgning om hjælp til medicin', fileName: 'ansoegning.pdf',
  scanned: true, documentType: 'Brev', documentId: randomUUID(), mimeType: 'application/pdf', documentFileName: 'a.pdf', size: 6, ...overrides,
});
const letter = () => buildSendEnvelope(request(), CVR, SYSTEM, NOW);

function refused(xml: string, pattern: RegExp): void {
  const result = validateEnvelope(xml);
  expect(result.valid).toBe(false);
  expect(result.errors.join('\n')).toMatch(pattern);
}

describe('validateEnvelope', () => {
  it('accepts a hand-over request as text and as bytes', () => {
    expect(validateEnvelope(letter())).toEqual({ valid: true, errors: [] });
    expect(validateEnvelope(Buffer.from(letter()))).toEqual({ valid: true, errors: [] });
  });

  it('refuses an empty DelvistScannet, a Dokumenttype Foo, a bad UUID and a missing required element', () => {
    refused(letter().replace('<ds2:DelvistScannet>true</ds2:DelvistScannet>', '<ds2:DelvistScannet/>'), /DelvistScannet.*boolean/);
    refused(letter().replace('<ds2:Dokumenttype>Brev<', '<ds2:Dokumenttype>Foo<'), /Dokumenttype.*'Foo'/);
    refused(letter().replace(/<ds2:AnvenderTransaktionsID>[^<]+</, '<ds2:AnvenderTransaktionsID>not-a-uuid<'), /AnvenderTransaktionsID/);
    refused(letter().replace(/<ds2:KLEEmneForslag>[^<]+<\/ds2:KLEEmneForslag>/, ''), /KLEEmneForslag/);
  });

  it('refuses a receiver list answering with a registered wildcard (RoutingKLEEmne is NN.NN.NN)', () => {
    refused(listReceiversResponse([{ uuid: randomUUID(), name: 'KSD', kle: '32.30.*' }], CVR), /RoutingKLEEmne.*32\.30\.\*/);
    expect(validateEnvelope(listReceiversResponse([{ uuid: randomUUID(), name: 'KSD', kle: '32.30.04' }], CVR)).valid).toBe(true);
  });

  it('refuses an unknown operation, a body with two elements, and XML that is not well-formed', () => {
    refused(letter().replace('FordelingsobjektAfsendRequest>', 'FordelingsobjektSlet>').replace('<ds3:FordelingsobjektAfsendRequest', '<ds3:FordelingsobjektSlet'), /FordelingsobjektSlet/);
    refused(letter().replace('</soap:Body>', '<ds3:FordelingsmodtagerListResponse><ds3:Systemer/></ds3:FordelingsmodtagerListResponse></soap:Body>'), /FordelingsmodtagerListResponse/);
    expect(validateEnvelope(letter().slice(0, -20)).valid).toBe(false);
  });

  it('accepts the TransportKvittering fault in v3 (DistributionService) and v2 (receipt callback)', () => {
    const fejl = [{ kode: 'Skemafejl', tekst: 'DelvistScannet er ikke en boolean' }];
    expect(validateEnvelope(transportFault('Client', 'Anmodningen er ugyldig', fejl)).errors).toEqual([]);
    expect(validateEnvelope(transportFault('Server', 'Intern fejl', [], v2)).errors).toEqual([]);
  });

  it('refuses a fault whose detail is not a declared element, or that lacks its faultstring', () => {
    const fault = transportFault('Client', 'Anmodningen er ugyldig', []);
    refused(fault.replace(/TransportKvittering/g, 'TransportKvitering'), /TransportKvitering/);
    refused(fault.replace(/<faultstring>[^<]*<\/faultstring>/, ''), /faultstring|detail/);
  });

  it('validates a request carrying a 10 MB document inline (one text node past libxml2\'s default limit)', () => {
    const context = { transactionId: randomUUID(), senderCvr: CVR, routingCvr: CVR, kle: '32.30.04' };
    expect(validateEnvelope(sendResponse({ code: 'MODTAGET', kind: 'Teknisk' }, context)).valid).toBe(true);
    const big = Buffer.alloc(10 * 1024 * 1024, 0x25).toString('base64');
    const inline = letter().replace('<ds2:Filstoerrelse>', `<ds2:Indhold>${big}</ds2:Indhold><ds2:Filstoerrelse>`);
    expect(validateEnvelope(Buffer.from(inline))).toEqual({ valid: true, errors: [] });
    // Indhold is an xs:string in the XSD: what can be wrong in a big request is the rest of it.
    refused(inline.replace('<ds2:Dokumenttype>Brev<', '<ds2:Dokumenttype>Foo<'), /Dokumenttype/);
  });
});
