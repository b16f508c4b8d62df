// The test servers' start scripts (test/services/dovecot.sh, sftp.sh) must return to a caller that reads
// their output through a pipe: `x=$(npm test)` and CI runners do, and a daemon that keeps the pipe open
// makes them wait forever after the last test. Each script is run here inside `$( … )` on a throwaway
// directory and a free port of its own (the shared servers on 10143 / 10022 are left alone), bounded by a
// timer that kills the shell and fails the test instead of hanging. Needs root, like the scripts.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/private-redis.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// First run on a fresh machine installs the package with apt-get.
const BOUND_MS = 180_000;

interface Captured {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

/** Runs `x=$(bash <script> start 2>&1)` in bash and reports what the outer shell printed once it returned. */
function startInsideCommandSubstitution(script: string, env: NodeJS.ProcessEnv): Promise<Captured> {
  return new Promise((resolvePromise, reject) => {
    const shell = spawn('bash', ['-c', 'x=$(bash "$1" start 2>&1); status=$?; printf "%s\\n" "$x" >&2; echo "returned $status"', '_', script], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const captured: Captured = { stdout: '', stderr: '', code: null, timedOut: false };
    shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (captured.stdout += chunk));
    shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (captured.stderr += chunk));
    const timer = setTimeout(() => {
      captured.timedOut = true;
      shell.kill('SIGKILL');
    }, BOUND_MS);
    shell.on('error', reject);
    shell.on('close', (code) => {
      clearTimeout(timer);
      captured.code = code;
      resolvePromise(captured);
    });
  });
}

function runScript(script: string, command: 'status' | 'stop', env: NodeJS.ProcessEnv) {
  return spawnSync('bash', [script, command], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

const services = [
  { name: 'dovecot', script: 'test/services/dovecot.sh', dirVariable: 'FORDELER_DOVECOT_DIR', portVariable: 'FORDELER_DOVECOT_PORT' },
  { name: 'sftp', script: 'test/services/sftp.sh', dirVariable: 'FORDELER_SFTP_DIR', portVariable: 'FORDELER_SFTP_PORT' },
] as const;

describe.skipIf(process.getuid?.() !== 0)('test service scripts inside $( … )', () => {
  const parent = mkdtempSync(join(tmpdir(), 'fordeler-services-'));
  // The daemons' unprivileged users (mail, fordeler-sftp) must reach their files below it.
  chmodSync(parent, 0o755);
  const started: { script: string; env: NodeJS.ProcessEnv }[] = [];

  afterAll(() => {
    for (const { script, env } of started) runScript(script, 'stop', env);
    rmSync(parent, { recursive: true, force: true });
  });

  for (const service of services) {
    it(`${service.name}.sh start returns while the server keeps running, and stop ends it`, { timeout: BOUND_MS + 60_000 }, async () => {
      const env = { [service.dirVariable]: join(parent, service.name), [service.portVariable]: String(await freePort()) };
      started.push({ script: service.script, env });

      const run = await startInsideCommandSubstitution(service.script, env);
      expect(run.timedOut, `the shell was still waiting after ${BOUND_MS / 1000}s; the script said:\n${run.stderr}`).toBe(false);
      expect(run.stdout.trim(), run.stderr).toBe('returned 0');
      expect(runScript(service.script, 'status', env).status, 'answering after start returned').toBe(0);

      const stopped = runScript(service.script, 'stop', env);
      expect(stopped.status, stopped.stderr).toBe(0);
      expect(runScript(service.script, 'status', env).status, 'not answering after stop').not.toBe(0);
    });
  }
});
