// `fordeler erase --cpr - | --cvr <n> | --item <id> [--reference <text>] [--by <name>] [--dry-run] [--json]`:
// erasure on request (GDPR art. 17) in FORDELER_TENANT, through worker/actions/erasure.ts. A CPR number is
// read from stdin only (`--cpr -`), so it never stands in the shell history or the process list; the output
// never prints it (the report holds counts and item ids, and passes the CPR masker all the same).
import { join } from 'node:path';
import { parseCprRequest, parseCvrRequest, parseItemRequest, type ErasureTarget } from '../../classifiers/entities/erasure-identifier.js';
import type { ErasureReport } from '../../db/identifier-erasure.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { erasureFor } from '../../worker/actions/erasure.js';
import { maskedJson } from '../json-output.js';
import { withTenant } from '../with-database.js';

export interface EraseOptions {
  cpr?: string;
  cvr?: string;
  item?: string;
  reference?: string;
  by?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface EraseIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** All of stdin (for `--cpr -` and `--cvr -`). */
  stdin: () => Promise<string>;
}

const defaultIo: EraseIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  },
};

const BASIS_TEXT = { cpr: 'CPR-nummer', cvr: 'CVR-nummer', item: 'forsendelsens id' } as const;

/** What to erase, or a message for the person (which never repeats what they typed: it may be a CPR number). */
async function targetOf(options: EraseOptions, io: EraseIo): Promise<ErasureTarget | string> {
  const given = (['cpr', 'cvr', 'item'] as const).filter((key) => options[key] !== undefined);
  if (given.length !== 1) return 'angiv præcis én af --cpr -, --cvr <nummer> eller --item <id>';
  if (options.cpr !== undefined) {
    if (options.cpr !== '-') return '--cpr læser nummeret fra stdin: skriv --cpr - og giv nummeret på stdin (så står det ikke i shell-historikken)';
    return parseCprRequest(await io.stdin()) ?? 'det, der kom på stdin, er ikke et CPR-nummer (10 cifre med en gyldig fødselsdato)';
  }
  if (options.cvr !== undefined) {
    return parseCvrRequest(options.cvr === '-' ? await io.stdin() : options.cvr) ?? 'ikke et gyldigt CVR-nummer (8 cifre, modulus 11)';
  }
  return parseItemRequest(options.item ?? '') ?? 'ikke en forsendelses id (uuid)';
}

export async function eraseCommand(options: EraseOptions, io: EraseIo = defaultIo): Promise<number> {
  const target = await targetOf(options, io);
  if (typeof target === 'string') {
    io.err(`fordeler erase: ${target}\n`);
    return 2;
  }
  return withTenant(async ({ db, tenantId, config }) => {
    const blobs = createFileBlobStore(join(config.dataDir, 'blobs'));
    const actor = options.by?.trim() || process.env.USER || 'cli';
    const report = await erasureFor(db, tenantId, blobs).erase({
      target,
      actor,
      ...(options.reference ? { reference: options.reference } : {}),
      dryRun: options.dryRun === true,
    });
    io.out(options.json ? `${maskedJson(report, 2)}\n` : formatReport(report));
    return 0;
  });
}

const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ') || 'ingen';

/** The report for a person: counts and item ids, never the number. */
export function formatReport(report: ErasureReport): string {
  const lines = [
    `Sletning efter ${BASIS_TEXT[report.basis]}${report.dryRun ? ' — prøvekørsel, intet er slettet' : ''}${report.reference ? ` (reference: ${report.reference})` : ''}`,
    `  ${report.dryRun ? 'ville slette' : 'slettet'}: ${report.items} forsendelse(r)${report.erasedItemIds.length ? ` — ${report.erasedItemIds.join(', ')}` : ''}`,
    `  under retligt hold, beholdt: ${report.heldItemIds.length}${report.heldItemIds.length ? ` — ${report.heldItemIds.join(', ')}` : ''}`,
    `  forsendelsernes rækker: ${counts(report.rows)}`,
    `  rækker uden for forsendelserne${report.dryRun ? ' (ville blive slettet)' : ''}: ${counts(report.outside)}`,
    ...(report.dryRun ? [] : [`  filer: ${report.blobs.removed} fjernet, ${report.blobs.kept} beholdt (bruges af en anden forsendelse eller er for nye; junk-oprydningen i fordeler work tager dem senere)`]),
    `  nævner det stadig: ${counts(report.stillMentioned)}`,
    ...(report.erasureId !== null ? [`  registreret som sletning nr. ${report.erasureId}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
