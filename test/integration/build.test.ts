// The install-time build (bin/build.js) and the check bin/fordeler.js makes before running it: the build
// runs as the sources do, and any edit, added or removed file sends `fordeler` back to the sources.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMatchesSources } from '../../bin/build-manifest.js';
import { build } from '../../bin/build.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fordeler-build-'));
  temps.push(dir);
  return dir;
};

function project(): string {
  const root = tempDir();
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'demo', type: 'module' }));
  write('core/a.ts', 'export const answer: number = 42;\n');
  write('core/b.ts', "import { answer } from './a.js';\nimport data from '../shared/table.json' with { type: 'json' };\nexport const both = (): string => `${answer} ${data.name}`;\n");
  write('core/b.test.ts', 'throw new Error("tests are not shipped");\n');
  write('shared/table.json', JSON.stringify({ name: 'kle' }));
  write('worker/child.mjs', 'export const child = true;\n');
  write('test/helper.ts', 'export const helper = 1;\n');
  write('data/pglite/state.json', '{}');
  return root;
}

describe('bin/build.js', () => {
  it('transpiles file by file with the data beside it, and the result runs', async () => {
    const root = project();
    const { files } = await build({ root, outDir: join(root, 'dist') });
    expect(files).toBe(2);
    const built = (await import(pathToFileURL(join(root, 'dist/core/b.js')).href)) as { both(): string };
    expect(built.both()).toBe('42 kle');
    expect(readFileSync(join(root, 'dist/worker/child.mjs'), 'utf8')).toContain('child');
    expect(() => readFileSync(join(root, 'dist/core/b.test.js'))).toThrow();
    expect(() => readFileSync(join(root, 'dist/test/helper.js'))).toThrow();
    expect(() => readFileSync(join(root, 'dist/data/pglite/state.json'))).toThrow();
    expect(buildMatchesSources(root, join(root, 'dist'))).toBe(true);
  });

  it('no longer matches after an edit, an added or a removed file; a new build matches again', async () => {
    const root = project();
    const dist = join(root, 'dist');
    const rebuilt = async () => {
      await build({ root, outDir: dist });
      expect(buildMatchesSources(root, dist)).toBe(true);
    };
    await rebuilt();
    // Same size, other content, a later modification time: an editor's save.
    writeFileSync(join(root, 'core/a.ts'), 'export const answer: number = 43;\n');
    utimesSync(join(root, 'core/a.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(buildMatchesSources(root, dist)).toBe(false);
    await rebuilt();
    writeFileSync(join(root, 'core/c.ts'), 'export const c = 1;\n');
    utimesSync(join(root, 'core'), new Date(), new Date(Date.now() + 10_000));
    expect(buildMatchesSources(root, dist)).toBe(false);
    await rebuilt();
    unlinkSync(join(root, 'shared/table.json'));
    expect(buildMatchesSources(root, dist)).toBe(false);
    await rebuilt();
    // The module type and the compiler options decide what the transpiled code means.
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'demo', type: 'commonjs' }));
    expect(buildMatchesSources(root, dist)).toBe(false);
    expect(buildMatchesSources(root, join(root, 'no-build'))).toBe(false);
  });

  it('builds this project: `fordeler --version` and `--help` from the build, as from the sources', async () => {
    // Beside the project's package.json and node_modules, as dist/ is, without touching the shared dist/.
    const home = tempDir();
    symlinkSync(join(repoRoot, 'node_modules'), join(home, 'node_modules'));
    copyFileSync(join(repoRoot, 'package.json'), join(home, 'package.json'));
    const outDir = join(home, 'dist');
    await build({ outDir });
    const fromBuild = spawnSync(process.execPath, [join(outDir, 'cli/main.js'), '--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(fromBuild.stdout.trim()).toBe(version);
    const help = spawnSync(process.execPath, [join(outDir, 'cli/main.js'), '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(help.stdout).toMatch(/rules\s/);
    expect(help.stdout).toMatch(/work \[options\]/);
    const fromSource = spawnSync(process.execPath, [join(repoRoot, 'bin/fordeler.js'), '--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, FORDELER_FROM_SOURCE: '1' } });
    expect(fromSource.stdout.trim()).toBe(version);
  }, 120_000);
});
