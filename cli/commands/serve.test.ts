import { describe, expect, it } from 'vitest';
import { parseListen } from './serve.js';

describe('parseListen', () => {
  it('reads host:port, [v6]:port and :port, and refuses the rest', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    for (const bad of ['8080', 'localhost', 'a:b', '1.2.3.4:70000', '::1:80']) expect(() => parseListen(bad), bad).toThrow(/--listen/);
  });
});
