// `fordeler process <paths…> --rules <file> [--json]`: files through the same stages as `fordeler work`,
// in this process, stopping before delivery; one report per file, read back from the database.
import { maskedJson } from '../json-output.js';
import cliProgress from 'cli-progress';
import type { ItemReport } from '../../core/report-contract.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { openProcessRuntime, processFiles } from '../../worker/runtime/process-files.js';
import { discoverFiles } from '../../worker/sources/files.js';
import { formatSummary, formatTable, reportRow } from '../format-report.js';

export interface ProcessOptions {
  rules: string;
  json?: boolean;
  progress?: boolean;
  /** A work file: its sidecar formats and XML mappings are used. */
  config?: string;
}

export async function processCommand(paths: string[], options: ProcessOptions): Promise<number> {
  const config = loadConfig();
  const inputs = await discoverFiles(paths);
  if (inputs.length === 0) {
    process.stderr.write(`No input files found in: ${paths.join(', ')}\n`);
    return 1;
  }
  const run = await openProcessRuntime(config, options.rules, options.config ? { workFile: options.config } : {});
  const started = performance.now();
  const reports: ItemReport[] = [];
  const showProgress = options.progress !== false && process.stderr.isTTY === true && inputs.length > 1;
  const bar = showProgress ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, format: 'processing [{bar}] {value}/{total} {file}' }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(inputs.length, 0, { file: '' });
  try {
    await processFiles(run, inputs, ({ input, report }) => {
      reports.push(report);
      bar?.increment({ file: input.path.split('/').pop() });
      if (options.json) process.stdout.write(`${maskedJson(report)}\n`);
    });
  } finally {
    bar?.stop();
    await run.close();
  }
  const summary = formatSummary(reports, (performance.now() - started) / 1000);
  if (options.json) {
    process.stderr.write(`${summary}\n`);
  } else {
    process.stdout.write(`${formatTable(reports.map(reportRow))}\n\n${summary}\n`);
  }
  return 0;
}
