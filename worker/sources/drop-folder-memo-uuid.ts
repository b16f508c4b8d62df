// The MeMo messageUUID of a Digital Post file, read from its first bytes without parsing the XML, so
// that a second delivery of the same message (other bytes, same UUID) is recorded as a duplicate.
//
// Only the exact shape every MeMo producer writes is accepted: an optional XML declaration and
// comments, the root `Message` bound to the MeMo namespace, then `MessageHeader`, `messageType` and
// `messageUUID` with nothing but whitespace between them. Anything else (a comment inside the root,
// CDATA, entities, a DOCTYPE, UTF-16, another namespace) gives undefined: a missed duplicate is
// harmless, a wrong one would hide a message.
import { readFileHead } from '../adapters/file-head.js';

const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';
/** The root start tag with a dozen namespace declarations is about 1 KB; the UUID follows closely. */
const HEAD_BYTES = 16 * 1024;

const NAME = '[A-Za-z_][A-Za-z0-9._-]*';
const ATTRIBUTE = `\\s+((?:${NAME}:)?${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`;
// Attribute values are matched as whole quoted strings, so a `>` inside one cannot end the tag early;
// a comment cannot contain `--` (XML), so it always ends at its own `-->`, never at a later one.
const ROOT = new RegExp(`^(?:\\uFEFF|\\xEF\\xBB\\xBF)?\\s*(?:<\\?xml\\s[^?>]*\\?>\\s*)?(?:<!--(?:[^-]|-(?!-))*-->\\s*)*<(?:(${NAME}):)?Message((?:${ATTRIBUTE})*)\\s*>`);
const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

/** Reads the first 16 KB of `path`; undefined when the UUID is not found in the expected place. */
export async function readMemoMessageUuid(path: string): Promise<string | undefined> {
  return memoMessageUuidIn(await readFileHead(path, HEAD_BYTES));
}

/** The lower-cased messageUUID at the start of a MeMo message, or undefined. */
export function memoMessageUuidIn(head: string): string | undefined {
  const root = ROOT.exec(head);
  if (!root) return undefined;
  const prefix = root[1];
  if (namespaceDeclared(root[2] ?? '', prefix) !== MEMO_NAMESPACE) return undefined;
  const p = prefix ? `${prefix.replace(/[.]/g, '\\.')}:` : '';
  const header = new RegExp(
    `^\\s*<${p}MessageHeader\\s*>\\s*<${p}messageType\\s*>[^<]*</${p}messageType\\s*>\\s*<${p}messageUUID\\s*>\\s*(${UUID})\\s*</${p}messageUUID\\s*>`,
  ).exec(head.slice(root[0].length));
  return header?.[1]?.toLowerCase();
}

function namespaceDeclared(attributes: string, prefix: string | undefined): string | undefined {
  const wanted = prefix ? `xmlns:${prefix}` : 'xmlns';
  for (const match of attributes.matchAll(new RegExp(ATTRIBUTE, 'g'))) {
    if (match[1] === wanted) return match[2] ?? match[3];
  }
  return undefined;
}
