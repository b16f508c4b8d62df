import { describe, expect, it } from 'vitest';
import type { SendAnmodning } from '../../sf2900/index.js';
import { setAsideInlineContent, withInlineSizes } from './inline-content.js';

describe('setAsideInlineContent', () => {
  it('measures each Indhold in order, keeps other elements whole, and puts the sizes back on the inline parts', () => {
    const text = '<ds2:DelAttributter><ds2:Indhold>JSUl\nJSU=</ds2:Indhold></ds2:DelAttributter><x:FormularIndhold>QUJD</x:FormularIndhold>'
      + '<DelAttributter><Indhold></Indhold></DelAttributter><DelAttributter><Indhold>QQ&#61;&#61;</Indhold></DelAttributter>';
    const reduced = setAsideInlineContent(text);
    expect(reduced.sizes).toEqual([5, 1]);
    expect(reduced.text).toBe('<ds2:DelAttributter><ds2:Indhold>AAAA</ds2:Indhold></ds2:DelAttributter><x:FormularIndhold>QUJD</x:FormularIndhold>'
      + '<DelAttributter><Indhold></Indhold></DelAttributter><DelAttributter><Indhold>AAAA</Indhold></DelAttributter>');
    const read = { transactionId: 't', parts: [{ name: 'a', inlineBytes: 3 }, { name: 'b', location: 'b.pdf' }, { name: 'c', inlineBytes: 3 }] } as SendAnmodning;
    const restored = withInlineSizes(read, reduced.sizes);
    expect(restored.parts?.map((p) => p.inlineBytes)).toEqual([5, undefined, 1]);
    expect(restored.part).toEqual({ name: 'a', inlineBytes: 5 });
  });
});
