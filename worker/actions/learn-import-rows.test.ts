import { describe, expect, it } from 'vitest';
import { checkRecord, detectSeparator, formatOf, parseCsv, parseDate, parseSender, readRecords, rowHash, shown, type RawRecord } from './learn-import-rows.js';

const checks = { isCurrentEmne: (nr: string) => ['02.00.00', '32.30.04'].includes(nr) };
const record = (fields: Record<string, unknown>, line = 2): RawRecord => ({ line, fields });

describe('reading an export', () => {
  it('detects ; or , from the header row, outside quotes', () => {
    expect(detectSeparator('id;text;kle')).toBe(';');
    expect(detectSeparator('id,text,kle')).toBe(',');
    expect(detectSeparator('"a;b",text,kle')).toBe(',');
    expect(() => detectSeparator('kle')).toThrow(/neither ; nor ,/);
  });

  it('reads quoted cells with the separator, doubled quotes and line breaks, and knows the line each record starts on', () => {
    const text = 'id;text;kle\r\n1;"Carport; se ""tegning""\nside 2";02.00.00\n\n2;Sygemelding;32.30.04\n';
    expect(parseCsv(text, ';')).toEqual([
      { line: 1, cells: ['id', 'text', 'kle'] },
      { line: 2, cells: ['1', 'Carport; se "tegning"\nside 2', '02.00.00'] },
      { line: 5, cells: ['2', 'Sygemelding', '32.30.04'] },
    ]);
  });

  it('names columns case-insensitively, reports unknown ones and rows with too many cells', () => {
    const { records, errors, ignoredColumns } = readRecords('\uFEFFID,Text,KLE,Sagsbehandler\n1,Carport,02.00.00,Ole\n2,a,b,c,d\n', 'csv');
    expect(records).toEqual([{ line: 2, fields: { id: '1', text: 'Carport', kle: '02.00.00', sagsbehandler: 'Ole' } }]);
    expect(errors).toEqual([{ line: 3, field: null, message: '5 cells, but the header has 4 columns' }]);
    expect(ignoredColumns).toEqual(['sagsbehandler']);
  });

  it('reads JSON Lines, one object a line, and names the line of bad JSON', () => {
    const { records, errors } = readRecords('{"id":"a","Text":"x","kle":"02.00.00"}\n\n{oops\n[1]\n', 'jsonl');
    expect(records).toEqual([{ line: 1, fields: { id: 'a', text: 'x', kle: '02.00.00' } }]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, null],
      [4, null],
    ]);
    expect(errors[1]?.message).toBe('a line must be one JSON object');
  });

  it('takes the format from the name unless it is given', () => {
    expect(formatOf('esdh.CSV')).toBe('csv');
    expect(formatOf('esdh.jsonl')).toBe('jsonl');
    expect(formatOf('esdh.dat', 'jsonl')).toBe('jsonl');
    expect(() => formatOf('esdh.dat')).toThrow(/--format/);
    expect(() => formatOf('esdh.csv', 'xml')).toThrow(/csv or jsonl/);
  });
});

describe('checking a row', () => {
  it('accepts a good row: text, emne, destination, date and sender', () => {
    const result = checkRecord(record({ id: ' 17 ', text: 'Carport', kle: '02.00.00', destination: 'ESDH-BYG', date: '01-03-2024', sender: 'Arkitekt@Tegnestue.dk' }), checks);
    expect(result).toEqual({
      row: {
        line: 2,
        externalId: '17',
        kleNr: '02.00.00',
        destination: 'ESDH-BYG',
        occurredAt: new Date('2024-03-01T00:00:00Z'),
        sender: { idType: 'EMAIL', id: 'arkitekt@tegnestue.dk', email: 'arkitekt@tegnestue.dk' },
        source: { text: 'Carport' },
      },
    });
  });

  it('names every fault of a row with its line and field', () => {
    const result = checkRecord(record({ text: 'x', file: 'a.eml', kle: '99.99.99', date: '2024-02-30', sender: 'nobody' }, 7), checks);
    expect('errors' in result && result.errors).toEqual([
      { line: 7, field: 'file', message: 'give text or file, not both' },
      { line: 7, field: 'kle', message: '99.99.99 is not a current KLE emne' },
      { line: 7, field: 'date', message: '"2024-02-30" is not a date (ISO 2024-03-01 or 01-03-2024)' },
      { line: 7, field: 'sender', message: '"nobody" is neither an e-mail address nor a valid CVR number' },
    ]);
  });

  it('needs a document and an emne in KLE form', () => {
    const result = checkRecord(record({ kle: '2.0' }), checks);
    expect('errors' in result && result.errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['text: missing: give the document as text or as file', 'kle: "2.0" is not a KLE emne (NN.NN.NN)']);
    const noKle = checkRecord(record({ text: 'x', kle: 12 }), checks);
    expect('errors' in noKle && noKle.errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['kle: must be text, not number']);
  });

  it('never shows a CPR number: not as a sender, not inside another value', () => {
    const sender = checkRecord(record({ text: 'x', kle: '02.00.00', sender: '010180-1234' }), checks);
    const kle = checkRecord(record({ text: 'x', kle: 'se 0101801234' }), checks);
    const messages = JSON.stringify([sender, kle]);
    expect(messages).not.toMatch(/0101801234|010180-1234/);
    expect(messages).toContain('a CPR number is not a sender key');
    expect(shown('CPR 010180-1234 og mere tekst end der er plads til her i fejlen')).toBe('"CPR XXXXXX-XXXX og mere tekst end der e…"');
  });

  it('gives a row without id the same hash every time, and another row another one', () => {
    const a = record({ text: ' Carport ', kle: '02.00.00' });
    expect(rowHash(a)).toBe(rowHash(record({ text: 'Carport', kle: '02.00.00' }, 9)));
    expect(rowHash(a)).not.toBe(rowHash(record({ text: 'Carport', kle: '32.30.04' })));
    expect(rowHash(a)).toMatch(/^sha256:[0-9a-f]{32}$/);
  });
});

describe('dates and senders', () => {
  it('reads ISO and dd-mm-yyyy dates, refuses impossible ones', () => {
    expect(parseDate('2024-03-01')?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(parseDate('2024-03-01T10:15:00+01:00')?.toISOString()).toBe('2024-03-01T09:15:00.000Z');
    expect(parseDate('2024-03-01 10:15')?.toISOString()).toBe('2024-03-01T10:15:00.000Z');
    expect(parseDate('29-02-2024')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDate('29-02-2023')).toBeUndefined();
    expect(parseDate('1. marts 2024')).toBeUndefined();
    expect(parseDate('2024-13-01')).toBeUndefined();
  });

  it('makes a party of an e-mail address or a valid CVR number', () => {
    expect(parseSender('DK 6591 6169')).toEqual({ idType: 'CVR', id: '65916169' });
    expect(parseSender('12345678')).toBeNull();
    expect(parseSender('post@')).toBeNull();
  });
});
