// `npm run bench`: pipeline throughput and per-stage time on the dev corpus, OCR seconds per page
// against native tesseract, fordeler work throughput (1, 2, 4 processes vs no-op queues), routing time with
// 100–10,000 rules (candidate index vs plain json-rules-engine), the rest mailbox's first page with 10,000 parked
// items, and peak memory
// for one 250 MiB attachment (IMAP → blob store, extract) and for handing a 200 MiB scan over by Filudveksling (SFTP);
// first, while the machine is quiet, start-up times and memory at rest against their targets (bench/startup.ts).
// Prints Markdown tables and writes them to bench/results/.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../worker/runtime/config.js';
import { benchClassifyLatency, formatClassifyLatency, goldBeside } from './classify-latency.js';
import { benchFiludveksling, formatFiludvekslingBench } from './filudveksling.js';
import { benchLargeFile, formatLargeFileBench } from './large-file.js';
import { compareOcr, formatOcrCompare } from './ocr-compare.js';
import { benchRestMailboxPage, formatRestMailboxPageBench } from './rest-mailbox-page.js';
import { benchRules, formatRulesBench } from './rules.js';
import { benchWorkThroughput, formatThroughput } from './work-throughput.js';
import { benchPipeline, formatPipelineBench } from './pipeline.js';
import { benchStartup, formatStartup } from './startup.js';

const root = resolve(import.meta.dirname, '..');
const devCorpus = resolve(root, 'test/fixtures/dev');
const corpusDir = existsSync(join(devCorpus, 'items')) ? join(devCorpus, 'items') : join(root, 'samples/post');
const rulesPath = existsSync(join(devCorpus, 'rules.json')) ? join(devCorpus, 'rules.json') : join(root, 'samples/rules.json');

const config = loadConfig();
const header = `# Benchmark ${new Date().toISOString()}\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Corpus: \`${corpusDir.replace(`${resolve(root, '..')}/`, '../')}\`.`;
console.log(header);

// First: child processes timed on a machine that is not busy with the other benchmarks.
const startup = await benchStartup();
const startupTable = formatStartup(startup);
console.log(`\n${startupTable}`);

const pipeline = await benchPipeline(corpusDir, rulesPath);
const pipelineTable = formatPipelineBench(pipeline, config.concurrency, config.ocrWorkers);
console.log(`\n${pipelineTable}`);

const latency = benchClassifyLatency(pipeline.contents, existsSync(goldBeside(corpusDir)) ? goldBeside(corpusDir) : undefined);
const latencyTable = formatClassifyLatency(latency);
console.log(`\n${latencyTable}`);

const ocrRows = await compareOcr(corpusDir);
const ocrTable = formatOcrCompare(ocrRows);
console.log(`\n${ocrTable}`);

// Needs the local PostgreSQL and Redis; a missing server is reported in the table instead.
const throughput = await benchWorkThroughput().catch((error: unknown) => error as Error);
const throughputTable =
  throughput instanceof Error ? `Work throughput: not measured (${throughput.message}).` : formatThroughput(throughput);
console.log(`\n${throughputTable}`);

// Routing with 100, 1,000 and 10,000 rules: candidate index vs plain json-rules-engine.
const rules = await benchRules();
const rulesTable = formatRulesBench(rules);
console.log(`\n${rulesTable}`);

// Last: it writes ~1 GB of temporary files and needs Dovecot for its IMAP phase (skipped without it).
const largeFile = await benchLargeFile();
const largeFileTable = formatLargeFileBench(largeFile);
console.log(`\n${largeFileTable}`);

// Needs the test SFTP server (skipped without it); writes a 200 MiB scanned PDF to a temporary folder.
const filudveksling = await benchFiludveksling();
const filudvekslingTable = formatFiludvekslingBench(filudveksling);
console.log(`\n${filudvekslingTable}`);

// Needs the local PostgreSQL: 10,000 parked items, the first page of the rest mailbox (issue 14's ≤ 300 ms).
const restPage = await benchRestMailboxPage().catch((error: unknown) => error as Error);
const restPageTable = restPage instanceof Error ? `Rest mailbox page: not measured (${restPage.message}).` : formatRestMailboxPageBench(restPage);
console.log(`\n${restPageTable}`);

const resultsDir = join(root, 'bench/results');
await mkdir(resultsDir, { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
const markdown = `${header}\n\n${startupTable}\n\n${pipelineTable}\n\n${latencyTable}\n\n${ocrTable}\n\n${throughputTable}\n\n${rulesTable}\n\n${largeFileTable}\n\n${filudvekslingTable}\n\n${restPageTable}\n`;
await writeFile(join(resultsDir, `pipeline-${stamp}.md`), markdown);
await writeFile(join(resultsDir, `pipeline-${stamp}.json`), `${JSON.stringify({ startup, pipeline: { ...pipeline, contents: undefined }, classifyLatency: latency, ocr: ocrRows, throughput: throughput instanceof Error ? throughput.message : throughput, rules, largeFile, filudveksling, restMailboxPage: restPage instanceof Error ? restPage.message : restPage }, null, 2)}\n`);
console.log(`\nwritten to bench/results/pipeline-${stamp}.md`);
