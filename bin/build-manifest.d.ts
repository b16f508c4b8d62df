// Types for bin/build-manifest.js (plain JavaScript, so bin/fordeler.js can run it before any loader).
export const MANIFEST: string;
export function scanSources(root: string): { dirs: Record<string, number>; files: Record<string, string> };
export function buildMatchesSources(root: string, buildDir: string): boolean;
