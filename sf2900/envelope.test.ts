import { describe, expect, it } from 'vitest';
import { NS, parseSoap, soapEnvelope, SoapParseError, transportFault, v2, v3 } from './envelope.js';
import { el, escapeXml, obj, renderXml, text0, xmlSafeText } from './xml.js';

describe('building XML', () => {
  it('escapes every text and attribute value and skips absent children', () => {
    const xml = renderXml({ name: 'a', attrs: { t: `"<'&>"` }, children: ['x<y & "z"', undefined, null, el('b', 1, true)] });
    expect(xml).toBe('<a t="&quot;&lt;&apos;&amp;&gt;&quot;">x&lt;y &amp; &quot;z&quot;<b>1true</b></a>');
    expect(escapeXml("'")).toBe('&apos;');
  });

  it('renders false as a value, since xs:boolean has no empty form', () => {
    expect(renderXml(el('DelvistScannet', false))).toBe('<DelvistScannet>false</DelvistScannet>');
  });

  it('drops the characters XML 1.0 forbids from text and attributes, keeping TAB, LF, CR and astral characters', () => {
    const text = 'a\u000Bb\u0001c\u0000d\te\nf\rg\uFFFEh\uFFFFi\uD800j\uDC00k\u{1F600}l';
    expect(xmlSafeText(text)).toBe('abcd\te\nf\rghijk\u{1F600}l');
    expect(renderXml({ name: 'a', attrs: { t: 'x\u0008y' }, children: ['\u001Fz'] })).toBe('<a t="xy">z</a>');
  });

  it('declares every namespace once on the envelope', () => {
    const xml = soapEnvelope(v3('X', v2('Y', 'z')));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><soap:Envelope ')).toBe(true);
    for (const ns of Object.values(NS)) expect(xml.split(`"${ns}"`)).toHaveLength(2);
    expect(xml).toContain('<soap:Body><ds3:X><ds2:Y>z</ds2:Y></ds3:X></soap:Body>');
  });
});

describe('parseSoap', () => {
  it('returns the first Body child by local name, whatever the prefixes', () => {
    const xml = `<e:Envelope xmlns:e="${NS.soap}" xmlns:q="${NS.v3}"><e:Body><q:Answer><q:Value>1</q:Value></q:Answer></e:Body></e:Envelope>`;
    const parsed = parseSoap(xml);
    expect(parsed).toEqual({ kind: 'body', name: 'Answer', content: { Value: '1' } });
  });

  it('decodes the predefined entities and character references, and nothing a DTD could define', () => {
    const parsed = parseSoap(soapEnvelope(el('x', el('t', 'A&B <c> "d"'))).replace('A&amp;B', 'A&#38;B&#x2013;&#0;&nbsp;'));
    if (parsed.kind !== 'body') throw new Error('expected a body');
    expect(text0(parsed.content.t)).toBe('A&B–\uFFFD&nbsp; <c> "d"');
  });

  it('refuses a DTD or an entity declaration before parsing', () => {
    expect(() => parseSoap('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).toThrow(/not a readable SOAP message: XML DOCTYPE/);
    expect(() => parseSoap('<x><!ENTITY a "b"></x>')).toThrow(SoapParseError);
  });

  it('refuses malformed XML and an envelope without Body content', () => {
    expect(() => parseSoap('<a><b></a>')).toThrow(/not a readable SOAP message: malformed XML/);
    expect(() => parseSoap(`<soap:Envelope xmlns:soap="${NS.soap}"><soap:Body/></soap:Envelope>`)).toThrow(/no Body content/);
  });

  it('reads a transport fault with its FejlListe, as transportFault writes it', () => {
    const parsed = parseSoap(transportFault('Client', 'Anmodningen er ugyldig', [
      { kode: 'ManglendeFelt', tekst: 'ID mangler' }, { kode: 'UgyldigVaerdi', tekst: 'RoutingKLEEmne er ikke et KLE-emne' },
    ]));
    expect(parsed).toEqual({
      kind: 'fault',
      fault: {
        faultcode: 'soap:Client', faultstring: 'Anmodningen er ugyldig', kode: 'FEJL', begrundelse: 'Anmodningen er ugyldig',
        fejl: [{ kode: 'ManglendeFelt', tekst: 'ID mangler' }, { kode: 'UgyldigVaerdi', tekst: 'RoutingKLEEmne er ikke et KLE-emne' }],
      },
    });
  });

  it('reads a bare fault without a TransportKvittering', () => {
    const xml = soapEnvelope(el('soap:Fault', el('faultcode', 'soap:Server'), el('faultstring', 'down')));
    expect(parseSoap(xml)).toEqual({ kind: 'fault', fault: { faultcode: 'soap:Server', faultstring: 'down', fejl: [] } });
    expect(obj(undefined)).toEqual({});
  });
});
