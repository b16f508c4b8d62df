import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';
import { detachBase64Elements } from './detach.js';
import { parseSafeXml, sniffXmlKind } from './safe-xml.js';

const OPTIONS = { maxStructureBytes: 1024 * 1024, maxDepth: 16 };
const parse = (xml: string | Buffer, options = OPTIONS) => parseSafeXml(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, options);

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('sniffXmlKind', () => {
  it('recognises MeMo by the root namespace, whatever the prefix', () => {
    expect(sniffXmlKind('<?xml version="1.0"?>\n<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">')).toBe('memo');
    expect(sniffXmlKind('\xEF\xBB\xBF<!-- <x> --><Message memoVersion="1.1" xmlns="https://DigitalPost.dk/MeMo-1">')).toBe('memo');
    expect(sniffXmlKind('<dp:Message\n  xmlns:dp="https://DigitalPost.dk/MeMo-1">')).toBe('memo');
  });

  it('recognises a NordScan sidecar, also as UTF-16 read as Latin-1', () => {
    expect(sniffXmlKind('<?xml version="1.0" encoding="UTF-8"?>\n<ScanJob xmlns="urn:nordscan:scanmeta:2" version="2.1">')).toBe('scan-sidecar');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<ScanJob xmlns="urn:nordscan:scanmeta:2">', 'utf16le')]);
    expect(sniffXmlKind(utf16.toString('latin1'))).toBe('scan-sidecar');
  });

  it('says unknown for other namespaces, a wrong root or an undeclared prefix', () => {
    expect(sniffXmlKind('<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-2">')).toBe('unknown');
    expect(sniffXmlKind('<memo:MessageHeader xmlns:memo="https://DigitalPost.dk/MeMo-1">')).toBe('unknown');
    expect(sniffXmlKind('<memo:Message xmlns:x="https://DigitalPost.dk/MeMo-1">')).toBe('unknown');
    expect(sniffXmlKind('Received: from mail.example.dk')).toBe('unknown');
  });
});

describe('parseSafeXml', () => {
  it('resolves namespaces, decodes predefined entities and keeps CDATA verbatim', () => {
    const { root } = parse('<a:r xmlns:a="urn:a" xmlns="urn:d" k="Bruun &amp; Kjeldsen"><t>&lt;æ&#248;&#xE5;&gt;</t><a:c><![CDATA[&amp; <b>]]></a:c></a:r>');
    expect(root).toMatchObject({ ns: 'urn:a', name: 'r', attrs: { k: 'Bruun & Kjeldsen' } });
    expect(root.children.map((c) => [c.ns, c.name, c.text])).toEqual([
      ['urn:d', 't', '<æøå>'],
      ['urn:a', 'c', '&amp; <b>'],
    ]);
  });

  it('rejects DOCTYPE and ENTITY declarations, whatever the case', () => {
    for (const xml of ['<!DOCTYPE r SYSTEM "http://127.0.0.1:1/x.dtd"><r/>', '<r><!doctype x></r>', '<r/><!ENTITY x "y">']) {
      expect(() => parse(xml)).toThrow(expect.objectContaining({ code: 'xml_doctype_forbidden' }));
    }
  });

  it('bounds nesting depth and structure size', () => {
    expect(() => parse(`${'<a>'.repeat(17)}${'</a>'.repeat(17)}`)).toThrow(expect.objectContaining({ code: 'xml_too_deep' }));
    expect(parse(`${'<a>'.repeat(16)}${'</a>'.repeat(16)}`).root.name).toBe('a');
    expect(() => parse(`<r>${'x'.repeat(2000)}</r>`, { ...OPTIONS, maxStructureBytes: 1000 })).toThrow(expect.objectContaining({ code: 'xml_too_large' }));
  });

  it('reads UTF-16 with a BOM, declared Latin-1, and Latin-1 bytes mislabelled as UTF-8 (with a warning)', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-8"?><r>Nørreå</r>', 'utf16le')]);
    const fromUtf16 = parse(utf16);
    expect(fromUtf16.root.text).toBe('Nørreå');
    expect(fromUtf16.warnings.map((w) => w.code)).toEqual(['extract.xml_encoding_conflict']);
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r>Nørreå</r>', 'latin1');
    expect(parse(latin1)).toMatchObject({ root: { text: 'Nørreå' }, warnings: [] });
    const mislabelled = parse(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><r>Nørreå</r>', 'latin1'));
    expect(mislabelled.root.text).toBe('Nørreå');
    expect(mislabelled.warnings.map((w) => w.code)).toEqual(['extract.xml_invalid_utf8']);
  });

  it('names the problem for unknown encodings, empty files, undeclared prefixes and bad markup', () => {
    expect(() => parse('<?xml version="1.0" encoding="x-klingon"?><r/>')).toThrow(expect.objectContaining({ code: 'xml_encoding_unsupported' }));
    expect(() => parse('  \n')).toThrow(expect.objectContaining({ code: 'xml_empty' }));
    expect(() => parse('<r><x:y/></r>')).toThrow(expect.objectContaining({ code: 'xml_malformed' }));
    expect(() => parse('<r>\n<a></b></r>')).toThrow(expect.objectContaining({ code: 'xml_malformed', data: expect.objectContaining({ line: 2 }) }));
  });
});

describe('base64 lifting and decoding', () => {
  it('lifts only base64 text of start tags named content, not text in a comment or other elements', () => {
    const big = 'QUJD'.repeat(300);
    const xml = Buffer.from(`<m:File xmlns:m="urn:m"><m:content>${big}</m:content><note><!-- <content>${big} --> --></note><m:xcontent>${big}</m:xcontent></m:File>`);
    const { skeleton, lifted } = detachBase64Elements(xml, 'content', 1000);
    expect(lifted.size).toBe(1);
    const [token, bytes] = [...lifted][0]!;
    expect(Buffer.from(bytes).toString('latin1')).toBe(big);
    expect(skeleton.toString()).toContain(`<m:content>${token}</m:content>`);
    expect(skeleton.toString()).toContain(`<m:xcontent>${big}</m:xcontent>`);
    expect(parse(skeleton).root.children[0]!.text).toBe(token);
  });

  it('decodes across window boundaries with line breaks and rejects invalid data', async () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    const text = Buffer.from(data.toString('base64').replace(/(.{76})/g, '$1\r\n'));
    expect((await collect(decodeBase64(text, 7))).equals(data)).toBe(true);
    await expect(collect(decodeBase64(Buffer.from('QUJD!EVG')))).rejects.toMatchObject({ code: 'base64_invalid' });
    await expect(collect(decodeBase64(Buffer.from('QQ==QUJD')))).rejects.toMatchObject({ code: 'base64_invalid' });
    await expect(collect(decodeBase64(Buffer.from('QUJDR')))).rejects.toMatchObject({ code: 'base64_invalid' });
    expect((await collect(decodeBase64(Buffer.from('QUI')))).toString()).toBe('AB');
  });
});
