// The `fordeler` command.
import { Command } from 'commander';
import { classifyCommand } from './commands/classify.js';
import { processCommand } from './commands/process.js';

const program = new Command()
  .name('fordeler')
  .description('Input manager for Danish municipalities: extract, KLE-classify and route inbound post.')
  .showHelpAfterError();

program
  .command('process')
  .description('Run files (e-mail .eml, MeMo .xml, scans .pdf/.tif/.png/.jpg with .meta.xml) through the whole pipeline')
  .argument('<paths...>', 'files or folders (walked recursively)')
  .requiredOption('-r, --rules <file>', 'rule file (routing table or json-rules-engine rules)')
  .option('--json', 'print one JSON object per item (JSON Lines) instead of a table')
  .option('--no-progress', 'no progress bar on stderr')
  .action(async (paths: string[], options) => {
    process.exitCode = await processCommand(paths, options);
  });

program
  .command('classify')
  .description('Show the KLE candidates for one file, with the reasons behind each score')
  .argument('<file>', 'an .eml, MeMo .xml or scanned letter')
  .option('--json', 'print the classification as JSON')
  .action(async (file: string, options) => {
    process.exitCode = await classifyCommand(file, options);
  });

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(`fordeler: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
