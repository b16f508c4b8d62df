import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoMessageUuidIn, readMemoMessageUuid } from './drop-folder-memo-uuid.js';

const SAMPLES = new URL('../../samples/post/', import.meta.url).pathname;
const MEMO_EXAMPLES = new URL('../../test/fixtures/memo-examples/', import.meta.url).pathname;

const HEADER = `<memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>5B7D0F55-3F7A-4D3E-9F41-2C0A3F0E8B11</memo:messageUUID>
    <memo:label>Ansøgning om hjælp til tandbehandling</memo:label>`;
const memo = (header = HEADER, root = '<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">', prolog = '<?xml version="1.0" encoding="UTF-8"?>\n') =>
  `${prolog}${root}\n  ${header}\n  </memo:MessageHeader>\n</memo:Message>\n`;

describe('the MeMo messageUUID from the first bytes', () => {
  it('is read from every sample and example message, lower-cased', async () => {
    expect(await readMemoMessageUuid(join(SAMPLES, 'd0021.xml'))).toBe('52be525b-5689-47d8-bbd3-264ce6507bee');
    for (const name of (await readdir(MEMO_EXAMPLES)).filter((file) => file.endsWith('.xml'))) {
      const uuid = /<memo:messageUUID>([^<]+)</.exec(await readFile(join(MEMO_EXAMPLES, name), 'utf8'))?.[1];
      expect(await readMemoMessageUuid(join(MEMO_EXAMPLES, name)), name).toBe(uuid?.toLowerCase());
    }
  });

  it('allows any prefix, the default namespace, a byte-order mark and no declaration', () => {
    const uuid = '5b7d0f55-3f7a-4d3e-9f41-2c0a3f0e8b11';
    expect(memoMessageUuidIn(memo())).toBe(uuid);
    expect(memoMessageUuidIn(memo(HEADER.replaceAll('memo:', 'm:'), '<m:Message memoVersion="1.2" xmlns:m=\'https://DigitalPost.dk/MeMo-1\'>'))).toBe(uuid);
    expect(memoMessageUuidIn(memo(HEADER.replaceAll('memo:', ''), '<Message xmlns="https://DigitalPost.dk/MeMo-1">'))).toBe(uuid);
    expect(memoMessageUuidIn(`\xEF\xBB\xBF${memo(HEADER, undefined, '')}`)).toBe(uuid);
    expect(memoMessageUuidIn(memo(HEADER, undefined, '<?xml version="1.0"?>\n<!-- Eksempel - version 1.0 -->\n<!-- -->'))).toBe(uuid);
  });

  it.each([
    ['another namespace', memo(HEADER, '<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-2">')],
    ['the prefix bound elsewhere', memo(HEADER, '<memo:Message xmlns="https://DigitalPost.dk/MeMo-1" xmlns:memo="urn:andet">')],
    ['no namespace at all', memo(HEADER.replaceAll('memo:', ''), '<Message>')],
    ['a comment before the header', memo(`<!-- <memo:messageUUID>0</memo:messageUUID> -->${HEADER}`)],
    ['an unclosed comment before the root', memo(HEADER, undefined, '<!-- <memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1">')],
    ['a root hidden behind a comment', memo(HEADER, '<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" bad=attr><!-- --><memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1">', '<!-- -->')],
    ['a DOCTYPE', memo(HEADER, undefined, '<?xml version="1.0"?><!DOCTYPE memo:Message []>')],
    ['a CDATA section', memo(HEADER.replace('5B7D0F55', '<![CDATA[5B7D0F55]]>'))],
    ['a character reference', memo(HEADER.replace('5B7D0F55', '&#x35;B7D0F55'))],
    ['not a UUID', memo(HEADER.replace('5B7D0F55-', 'ikke-en-uuid-'))],
    ['a header in an attribute value', `<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" note="x"${'>'}${HEADER}" x="y"></memo:Message>`.replace('note="x">', 'note=">')],
    ['UTF-16', Buffer.from(memo(), 'utf16le').toString('latin1')],
    ['a sidecar', '<?xml version="1.0"?><ScanJob xmlns="urn:nordscan:scanmeta:2"/>'],
  ])('is not guessed from %s', (_case, head) => {
    expect(memoMessageUuidIn(head)).toBeUndefined();
  });
});
