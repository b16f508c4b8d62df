// PostgreSQL settings for the embedded database (PGlite). PGlite's initdb sizes shared_buffers at 160 MB,
// and the WebAssembly heap holding them stays resident from the first query on: most of an idle
// `fordeler work`'s memory. One process reading its own local data is served as well by a small buffer
// pool over the OS page cache, so the default here is 32 MB (measured in bench/startup.ts).
export const DEFAULT_PGLITE_SHARED_BUFFERS = '32MB';

const SIZE = /^\d+(kB|MB|GB)$/;

/**
 * PGlite's start parameters with `shared_buffers` set; `FORDELER_PGLITE_SHARED_BUFFERS` (e.g. `128MB`)
 * overrides the default. PGlite replaces its defaults when given parameters, so they are passed on.
 */
export function pgliteStartParams(defaults: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const size = env.FORDELER_PGLITE_SHARED_BUFFERS || DEFAULT_PGLITE_SHARED_BUFFERS;
  if (!SIZE.test(size)) throw new Error(`FORDELER_PGLITE_SHARED_BUFFERS must be a size such as 32MB, not ${size.slice(0, 40)}`);
  return [...defaults, '-c', `shared_buffers=${size}`];
}
