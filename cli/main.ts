// The `fordeler` command. Only the command table lives here: each action imports its command module
// (and with it PGlite, OCR, mail or queue libraries) when it runs, so `--help`, `--version` and a small
// read command do not pay for the libraries of every other command. Measured in bench/startup.ts.
import { Command } from 'commander';
import { registerDataProtectionCommands } from './data-protection-commands.js';
import { packageVersion } from './version.js';

const load = {
  accessLog: () => import('./commands/access-log.js'),
  alerts: () => import('./commands/alerts.js'),
  classify: () => import('./commands/classify.js'),
  eval: () => import('./commands/eval.js'),
  evalOnline: () => import('./commands/eval-online.js'),
  explain: () => import('./commands/explain.js'),
  failed: () => import('./commands/failed.js'),
  fkEmulator: () => import('./commands/fk-emulator.js'),
  learn: () => import('./commands/learn.js'),
  process: () => import('./commands/process.js'),
  redistribute: () => import('./commands/redistribute.js'),
  rules: () => import('./commands/rules.js'),
  rulesAnalysis: () => import('./commands/rules-analysis.js'),
  serve: () => import('./commands/serve.js'),
  trace: () => import('./commands/trace.js'),
  work: () => import('./commands/work.js'),
};

/** A command's result is the process exit code. */
const exit = (code: number): void => void (process.exitCode = code);

const program = new Command()
  .name('fordeler')
  .description('Input manager for Danish municipalities: extract, KLE-classify and route inbound post.')
  .version(packageVersion(), '-V, --version', 'print the version of fordeler')
  .showHelpAfterError();

program
  .command('process')
  .description('Run files (e-mail .eml, MeMo .xml, scans .pdf/.tif/.png/.jpg with .meta.xml) through the whole pipeline')
  .argument('<paths...>', 'files or folders (walked recursively)')
  .requiredOption('-r, --rules <file>', 'rule file (routing table or json-rules-engine rules)')
  .option('--json', 'print one JSON object per item (JSON Lines) instead of a table')
  .option('--no-progress', 'no progress bar on stderr')
  .option('-c, --config <work file>', 'read sidecar formats and XML mappings from this work file')
  .action(async (paths: string[], options) => {
    exit(await (await load.process()).processCommand(paths, options));
  });

program
  .command('classify')
  .description('Show the KLE candidates for one file, with the reasons behind each score')
  .argument('<file>', 'an .eml, MeMo .xml or scanned letter')
  .option('--json', 'print the classification as JSON')
  .action(async (file: string, options) => {
    exit(await (await load.classify()).classifyCommand(file, options));
  });

program
  .command('eval')
  .description('Measure KLE classification on a labelled corpus (gold.jsonl), out-of-sample: k folds and leave-gruppe-out; top-1/top-3, group, coverage, precision, routable recall and misroutes')
  .argument('<corpus-dir>', 'folder with gold.jsonl and the items it names')
  .option('--threshold <t>', 'operating threshold (default FORDELER_KLE_THRESHOLD or the built-in default)')
  .option('--fit-calibration <file>', 'fit the confidence calibration on this corpus and write it to <file> first')
  .option('--folds <k>', 'cross-validation folds (default 5)')
  .option('--seed <n>', 'seed for dealing items into folds (default 1)')
  .option('--target-misroute <rate>', "the misroute rate each fold's routing-safety threshold is chosen for by conformal risk control (default 0.01)")
  .option('--in-sample', 'the old in-sample figure: shipped calibration, graded on whatever it was fitted on')
  .option('--json', 'print the report as JSON')
  .option('--online', 'replay the corpus in arrival order from nothing learned, staff confirming and correcting as they go: prints the learning curve and writes the plot')
  .option('--window <n>', 'with --online: items per window of the learning curve (default 10)')
  .option('--plot <file.svg>', 'with --online: where the plot is written (default eval-online.svg)')
  .action(async (corpusDir: string, options) => {
    if (options.online) return exit(await (await load.evalOnline()).evalOnlineCommand(corpusDir, options));
    if (options.window !== undefined || options.plot !== undefined) throw new Error('--window and --plot belong to --online');
    exit(await (await load.eval()).evalCommand(corpusDir, options));
  });

program
  .command('confirm')
  .description('Confirm the KLE of an item (a staff decision); the classifier learns from it at once')
  .argument('<item-id>', 'the item')
  .argument('<kle>', 'the right KLE emne, e.g. 32.30.04')
  .option('--by <who>', 'who confirmed it (kept with the confirmation)')
  .option('--source <source>', 'manual (default), redistribution or accepted_receipt')
  .action(async (itemId: string, kle: string, options) => {
    exit(await (await load.learn()).confirmCommand(itemId, kle, options));
  });

program
  .command('retrain')
  .description('Rebuild the learned KLE model from every confirmed item')
  .action(async () => {
    exit(await (await load.learn()).retrainCommand());
  });

const learn = program.command('learn').description("Learn from the municipality's own history");
learn
  .command('import')
  .description('Import labelled examples from an ESDH export (CSV or JSON Lines: id, text or file, kle, destination, date, sender); only features are stored; the learned model is retrained')
  .argument('<file>', 'the export (CSV with a header row, ; or , between columns; or JSON Lines)')
  .option('--format <format>', 'csv or jsonl (default: from the file name)')
  .option('--dry-run', 'check and read every row, store nothing')
  .option('--json', 'the report as JSON')
  .action(async (file: string, options) => exit(await (await load.learn()).learnImportCommand(file, options)));

registerDataProtectionCommands(program, exit);

program
  .command('explain')
  .description('Why an item went where it went: every rule tried, what each condition saw, and why the winner won')
  .argument('<item-id|file>', 'a stored item, or a file to run through extract, classify and route now')
  .option('-r, --rules <file>', 'rule file (for a file)')
  .option('--json', 'the decision with its trace as JSON')
  .action(async (target: string, options) => exit(await (await load.explain()).explainCommand(target, options)));

program
  .command('trace')
  .description('Track & trace: everything that happened to an item, in order, with times')
  .argument('<item-id>')
  .option('--json', 'the events as JSON')
  .action(async (itemId: string, options) => exit(await (await load.trace()).traceCommand(itemId, options)));

program
  .command('redistribute')
  .description('Re-distribute an item to a destination by hand: recorded (who, when, from, to), learned from, handed over')
  .argument('<item-id>')
  .argument('<destination>')
  .requiredOption('--config <file>', 'the work configuration (destinations, Overdragelse, …)')
  .option('--kle <nr>', 'the KLE emne the item is (taught to the classifier and sent as the proposal)')
  .option('--by <who>', 'who re-distributed it (default: the login name)')
  .option('--json', 'as JSON')
  .action(async (itemId: string, destination: string, options) => exit(await (await load.redistribute()).redistributeCommand(itemId, destination, options)));

program
  .command('alerts')
  .description('Recent alerts (failed shipments, missing receipts) and whether they were mailed')
  .option('--json', 'as JSON')
  .option('--limit <n>', 'how many (default 50)')
  .action(async (options) => exit(await (await load.alerts()).alertsCommand(options)));

program
  .command('failed')
  .description('The failed-shipments list: items that failed after all retries, with the stage and the reason')
  .option('--retry <item-id|all>', 'put failed items back where the failed stage starts')
  .option('--by <who>', 'who asked for the retry (kept in track & trace)')
  .option('--json', 'as JSON')
  .action(async (options) => exit(await (await load.failed()).failedCommand(options)));

const rules = program.command('rules').description("The municipality's rule sets: drafts, publishing, rollback, audit");
rules
  .command('validate')
  .description('Check a rule file: unknown facts, operators and destinations, bad regexes, KLE patterns matching nothing, shadowed and overlapping rules')
  .argument('<file>', 'rule file (JSON)')
  .option('--json', 'the problems as JSON')
  .action(async (file: string, options) => exit(await (await load.rulesAnalysis()).rulesValidate(file, options)));
rules
  .command('import')
  .description('Import a rule file (routing table and/or json-rules-engine rules) as a new draft; it is validated first')
  .argument('<file>', 'rule file (JSON)')
  .option('--name <name>', 'a name for the draft')
  .option('--by <who>', 'who made the change (kept in the audit)')
  .action(async (file: string, options) => exit(await (await load.rulesAnalysis()).rulesImport(file, options)));
rules
  .command('publish')
  .description('Publish a draft (or an earlier version: a rollback); the current version is retired')
  .argument('<version>', 'e.g. v3')
  .option('--by <who>', 'who made the change (kept in the audit)')
  .action(async (version: string, options) => exit(await (await load.rules()).rulesPublish(version, options)));
rules
  .command('rollback')
  .description('Publish an earlier version again')
  .argument('<version>', 'e.g. v2')
  .option('--by <who>', 'who made the change (kept in the audit)')
  .action(async (version: string, options) => exit(await (await load.rules()).rulesPublish(version, options)));
rules
  .command('simulate')
  .description('Route the post of the last N days again with a draft and show what would change (no re-OCR)')
  .argument('<version|file>', 'a stored version (v4) or a rule file')
  .option('--days <n>', 'how far back (default 30)')
  .option('--json', 'the report as JSON')
  .action(async (draft: string, options) => exit(await (await load.rulesAnalysis()).rulesSimulate(draft, options)));
rules
  .command('suggest')
  .description('Rules proposed from staff decisions (sender domain, CVR, KLE gruppe, subject words → destination), with support and precision')
  .option('--apply <n>', 'make suggestion n a new draft rule set')
  .option('-r, --rules <file>', 'the rule file in use, when no rule set is published')
  .option('--by <who>', 'who made the change (kept in the audit)')
  .option('--json', 'as JSON')
  .action(async (options) => exit(await (await load.rulesAnalysis()).rulesSuggest(options)));
rules
  .command('stats')
  .description('Matches per rule over the last N days, with the last match')
  .option('--days <n>', 'how far back (default 30)')
  .option('--json', 'with matches per day')
  .action(async (options) => exit(await (await load.rules()).rulesStats(options)));
rules.command('list').description('Every version with its status').action(async () => exit(await (await load.rules()).rulesList()));
rules
  .command('export')
  .description('Print a version as a rule file')
  .argument('<version>')
  .action(async (version: string) => exit(await (await load.rules()).rulesExport(version)));
rules
  .command('audit')
  .description('Configuration changes: who, what, when')
  .option('--json', 'as JSON, with the full diffs')
  .action(async (options) => exit(await (await load.rules()).rulesAudit(options)));

program
  .command('fk-emulator')
  .description('Run a local SF2900 Fordelingskomponent emulator (receipts, delays, rejections, failures) until SIGTERM/SIGINT')
  .option('--port <n>', 'port (default: any free one)')
  .option('--host <h>', 'host (default 127.0.0.1)')
  .option('--config <file>', 'JSON with the emulator options (receivers, delays, reject, fail, seed, receiptCallbackUrl, filudvekslingDir, tls, callbackTls)')
  .action(async (options) => exit(await (await load.fkEmulator()).fkEmulatorCommand(options)));

program
  .command('work')
  .description('Run 24/7: read the configured mailboxes and folders and work the stage queues (BullMQ with REDIS_URL, else in-process)')
  .requiredOption('-c, --config <file>', 'work configuration (JSON): rules, mailboxes, drop folders, stage settings')
  .option('--no-sources', 'do not read mailboxes or folders: only work the queues (extra worker processes)')
  .option('--stages <list>', 'only these stages, comma-separated (e.g. ocr)')
  .option('--http-port <port>', 'port for /healthz and /metrics (0: any free port, none: no server)')
  .action(async (options) => {
    exit(await (await load.work()).workCommand(options));
  });

program
  .command('serve')
  .description('The HTTP API (items, rest mailbox, failed, access log; OpenAPI at /api/openapi.json) for FORDELER_TENANT')
  .requiredOption('-c, --config <file>', 'work configuration (rules, destinations, queues)')
  .option('--auth <file>', 'login settings (OIDC, bearer, local login for trying it out); default: the auth section of the work file')
  .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
  .action(async (options) => exit(await (await load.serve()).serveCommand(options)));

program
  .command('access-log')
  .description('Who read which item, when and why (the access log), newest first')
  .option('--item <id>', 'one item')
  .option('--actor <subject>', 'one person or client')
  .option('--from <date>', 'at or after (YYYY-MM-DD or ISO time)')
  .option('--to <date>', 'before')
  .option('--limit <n>', 'at most n lines (default 100)')
  .option('--json', 'as JSON Lines')
  .action(async (options) => exit(await (await load.accessLog()).accessLogCommand(options)));

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(`fordeler: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
