// Where a login may send the browser afterwards: only a path on this site, never another host.
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './oidc.js';

describe('safeReturnTo', () => {
  it('keeps paths on this site', () => {
    expect(safeReturnTo('/rest-mailbox?page=2')).toBe('/rest-mailbox?page=2');
    expect(safeReturnTo('/')).toBe('/');
  });

  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a b', '', undefined, ['/x'], `/${'a'.repeat(2000)}`])(
    'sends %j to the front page',
    (value) => expect(safeReturnTo(value)).toBe('/'),
  );
});
