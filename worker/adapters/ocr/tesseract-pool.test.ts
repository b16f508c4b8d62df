import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';
import { createTesseractPool } from './tesseract-pool.js';

const letter = resolve(import.meta.dirname, '../../../test/fixtures/dev/items/d0017.png');
const blankPgm = () => Buffer.concat([Buffer.from('P5\n40 20\n255\n'), Buffer.alloc(800, 255)]);

describe('tesseract pool', () => {
  const pool = createTesseractPool({ size: 2 });
  afterAll(() => pool.close());

  it('reads Danish letters, æøå included, with a confidence', async () => {
    const result = await pool.recognize(await readFile(letter));
    expect(result.text).toMatch(/Ansøgning om fri fra skole/);
    expect(result.text).toMatch(/Kære skoleleder/);
    expect(result.confidence).toBeGreaterThan(80);
  });

  it('rejects bytes that are not an image with a specific code', async () => {
    const error = await pool.recognize(Buffer.from('definitely not an image')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).code).toBe('ocr_image_unreadable');
  });
});

describe('tesseract pool timeout', () => {
  // One worker and a timeout far below what a full A4 page needs: the page must be abandoned and
  // the worker replaced, so that the next (tiny) page is still read.
  const pool = createTesseractPool({ size: 1, timeoutMs: 150 });
  afterAll(() => pool.close());

  it('throws ocr_timeout and keeps serving later pages', async () => {
    await pool.recognize(blankPgm()); // the worker has started; the timeout covers recognition only
    const error = await pool.recognize(await readFile(letter)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).code).toBe('ocr_timeout');
    await expect(pool.recognize(blankPgm())).resolves.toMatchObject({ text: '' });
  });
});

describe('tesseract pool at rest', () => {
  const pool = createTesseractPool({ size: 1, idleMs: 300 });
  afterAll(() => pool.close());

  it('ends a worker that has been idle, and starts one again for the next page', async () => {
    expect(pool.liveWorkers()).toBe(0);
    await pool.recognize(blankPgm());
    expect(pool.liveWorkers()).toBe(1);
    const until = Date.now() + 20_000;
    while (pool.liveWorkers() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(pool.liveWorkers()).toBe(0);
    await expect(pool.recognize(blankPgm())).resolves.toMatchObject({ text: '' });
    expect(pool.liveWorkers()).toBe(1);
  });
});

const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;

describe('offline OCR', () => {
  // With `unshare -n` the process has no network interfaces at all; where that is not permitted, the
  // preloaded guard still refuses (and reports) every socket and DNS lookup.
  it(`reads a letter in a process without network (${canUnshare ? 'unshare -n + ' : ''}socket guard)`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ocr-offline-'));
    const script = join(dir, 'ocr.mjs');
    const poolUrl = pathToFileURL(resolve(import.meta.dirname, 'tesseract-pool.ts')).href;
    await writeFile(
      script,
      [
        `import { readFile } from 'node:fs/promises';`,
        `const { createTesseractPool } = await import(${JSON.stringify(poolUrl)});`,
        `const pool = createTesseractPool({ size: 1, langPathDir: ${JSON.stringify(join(dir, 'tessdata'))} });`,
        `const result = await pool.recognize(await readFile(${JSON.stringify(letter)}));`,
        `await pool.close();`,
        `process.stdout.write(JSON.stringify(result));`,
      ].join('\n'),
    );
    const denyNetwork = resolve(import.meta.dirname, '../../../test/support/deny-network.mjs');
    const command = [...(canUnshare ? ['unshare', '-n'] : []), process.execPath, '--import', 'tsx', '--import', denyNetwork, script];
    const run = spawnSync(command[0] as string, command.slice(1), {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('FORDELER-NETWORK-ATTEMPT');
    const result = JSON.parse(run.stdout) as { text: string };
    expect(result.text).toMatch(/Ansøgning om fri fra skole/);
  });
});
