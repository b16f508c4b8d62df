// `fordeler work --config <file>`: runs sources and stage workers until SIGTERM/SIGINT.
import { loadConfig } from '../../worker/runtime/config.js';
import { JOB_STAGES, type JobStage } from '../../worker/runtime/jobs.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { loadWorkConfig } from '../../worker/runtime/work-config.js';
import { startWork } from '../../worker/runtime/work.js';

export interface WorkCommandOptions {
  config: string;
  sources?: boolean;
  stages?: string;
  httpPort?: string;
}

export async function workCommand(options: WorkCommandOptions): Promise<number> {
  const app = loadConfig();
  const config = await loadWorkConfig(app, options.config);
  const stages = options.stages ? parseStages(options.stages) : undefined;
  const logger = createLogger(app.logLevel);
  const work = await startWork(config, {
    sources: options.sources !== false,
    ...(stages ? { stages } : {}),
    ...(options.httpPort !== undefined ? { httpPort: options.httpPort === 'none' ? null : Number(options.httpPort) } : {}),
  }, logger);
  process.stderr.write(`fordeler work: running${config.redisUrl ? ' with Redis' : ' in-process'}${work.opsUrl ? `, ${work.opsUrl}/metrics` : ''}; stop with Ctrl-C\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ code: 'work.signal', signal }, 'stopping');
      void work.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}

function parseStages(list: string): JobStage[] {
  const stages = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = stages.filter((s) => !(JOB_STAGES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown stage(s): ${unknown.join(', ')} (stages: ${JOB_STAGES.join(', ')})`);
  return stages as JobStage[];
}
