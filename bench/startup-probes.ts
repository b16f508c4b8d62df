// The measuring instruments of bench/startup.ts, each on a child process: how long one `fordeler`
// command takes (wall clock, and CPU time from bash's `times`, which a loaded machine inflates less),
// and for `fordeler work` the time until /healthz answers and the resident memory once it rests.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface CommandRun {
  wallMs: number;
  /** User + system CPU time of the command and its children. */
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

const timesLine = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/g;

/** Runs `node <args>` once under bash, so `times` can report the CPU the command used. */
export function runCommand(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 300_000): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', '"$@"; rc=$?; times >&3; exit $rc', 'bash', process.execPath, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const times: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => times.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      // The second line of `times` is the children's user and system time.
      const lines = [...Buffer.concat(times).toString().matchAll(timesLine)];
      const children = lines[1];
      const cpuMs = children ? 1000 * (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) : Number.NaN;
      resolve({ wallMs, cpuMs, code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

export interface WorkStart {
  /** From spawning the process to the first 200 from /healthz. */
  readyMs: number;
  /** Resident set size after `restMs` at rest (no post arriving). */
  rssMb: number;
  restMs: number;
}

/** Resident memory of a process in MB (Linux /proc; `ps` elsewhere). */
export async function residentMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux: ask ps
  }
  const ps = await new Promise<string>((resolve) => {
    const child = spawn('ps', ['-o', 'rss=', '-p', String(pid)], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('close', () => resolve(text));
    child.once('error', () => resolve(''));
  });
  return Number(ps.trim()) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `node <args>` (a `fordeler work … --http-port 0`), waits for the ops URL on stderr and a 200
 * from /healthz, lets it rest, reads its memory and stops it with SIGTERM. Throws (with the end of
 * stderr) when it exits or is not ready within `readyTimeoutMs`.
 */
export async function measureWorkStart(args: string[], env: NodeJS.ProcessEnv, cwd: string, options: { readyTimeoutMs?: number; restMs?: number } = {}): Promise<WorkStart> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 240_000;
  const restMs = options.restMs ?? 10_000;
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const failure = (why: string) => new Error(`${why}: ${stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}`);
  try {
    let readyMs: number | undefined;
    while (readyMs === undefined) {
      if (exitCode !== undefined) throw failure(`work exited with ${exitCode} before it was ready`);
      if (performance.now() - started > readyTimeoutMs) throw failure(`work not ready after ${readyTimeoutMs / 1000} s`);
      const url = /(http:\/\/[\d.]+:\d+)\/metrics/.exec(stderr)?.[1];
      if (url && (await healthy(url))) readyMs = performance.now() - started;
      else await sleep(50);
    }
    await sleep(restMs);
    if (exitCode !== undefined) throw failure(`work exited with ${exitCode} while at rest`);
    return { readyMs, rssMb: await residentMb(child.pid!), restMs };
  } finally {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  }
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
