#!/usr/bin/env node
// The install-time build (`npm ci` runs it as `prepare`; `npm run build` by hand): every TypeScript
// source `fordeler` runs is transpiled one file to one file into dist/, with the files the code reads
// beside itself (.mjs children, KLE data, migrations), so relative paths stay as in the sources.
// Started from dist/, a command skips tsx's loader thread and its per-module round trips: measured in
// bench/startup.ts. Transpiling is esbuild's, as in tsx, so the code that runs is the same; the build
// comes with tsx (a dependency), nothing is downloaded. It never fails an install: without a build,
// bin/fordeler.js runs the sources, as it does whenever they no longer match the build.
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST, scanSources } from './build-manifest.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds `root` (default: this project) into `outDir` (default: its dist/). */
export async function build({ root = projectRoot, outDir = join(root, 'dist') } = {}) {
  const started = Date.now();
  // Stats first: a file edited while the build runs then no longer matches, and the sources run.
  const scanned = scanSources(root);
  const require = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = await import(require.resolve('esbuild'));
  const temp = `${outDir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  const sources = Object.keys(scanned.files).filter((file) => file.endsWith('.ts'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: sources,
    outdir: temp,
    outbase: '.',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const file of Object.keys(scanned.files).filter((f) => !f.endsWith('.ts') && f.includes('/'))) {
    mkdirSync(dirname(join(temp, file)), { recursive: true });
    copyFileSync(join(root, file), join(temp, file));
  }
  writeFileSync(join(temp, MANIFEST), `${JSON.stringify({ version: 1, builtAt: new Date().toISOString(), ...scanned })}\n`);
  // Swapped in whole: a command starting meanwhile sees the old build, none, or the new one.
  const old = `${outDir}.old-${process.pid}`;
  try {
    renameSync(outDir, old);
  } catch {
    // no earlier build
  }
  renameSync(temp, outDir);
  rmSync(old, { recursive: true, force: true });
  return { files: sources.length, ms: Date.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { files, ms } = await build();
    process.stdout.write(`fordeler: built ${files} modules into dist/ in ${ms} ms\n`);
  } catch (error) {
    process.stderr.write(`fordeler: no build (${error instanceof Error ? error.message : String(error)}); bin/fordeler.js runs the sources through tsx\n`);
  }
}
