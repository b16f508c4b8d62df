// The data-protection commands of `fordeler`: kept junk (`junk list|purge`), erasure on request (`erase`),
// retention (`retention purge`) and legal holds (`hold place|lift|list`). Kept apart from cli/main.ts so the
// command table stays readable; like there, each action imports its command module only when it runs.
import type { Command } from 'commander';

const load = {
  erase: () => import('./commands/erase.js'),
  junk: () => import('./commands/junk.js'),
  retention: () => import('./commands/retention.js'),
};

export function registerDataProtectionCommands(program: Command, exit: (code: number) => void): void {
  const junk = program.command('junk').description('Kept junk and machine mail (work file junk.action "keep"): list it, erase what is past its date');
  junk
    .command('list')
    .description('Kept junk of FORDELER_TENANT: item id, received, kept until, kinds (never subject or sender)')
    .option('--json', 'as JSON')
    .option('--limit <n>', 'how many (default 1000)')
    .action(async (options) => exit(await (await load.junk()).junkListCommand(options)));
  junk
    .command('purge')
    .description('Erase kept junk past its keepUntil with the blob files no other item needs (fordeler work does this every 15 minutes)')
    .option('--dry-run', 'only count what would be erased')
    .option('--json', 'the counts as JSON')
    .action(async (options) => exit(await (await load.junk()).junkPurgeCommand(options)));

  program
    .command('erase')
    .description('Erasure on request (GDPR art. 17) in FORDELER_TENANT: every item that mentions a CPR or CVR number (or one item), with its files; items under legal hold are kept and reported')
    .option('--cpr <->', 'a CPR number, read from stdin (give "-"), so it is not in the shell history')
    .option('--cvr <number>', 'a CVR number ("-": read from stdin)')
    .option('--item <id>', 'one item')
    .option('--reference <text>', "the request's reference (case or journal number), kept in the erasure record")
    .option('--by <name>', 'who asks for the erasure (default $USER)')
    .option('--dry-run', 'only report what would be erased')
    .option('--json', 'the report as JSON')
    .action(async (options) => exit(await (await load.erase()).eraseCommand(options)));

  const retention = program.command('retention').description('Retention: purge each kind of data past its days (fordeler work does this every retention.intervalHours)');
  retention
    .command('purge')
    .description('Purge each kind (originals, extracted text, decisions and events, whole items, access log, config audit) past its retention days; items under legal hold are kept')
    .option('--dry-run', 'only count what would be purged')
    .option('-c, --config <work file>', 'the work file: retention days and which destinations send no receipt (default: 90 days, only accepted items are final)')
    .option('--json', 'the counts as JSON')
    .action(async (options) => exit(await (await load.retention()).retentionPurgeCommand(options)));

  const hold = program.command('hold').description('Legal hold: an item under hold is never purged by retention');
  hold
    .command('place')
    .description('Place a legal hold on an item')
    .argument('<item-id>')
    .requiredOption('--reason <text>', 'why (a case number, a court order)')
    .option('--by <name>', 'who placed it (default: the login name)')
    .option('--json', 'as JSON')
    .action(async (itemId: string, options) => exit(await (await load.retention()).holdPlaceCommand(itemId, options)));
  hold
    .command('lift')
    .description('Lift the legal hold on an item')
    .argument('<item-id>')
    .option('--by <name>', 'who lifted it (default: the login name)')
    .option('--json', 'as JSON')
    .action(async (itemId: string, options) => exit(await (await load.retention()).holdLiftCommand(itemId, options)));
  hold
    .command('list')
    .description('Items under legal hold: item id, since, by whom, why')
    .option('--json', 'as JSON')
    .action(async (options) => exit(await (await load.retention()).holdListCommand(options)));
}
