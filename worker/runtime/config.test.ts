import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database and ./data', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config).toMatchObject({ tenantId: 'default', concurrency: 2, ocrWorkers: 2, itemTimeoutMs: 180_000 });
  });

  it('treats an empty DATABASE_URL as unset and reads the others', () => {
    const config = loadConfig({ DATABASE_URL: '', FORDELER_TENANT: 'fredericia', FORDELER_ITEM_TIMEOUT_SECONDS: '30' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.tenantId).toBe('fredericia');
    expect(config.itemTimeoutMs).toBe(30_000);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ FORDELER_OCR_WORKERS: '0' })).toThrow(/FORDELER_OCR_WORKERS/);
  });
});
