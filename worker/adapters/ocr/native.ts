// For the benchmark: is Debian's native tesseract (with Danish) installed? The pipeline itself
// always uses tesseract.js, which needs nothing outside node_modules.
import { spawnSync } from 'node:child_process';

let native: boolean | undefined;

/** True when `tesseract` runs and lists the `dan` language. Checked once per process. */
export function hasNativeTesseract(): boolean {
  native ??= (() => {
    const run = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8', timeout: 5_000 });
    return run.status === 0 && /^dan$/m.test(`${run.stdout}${run.stderr}`);
  })();
  return native;
}
