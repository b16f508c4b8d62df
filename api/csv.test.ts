// The export's CSV writer: RFC 4180 quoting, and formula cells defused for spreadsheets.
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, csvText, UTF8_BOM } from './csv.js';

describe('csv', () => {
  it('quotes only fields that need it and doubles quotes inside', () => {
    expect(csvField('Ansøgning om boligstøtte')).toBe('Ansøgning om boligstøtte');
    expect(csvField('Hej, kommune')).toBe('"Hej, kommune"');
    expect(csvField('Sagen "ABC"')).toBe('"Sagen ""ABC"""');
    expect(csvField('to\r\nlinjer')).toBe('"to\r\nlinjer"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });

  it('ends records with CRLF', () => {
    expect(csvRecord(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('defuses cells a spreadsheet would evaluate', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(csvText('+45 12345678')).toBe(`'+45 12345678`);
    expect(csvText('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvText('Klage')).toBe('Klage');
    expect(csvText(null)).toBeNull();
  });

  it('has the UTF-8 byte order mark Excel looks for', () => {
    expect(Buffer.from(UTF8_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
