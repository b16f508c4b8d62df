// The few facts about how an e-mail was sent that the junk detector (classifiers/junk.ts) reads: the
// values of a short list of headers, the top-level content type (a delivery report is multipart/report)
// and the HTML body's links with their visible text (phishing shows one domain and links to another).
// Bounded, so a hostile mail cannot make the stored content large.
import { convert, type DomNode } from 'html-to-text';
import type { HeaderLines } from 'mailparser';
import type { MailSignals } from '../../../core/model.js';
import { keepsHeader } from '../../../classifiers/junk.js';

const MAX_HEADERS = 24;
const MAX_VALUE = 512;
const MAX_LINKS = 40;
const MAX_LINK_TEXT = 200;

export function mailSignals(headerLines: HeaderLines, html: string | undefined, maxHtmlChars: number): MailSignals {
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  for (const { key, line } of headerLines) {
    const name = key.toLowerCase();
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    if (name === 'content-type' && contentType === undefined) contentType = value.slice(0, MAX_VALUE);
    else if (keepsHeader(name) && !(name in headers) && Object.keys(headers).length < MAX_HEADERS) headers[name] = value.slice(0, MAX_VALUE);
  }
  const links = html ? linksOf(html, maxHtmlChars) : [];
  return { headers, ...(contentType ? { contentType } : {}), ...(links.length ? { links } : {}) };
}

/** The <a href> links of an HTML body, with the text a reader sees, by html-to-text's bounded parser. */
function linksOf(html: string, maxChars: number): { text: string; href: string }[] {
  const links: { text: string; href: string }[] = [];
  convert(html, {
    limits: { maxInputLength: maxChars, maxDepth: 64, maxChildNodes: 10_000, maxBaseElements: 10_000 },
    formatters: {
      collectLink: (element: DomNode) => {
        const href = (element.attribs as Record<string, string> | undefined)?.href?.trim();
        if (href && links.length < MAX_LINKS) links.push({ text: textOf(element).replace(/\s+/g, ' ').trim().slice(0, MAX_LINK_TEXT), href: href.slice(0, MAX_VALUE) });
      },
    },
    selectors: [
      { selector: 'a', format: 'collectLink' },
      { selector: 'img', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'script', format: 'skip' },
    ],
  });
  return links;
}

function textOf(node: DomNode, depth = 0): string {
  if (node.type === 'text') return String(node.data ?? '');
  if (depth > 16 || !Array.isArray(node.children)) return '';
  return (node.children as DomNode[]).map((child) => textOf(child, depth + 1)).join('');
}
