#!/usr/bin/env node
// The `fordeler` command. It runs the install-time build in dist/ (bin/build.js, run by `npm ci` and
// `npm run build`) when that build matches the sources file by file: no TypeScript loader, so a command
// starts in a fraction of the time (bench/startup.ts). Otherwise — no build, a source edited since, or
// FORDELER_FROM_SOURCE / VITEST set — it runs the TypeScript sources directly through tsx's loader.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildMatchesSources } from './build-manifest.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const fromSource = Boolean(process.env.FORDELER_FROM_SOURCE || process.env.VITEST);

if (!fromSource && buildMatchesSources(root, dist)) {
  // Stack traces name dist/ lines; `node --enable-source-maps` maps them to the TypeScript (the build
  // keeps a map beside each file). Not on by default: Node then reads the maps of every module it loads.
  await import(pathToFileURL(join(dist, 'cli/main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
