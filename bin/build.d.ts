// Types for bin/build.js (plain JavaScript: `npm ci` runs it before anything is compiled).
export function build(options?: { root?: string; outDir?: string }): Promise<{ files: number; ms: number }>;
