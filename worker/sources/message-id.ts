// The Message-ID of an e-mail file, read from its header block without parsing the message, so that a file
// given to `fordeler process` is deduplicated like the same message fetched by IMAP (whose envelope gives
// the header's value, angle brackets included). A file without one, or with a header block larger than we
// read, gives undefined: a missed duplicate is harmless, a wrong one would hide a message.
import { readFileHead } from '../adapters/file-head.js';

/** Header blocks of real mail are a few KB; DKIM and Received chains rarely pass 32 KB. */
const HEAD_BYTES = 64 * 1024;
/** RFC 5322 line limit: a longer "Message-ID" is not one we trust. */
const MAX_LENGTH = 998;

export async function readMailMessageId(path: string): Promise<string | undefined> {
  return messageIdIn(await readFileHead(path, HEAD_BYTES));
}

/** The Message-ID field of the header block at the start of `text` (unfolded, trimmed). */
export function messageIdIn(text: string): string | undefined {
  const end = text.search(/\r?\n\r?\n/);
  if (end < 0) return undefined;
  // An mbox "From " line may precede the header fields.
  const head = text.slice(0, end).replace(/^From [^\n]*\n/, '');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const match = /^message-id[ \t]*:(.*)$/i.exec(line);
    if (!match) continue;
    const value = (match[1] ?? '').trim();
    return value.length > 0 && value.length <= MAX_LENGTH ? value : undefined;
  }
  return undefined;
}
