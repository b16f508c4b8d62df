// Start-up benchmark: how long `fordeler` takes to answer (--help, --version, `rules list`, `trace <id>`
// on PGlite and on PostgreSQL), how long `fordeler work` takes until /healthz answers, and how much memory
// it holds at rest — each from the install-time build (dist/) and from the sources through tsx, against
// the targets. Benchmark rows, not tests: every row is measured in fresh child processes; a command that
// fails is reported as such and the rest still run. `npm run bench` includes it; alone:
// `node bin/run-ts.js bench/startup.ts` (writes bench/results/startup-<time>.md and .json).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildMatchesSources } from '../bin/build-manifest.js';
import { build } from '../bin/build.js';
import { createThrowawayDatabase } from '../db/throwaway-database.js';
import { measureWorkStart, median, runCommand } from './startup-probes.js';
import { markdownTable } from './table.js';

const root = resolve(import.meta.dirname, '..');
const adminUrl = process.env.FORDELER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SAMPLE = 'samples/post/d0005.eml';

type Mode = 'build' | 'sources';
type Store = 'none' | 'PGlite' | 'PostgreSQL';

export interface StartupRow {
  measure: string;
  database: Store;
  mode: Mode;
  /** Seconds, or MB for memory; null when not measured (see note). */
  value: number | null;
  unit: 's' | 'MB';
  /** Median CPU seconds (user + system) of the command, where measured. */
  cpuSeconds?: number;
  runs: number;
  target: number;
  note?: string;
}

export interface StartupResult {
  rows: StartupRow[];
  notes: string[];
}

export const TARGETS = { cliPglite: 1.5, cliPostgres: 0.7, workReady: 8, restMb: 350 } as const;

const firstLine = (text: string) => text.trim().split('\n').slice(-1)[0]?.slice(0, 160) ?? '';

export async function benchStartup(options: { runs?: number; restMs?: number } = {}): Promise<StartupResult> {
  const runs = options.runs ?? 5;
  const notes: string[] = [`load average at start ${loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${cpus().length} cores`];
  const rows: StartupRow[] = [];
  const temp = await mkdtemp(join(tmpdir(), 'fordeler-startup-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(temp, { recursive: true, force: true })];
  try {
    const modes: Mode[] = ['sources'];
    try {
      const built = await build();
      modes.unshift('build');
      const checks = [0, 1, 2].map(() => {
        const started = performance.now();
        buildMatchesSources(root, join(root, 'dist'));
        return performance.now() - started;
      });
      notes.push(`build: ${built.files} modules in ${(built.ms / 1000).toFixed(1)} s; bin/fordeler.js's check that dist/ matches the sources takes ${median(checks).toFixed(1)} ms (included in neither column: build rows start dist/cli/main.js)`);
    } catch (error) {
      notes.push(`no build (${error instanceof Error ? error.message : String(error)}): sources only`);
    }
    const entry = (mode: Mode) => (mode === 'build' ? [join(root, 'dist/cli/main.js')] : [join(root, 'bin/fordeler.js')]);
    const baseEnv = { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '', FORDELER_FROM_SOURCE: '1' };
    const envs: Partial<Record<Store, NodeJS.ProcessEnv>> = { none: baseEnv, PGlite: { ...baseEnv, FORDELER_DATA_DIR: join(temp, 'data') } };

    const postgres = await createThrowawayDatabase(adminUrl, 'bench').catch((error: unknown) => {
      notes.push(`PostgreSQL rows not measured: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (postgres) {
      cleanups.push(postgres.drop);
      envs.PostgreSQL = { ...baseEnv, DATABASE_URL: postgres.url };
    }

    // One item per database, put there by `fordeler process`, for `trace <id>`.
    const itemIds: Partial<Record<Store, string>> = {};
    for (const store of ['PGlite', 'PostgreSQL'] as const) {
      const env = envs[store];
      if (!env) continue;
      const run = await runCommand([...entry(modes[0]!), 'process', SAMPLE, '--rules', 'samples/rules.json', '--json', '--no-progress'], env, root);
      const id = /"itemId":"([0-9a-f-]{36})"/.exec(run.stdout)?.[1];
      if (id) itemIds[store] = id;
      else notes.push(`no item on ${store} for trace (fordeler process exited ${run.code}: ${firstLine(run.stderr)})`);
    }

    const commands: { measure: string; args: (store: Store) => string[] | undefined; stores: Store[] }[] = [
      { measure: 'fordeler --help', args: () => ['--help'], stores: ['none'] },
      { measure: 'fordeler --version', args: () => ['--version'], stores: ['none'] },
      { measure: 'fordeler rules list', args: () => ['rules', 'list'], stores: ['PGlite', 'PostgreSQL'] },
      { measure: 'fordeler trace <id>', args: (store) => (itemIds[store] ? ['trace', itemIds[store]] : undefined), stores: ['PGlite', 'PostgreSQL'] },
    ];
    for (const command of commands) {
      for (const store of command.stores) {
        const env = envs[store];
        const target = store === 'PGlite' ? TARGETS.cliPglite : TARGETS.cliPostgres;
        for (const mode of modes) {
          const args = command.args(store);
          const row: StartupRow = { measure: command.measure, database: store, mode, value: null, unit: 's', runs: 0, target };
          rows.push(row);
          if (!env || !args) {
            row.note = env ? 'no item to trace' : 'no database';
            continue;
          }
          const results = [];
          // One warm-up run: the first run after a build or an edit fills the OS and tsx caches.
          for (let i = 0; i <= runs; i++) results.push(await runCommand([...entry(mode), ...args], env, root));
          const failed = results.find((r) => r.code !== 0);
          if (failed) {
            row.note = `exit ${failed.code}: ${firstLine(failed.stderr)}`;
            continue;
          }
          const measured = results.slice(1);
          Object.assign(row, { value: median(measured.map((r) => r.wallMs)) / 1000, cpuSeconds: median(measured.map((r) => r.cpuMs)) / 1000, runs: measured.length });
        }
      }
    }

    const configPath = await workConfig(temp);
    const starts: { label: string; store: Store; dataDir: (mode: Mode) => string }[] = [
      { label: 'first start, new data folder', store: 'PGlite', dataDir: (mode) => join(temp, `work-${mode}`) },
      { label: 'second start, same data folder', store: 'PGlite', dataDir: (mode) => join(temp, `work-${mode}`) },
      { label: 'start', store: 'PostgreSQL', dataDir: (mode) => join(temp, `work-pg-${mode}`) },
    ];
    for (const start of starts) {
      for (const mode of modes) {
        const env = envs[start.store];
        const ready: StartupRow = { measure: `work ready (${start.label})`, database: start.store, mode, value: null, unit: 's', runs: 0, target: TARGETS.workReady };
        const rest: StartupRow = { ...ready, measure: `work RSS at rest (${start.label})`, unit: 'MB', target: TARGETS.restMb };
        rows.push(ready, rest);
        if (!env) {
          ready.note = rest.note = 'no database';
          continue;
        }
        try {
          const args = [...entry(mode), 'work', '--config', configPath, '--http-port', '0'];
          const measured = await measureWorkStart(args, { ...env, FORDELER_DATA_DIR: start.dataDir(mode) }, root, { restMs: options.restMs ?? 10_000 });
          Object.assign(ready, { value: measured.readyMs / 1000, runs: 1 });
          Object.assign(rest, { value: measured.rssMb, runs: 1, note: `after ${measured.restMs / 1000} s at rest` });
        } catch (error) {
          ready.note = rest.note = error instanceof Error ? error.message : String(error);
        }
      }
    }
    notes.push(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
    return { rows, notes };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

/** samples/work.json with its paths made absolute and its drop folders in the temporary folder. */
async function workConfig(temp: string): Promise<string> {
  const samples = join(root, 'samples');
  const config = JSON.parse(await readFile(join(samples, 'work.json'), 'utf8')) as { rules: string; dropFolders?: { id: string; path: string }[] };
  config.rules = resolve(samples, config.rules);
  for (const folder of config.dropFolders ?? []) {
    folder.path = join(temp, 'inbox', folder.id);
    await mkdir(folder.path, { recursive: true });
  }
  const path = join(temp, 'work.json');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

export function formatStartup(result: StartupResult): string {
  const show = (row: StartupRow) => (row.value === null ? '–' : row.unit === 'MB' ? row.value.toFixed(0) : row.value.toFixed(2));
  const met = (row: StartupRow) => (row.value === null ? 'not measured' : row.value <= row.target ? 'yes' : 'no');
  const table = markdownTable(
    ['measure', 'database', 'run from', 'median', 'CPU s', 'runs', 'target', 'met', 'note'],
    result.rows.map((row) => [
      row.measure,
      row.database === 'none' ? '–' : row.database,
      row.mode === 'build' ? 'build (dist/)' : 'sources (tsx)',
      `${show(row)} ${row.unit}`,
      row.cpuSeconds === undefined ? '–' : row.cpuSeconds.toFixed(2),
      row.runs,
      `≤ ${row.target} ${row.unit}`,
      met(row),
      row.note ?? '',
    ]),
  );
  return `Start-up and memory at rest (wall clock, median of the runs after one warm-up; CPU = user + system):\n\n${table}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchStartup();
  const text = `# Start-up benchmark ${new Date().toISOString()}\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.\n\n${formatStartup(result)}\n`;
  console.log(text);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const resultsDir = join(root, 'bench/results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, `startup-${stamp}.md`), text);
  await writeFile(join(resultsDir, `startup-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to bench/results/startup-${stamp}.md`);
}
