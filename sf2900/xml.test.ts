// Properties of the one place text enters rendered XML: whatever a sender writes, the output is
// well-formed XML 1.0 and reads back as the same text minus the characters XML cannot carry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { el, obj, parseXml, renderXml, text0, xmlSafeText } from './xml.js';

const awkward = fc.string({
  unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constantFrom(']]>', '&', '<', '"', '\u0000', '\u000B', '\u0001', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF', '\u{1F600}', '\t', '\r\n', '\r')),
  maxLength: 30,
});

describe('rendering arbitrary text', () => {
  it('is well-formed and keeps every character XML 1.0 allows', () => {
    fc.assert(fc.property(awkward, (value) => {
      const xml = renderXml({ name: 'a', attrs: { t: value }, children: [el('b', value)] });
      expect(XMLValidator.validate(xml)).toBe(true);
      // eslint-disable-next-line no-control-regex -- asserting no forbidden control character survives
      expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      // Reading back: XML parsers normalise line ends (CR LF, CR → LF) and the parser trims.
      const expected = xmlSafeText(value).replace(/\r\n?/g, '\n').trim();
      expect(text0(obj(parseXml(xml).a).b)).toBe(expected);
    }), { numRuns: 300 });
  });

  it('leaves text without forbidden characters untouched', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (value) => {
      // eslint-disable-next-line no-control-regex -- the forbidden set, as in xml.ts
      fc.pre(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(value));
      expect(xmlSafeText(value)).toBe(value);
    }));
  });
});
