import { describe, expect, it } from 'vitest';
import { decodeHeaderLines, decodeInCharset, firstTextPartCharset, isRaw8bitNonUtf8, usableCharset } from './raw-headers.js';

/** A header line as mailparser hands it over: one char per raw byte. */
const line = (key: string, bytes: Buffer) => ({ key, line: bytes.toString('latin1') });
const latin1 = (text: string) => Buffer.from(text, 'latin1');
/** "Subject: Ansøgning – “hurtigt”" as windows-1252 bytes (dash 0x96, quotes 0x93/0x94). */
const CP1252_SUBJECT = Buffer.concat([latin1('Subject: Ans\xf8gning '), Buffer.from([0x96, 0x20, 0x93]), latin1('hurtigt'), Buffer.from([0x94])]);

describe('raw 8-bit header lines', () => {
  it('tells non-UTF-8 8-bit bytes from ASCII and valid UTF-8', () => {
    expect(isRaw8bitNonUtf8(latin1('Ansøgning'))).toBe(true);
    expect(isRaw8bitNonUtf8(Buffer.from('Ansøgning', 'utf8'))).toBe(false);
    expect(isRaw8bitNonUtf8(latin1('Ansogning'))).toBe(false);
  });

  it('accepts 8-bit charset names and refuses those that cannot explain the bytes', () => {
    expect(usableCharset(' ISO-8859-1 ')).toBe('ISO-8859-1');
    expect(usableCharset('windows-1252')).toBe('windows-1252');
    for (const label of [undefined, '', 'utf-8', 'UTF8', 'us-ascii', 'utf-16', 'utf-7', 'x"; name=evil']) {
      expect(usableCharset(label), String(label)).toBeUndefined();
    }
  });

  it('decodes by mailparser\'s decoder, and knows an unknown charset', async () => {
    expect(await decodeInCharset([CP1252_SUBJECT], 'windows-1252')).toEqual(['Subject: Ansøgning – “hurtigt”']);
    expect(await decodeInCharset([latin1('\xb9\xe8'), latin1('\xf8')], 'iso-8859-2')).toEqual(['šč', 'ř']);
    expect(await decodeInCharset([latin1('\xf8')], 'x-no-such-charset')).toBeUndefined();
  });

  it('decodes only the lines that are not UTF-8, by the declared charset', async () => {
    const result = await decodeHeaderLines(
      [line('subject', latin1('Subject: Ansøgning om\r\n kontanthjælp')), line('to', Buffer.from('To: Åse <a@b.example>')), line('date', latin1('Date: x'))],
      'iso-8859-1',
    );
    expect(result).toEqual({
      lines: ['Subject: Ansøgning om kontanthjælp', 'To: Åse <a@b.example>', 'Date: x'],
      decoded: ['subject'],
      charset: 'iso-8859-1',
      fallback: false,
    });
  });

  it('falls back to windows-1252 when no usable charset is declared, or the declared one is unknown', async () => {
    for (const declared of [undefined, 'us-ascii', 'x-no-such-charset']) {
      const result = await decodeHeaderLines([line('subject', CP1252_SUBJECT)], declared);
      expect(result, String(declared)).toEqual({ lines: ['Subject: Ansøgning – “hurtigt”'], decoded: ['subject'], charset: 'windows-1252', fallback: true });
    }
  });

  it('leaves a header block that is all UTF-8 alone', async () => {
    expect(await decodeHeaderLines([line('subject', Buffer.from('Subject: Ansøgning'))], 'iso-8859-1')).toBeUndefined();
  });

  it('finds the charset of the first text part after the top-level header block', () => {
    const head = [
      'Content-Type: multipart/mixed; boundary=b',
      'Subject: x',
      '',
      '--b',
      'Content-Type: image/png; name=a.png',
      '',
      'xx',
      '--b',
      'Content-Type: text/plain;',
      '\tformat=flowed; charset="ISO-8859-15"',
      '',
      'tekst',
    ].join('\r\n');
    expect(firstTextPartCharset(head)).toBe('ISO-8859-15');
    expect(firstTextPartCharset('Content-Type: text/plain; charset=utf-8\r\nSubject: x\r\n\r\nbody')).toBeUndefined();
  });
});
