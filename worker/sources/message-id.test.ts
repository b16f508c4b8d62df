import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { messageIdIn, readMailMessageId } from './message-id.js';

describe('Message-ID of an e-mail file', () => {
  it('reads the header field, angle brackets kept as IMAP gives them', () => {
    expect(messageIdIn('From: a@b.dk\r\nMessage-ID: <7f3a@borger.example>\r\nSubject: x\r\n\r\nbody')).toBe('<7f3a@borger.example>');
  });

  it('unfolds a folded field and ignores case', () => {
    expect(messageIdIn('message-id:\r\n  <folded@x.example>\r\nSubject: y\r\n\r\n')).toBe('<folded@x.example>');
  });

  it('looks only in the header block, after an mbox From line', () => {
    expect(messageIdIn('From someone Mon Dec  1 09:00:00 2026\nMessage-Id: <m@x>\n\nbody')).toBe('<m@x>');
    expect(messageIdIn('Subject: x\r\n\r\nMessage-ID: <in-body@x>\r\n')).toBeUndefined();
  });

  it('gives undefined without a field, with an empty one, or without an end of the header block', () => {
    expect(messageIdIn('Subject: x\r\n\r\nbody')).toBeUndefined();
    expect(messageIdIn('Message-ID:   \r\n\r\nbody')).toBeUndefined();
    expect(messageIdIn('Message-ID: <cut@x>\r\nSubject: never ends')).toBeUndefined();
  });

  it('reads a sample e-mail from disk', async () => {
    expect(await readMailMessageId(join(import.meta.dirname, '../../samples/post/d0055.eml'))).toMatch(/^<.+@.+>$/);
  });
});
