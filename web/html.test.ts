import { describe, expect, it } from 'vitest';
import { html, query, raw } from './html.js';

describe('html templates', () => {
  it('escapes every interpolated value, including quotes in attributes', () => {
    const subject = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${subject}">${subject}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
  });

  it('keeps nested templates, arrays of them and raw() as HTML, and drops null, undefined and false', () => {
    const rows = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${rows}</ul>${null}${undefined}${false}${raw('<hr>')}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>');
  });

  it('builds query strings with every part encoded and empty parts left out', () => {
    expect(query({ q: 'æ&ø', state: undefined, side: 2, tom: '' })).toBe('q=%C3%A6%26%C3%B8&side=2');
  });
});
