// Reading a hand-over that carries its document inside (DelAttributter/Indhold) without handing megabytes of
// base64 to the codec's parser: fast-xml-parser needs ~6 s for one 10 MB text node, libxml2 (which has
// already validated the real bytes by then) 40 ms. The emulator only needs each document's size, so the
// Indhold texts are measured here, replaced by a short stand-in for parsing, and the sizes put back.
import { decodeEntities, type DocumentPart, type SendAnmodning } from '../../sf2900/index.js';

const INDHOLD = /<((?:[A-Za-z_][\w.-]*:)?)Indhold>([^<]*)<\/\1Indhold>/g;
const STAND_IN = 'AAAA';

export interface SetAside {
  /** The message with every Indhold reduced to a stand-in. */
  text: string;
  /** The decoded size of each Indhold, in document order. */
  sizes: number[];
}

export function setAsideInlineContent(text: string): SetAside {
  const sizes: number[] = [];
  const reduced = text.replace(INDHOLD, (_whole, prefix: string, content: string) => {
    const base64 = decodeEntities(content).replace(/\s+/g, '');
    if (!base64) return `<${prefix}Indhold></${prefix}Indhold>`;
    sizes.push((base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0));
    return `<${prefix}Indhold>${STAND_IN}</${prefix}Indhold>`;
  });
  return { text: reduced, sizes };
}

/** The anmodning as read from the reduced text, with each inline part's real size put back. */
export function withInlineSizes(a: SendAnmodning, sizes: number[]): SendAnmodning {
  if (!sizes.length || !a.parts) return a;
  let next = 0;
  const parts: DocumentPart[] = a.parts.map((p) => (p.inlineBytes === undefined ? p : { ...p, inlineBytes: sizes[next++] ?? p.inlineBytes }));
  return { ...a, parts, part: parts[0] };
}
