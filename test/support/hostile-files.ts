// The hostile-input corpus: the files kept in test/fixtures/hostile, plus — when the project's shared
// folder sits beside the repository — the ones whose licence does not let us copy them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const HOSTILE_FIXTURES = join(root, 'test/fixtures/hostile');
export const HOSTILE_SHARED = resolve(root, '../shared/corpus/hostile');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Absolute paths of the hostile files in `group` (mime, pdf, xml, images, archives) whose name matches. */
export function hostileFiles(group: string, pattern: RegExp = /./): string[] {
  const ours = walk(join(HOSTILE_FIXTURES, group));
  const have = new Set(ours.map((file) => relative(HOSTILE_FIXTURES, file)));
  const extra = walk(join(HOSTILE_SHARED, group)).filter((file) => !have.has(relative(HOSTILE_SHARED, file)));
  return [...ours, ...extra].filter((file) => pattern.test(file.split('/').pop() ?? ''));
}

/** The path of one hostile file by its corpus-relative name, wherever it is kept. */
export function hostileFile(name: string): string {
  const ours = join(HOSTILE_FIXTURES, name);
  return existsSync(ours) ? ours : join(HOSTILE_SHARED, name);
}
