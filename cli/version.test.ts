import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from './version.js';

describe('packageVersion', () => {
  it("is the version in the project's package.json", async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(pkg.version);
  });

  it('walks past package.json files of other packages (as from dist/cli/)', () => {
    const root = mkdtempSync(join(tmpdir(), 'fordeler-version-'));
    mkdirSync(join(root, 'dist/cli'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fordeler', version: '9.8.7' }));
    writeFileSync(join(root, 'dist/package.json'), JSON.stringify({ type: 'module' }));
    expect(packageVersion(join(root, 'dist/cli/main.js'))).toBe('9.8.7');
  });
});
