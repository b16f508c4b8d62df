// What the install-time build (bin/build.js) was made from, and whether the sources still match it.
// bin/fordeler.js asks before every start: only a build that matches the sources file by file (path, size,
// modification time, and no file added or removed in any folder) is run; anything else runs the sources.
// Plain JavaScript, so it runs before any TypeScript loader; a check costs a few milliseconds of stat calls.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = '.build-manifest.json';

/** Top-level folders that hold no code `fordeler` runs (tests, benchmarks and scripts run through tsx). */
const NOT_SHIPPED = new Set(['node_modules', 'dist', 'test', 'bench', 'scripts', 'samples', 'docs', 'data', 'coverage', 'bin']);

const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
const isAsset = (name) => /\.(mjs|json|sql)$/.test(name);

/** The folders and files the build reads: every top-level folder with code, minus NOT_SHIPPED. */
export function scanSources(root) {
  const dirs = {};
  const files = {};
  const walk = (rel) => {
    const abs = join(root, rel);
    // The project folder itself changes whenever anything is made beside the code (dist/ included).
    if (rel) dirs[rel] = statSync(abs).mtimeMs;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (rel || (!NOT_SHIPPED.has(entry.name) && !entry.name.startsWith('.'))) walk(path);
      } else if (rel && entry.isFile() && (isSource(entry.name) || isAsset(entry.name))) {
        const stat = statSync(join(root, path));
        files[path] = `${stat.size}:${stat.mtimeMs}`;
      }
    }
  };
  walk('');
  // How the sources are transpiled and loaded: the module type and the compiler options.
  for (const name of ['package.json', 'tsconfig.json']) {
    try {
      const stat = statSync(join(root, name));
      files[name] = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      // not there: nothing to compare
    }
  }
  return { dirs, files };
}

function readManifest(buildDir) {
  try {
    return JSON.parse(readFileSync(join(buildDir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when `buildDir` was built from exactly the sources in `root` as they are now. Folder modification
 * times catch added, removed and renamed files without listing the folders; file stats catch edits.
 */
export function buildMatchesSources(root, buildDir) {
  const manifest = readManifest(buildDir);
  if (!manifest || manifest.version !== 1) return false;
  try {
    for (const [dir, mtime] of Object.entries(manifest.dirs)) if (statSync(join(root, dir)).mtimeMs !== mtime) return false;
    for (const [file, stamp] of Object.entries(manifest.files)) {
      const stat = statSync(join(root, file));
      if (`${stat.size}:${stat.mtimeMs}` !== stamp) return false;
    }
  } catch {
    return false;
  }
  return true;
}
