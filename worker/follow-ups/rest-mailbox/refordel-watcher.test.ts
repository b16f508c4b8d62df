import { describe, expect, it } from 'vitest';
import { identityOf, restMessageRef } from './refordel-watcher.js';
import { restMessageId } from './publisher.js';

const ITEM = '6b1f9d3e-2c4a-4e8b-9f10-3a7c5d2e1b00';
const headers = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);

describe('which rest-folder message a Refordel message is', () => {
  it('is the item and its posting round, however many copies were made and wherever they were seen', () => {
    const message = identityOf(headers(`X-Fordeler-Item: ${ITEM.toUpperCase()}`, 'X-Fordeler-Round: 2', `Message-ID: ${restMessageId(ITEM, 2)}`));
    expect(message).toEqual({ itemId: ITEM, round: 2, messageId: restMessageId(ITEM, 2) });
    const first = restMessageRef(message!, 'imap:rest:Refordel/KY:17:4');
    expect(first).toBe(`rest:${ITEM}:2`);
    expect(restMessageRef(message!, 'imap:rest:Refordel/KY:17:5')).toBe(first);
    // The next posting of the same item (rejected again in a later round) is another message.
    expect(restMessageRef({ ...message!, round: 3 }, 'imap:rest:Refordel/KY:17:6')).not.toBe(first);
  });

  it('falls back to the Message-ID, then to the IMAP action', () => {
    const byMessageId = identityOf(headers('Message-ID: <abc@fordeler.invalid>', `X-Fordeler-Item: ${ITEM}`));
    expect(restMessageRef(byMessageId!, 'imap:rest:Refordel/KY:17:4')).toBe(`rest:${ITEM}:message-id:<abc@fordeler.invalid>`);
    const bare = identityOf(headers(`X-Fordeler-Item: ${ITEM}`));
    expect(restMessageRef(bare!, 'imap:rest:Refordel/KY:17:4')).toBe('imap:rest:Refordel/KY:17:4');
  });

  it('reads folded headers and ignores messages that are no item of ours', () => {
    expect(identityOf(headers('X-Fordeler-Item:', ` ${ITEM}`, 'X-Fordeler-Round:  1'))).toEqual({ itemId: ITEM, round: 1 });
    expect(identityOf(headers('Subject: Nyhedsbrev', 'Message-ID: <x@y>'))).toBeUndefined();
    expect(identityOf(headers('X-Fordeler-Item: not-an-id'))).toBeUndefined();
    expect(identityOf(undefined)).toBeUndefined();
  });
});
