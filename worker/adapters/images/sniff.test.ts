import { describe, expect, it } from 'vitest';
import { kindFromMimeType, sniffKind } from './sniff.js';

const bytes = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');

describe('content sniffing', () => {
  it('recognises documents by their magic bytes', () => {
    expect(sniffKind(bytes('89 50 4e 47 0d 0a 1a 0a 00 00'))).toBe('png');
    expect(sniffKind(bytes('ff d8 ff e0 00 10'))).toBe('jpeg');
    expect(sniffKind(bytes('49 49 2a 00 08 00 00 00'))).toBe('tiff');
    expect(sniffKind(bytes('4d 4d 00 2a 00 00 00 08'))).toBe('tiff');
    expect(sniffKind(Buffer.from('GIF89a\x20\x00'))).toBe('gif');
    expect(sniffKind(Buffer.from('P5\n10 10\n255\n'))).toBe('pnm');
    // Junk before the header is allowed in PDFs (and seen in mail attachments).
    expect(sniffKind(Buffer.from('\r\n\r\n%PDF-1.7\n'))).toBe('pdf');
    expect(sniffKind(Buffer.from('Kære kommune'))).toBe('unknown');
  });

  it('reads MIME types with parameters and aliases', () => {
    expect(kindFromMimeType('text/plain; charset=iso-8859-1')).toBe('text');
    expect(kindFromMimeType('Image/JPG')).toBe('jpeg');
    expect(kindFromMimeType('application/vnd.ms-excel')).toBe('unknown');
  });
});
