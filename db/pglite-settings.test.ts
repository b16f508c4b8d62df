import { describe, expect, it } from 'vitest';
import { DEFAULT_PGLITE_SHARED_BUFFERS, pgliteStartParams } from './pglite-settings.js';

describe('pgliteStartParams', () => {
  const defaults = ['--single', '-c', 'search_path=public'];

  it("keeps PGlite's own parameters and adds the small buffer pool", () => {
    expect(pgliteStartParams(defaults, {})).toEqual([...defaults, '-c', `shared_buffers=${DEFAULT_PGLITE_SHARED_BUFFERS}`]);
  });

  it('takes the size from FORDELER_PGLITE_SHARED_BUFFERS', () => {
    expect(pgliteStartParams(defaults, { FORDELER_PGLITE_SHARED_BUFFERS: '128MB' }).at(-1)).toBe('shared_buffers=128MB');
  });

  it('refuses a value that is not a size, instead of handing it to PostgreSQL', () => {
    expect(() => pgliteStartParams(defaults, { FORDELER_PGLITE_SHARED_BUFFERS: '32MB -c fsync=off' })).toThrow(/must be a size/);
  });
});
