// `fordeler retention purge [--dry-run] [--config work.json]`: the retention purge now, as `fordeler work`
// does it every `retention.intervalHours`, with counts per kind (the work file gives the days and which
// destinations send no receipt; without it, the default 90 days and only accepted items are final).
// `fordeler hold place|lift|list`: legal holds on items of FORDELER_TENANT (an item under hold is never
// purged). Output is counts, item ids, dates and the hold's reason as stored (CPR-masked) — never a subject.
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Clock } from '../../core/ports.js';
import { RETENTION_KINDS, type RetentionKind } from '../../core/retention.js';
import { createLegalHoldStore } from '../../db/legal-hold-store.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { DEFAULT_RETENTION } from '../../worker/runtime/data-protection-config.js';
import { loadWorkConfig } from '../../worker/runtime/work-config.js';
import { purgeRetention, receiptlessDestinations, retentionDeps } from '../../worker/follow-ups/retention-purge.js';
import { maskedJson } from '../json-output.js';
import { withTenant } from '../with-database.js';

export interface RetentionCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  clock: Clock;
}

const defaultIo: RetentionCommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  clock: { now: () => new Date() },
};

const KIND_TEXT: Record<RetentionKind, string> = {
  metadata: 'hele forsendelser',
  events: 'beslutninger og hændelser',
  extracted: 'udtrukket tekst',
  original: 'originalfiler',
  accessLog: 'linjer i adgangsloggen',
  configAudit: 'linjer i konfigurationsloggen',
};

export async function retentionPurgeCommand(options: { dryRun?: boolean; config?: string; json?: boolean }, io: RetentionCommandIo = defaultIo): Promise<number> {
  // The work file first: a bad file is refused before the database is opened.
  const work = options.config ? await loadWorkConfig(loadConfig(), options.config) : undefined;
  return withTenant(async ({ db, tenantId, config }) => {
    const deps = retentionDeps(db, {
      tenantId,
      days: work?.file.retention ?? DEFAULT_RETENTION,
      receiptlessDestinations: work ? receiptlessDestinations(work) : [],
      blobs: createFileBlobStore(join(config.dataDir, 'blobs')),
      clock: io.clock,
    });
    const result = await purgeRetention(deps, { dryRun: options.dryRun === true });
    if (options.json) {
      io.out(`${JSON.stringify(result)}\n`);
      return 0;
    }
    io.out(result.dryRun ? 'Ville blive slettet (prøvekørsel, intet er ændret):\n' : 'Slettet efter opbevaringsfristen:\n');
    for (const kind of RETENTION_KINDS) io.out(`  ${KIND_TEXT[kind]}: ${result.counts[kind]}\n`);
    if (!result.dryRun) io.out(`  filer fjernet: ${result.blobsRemoved} (beholdt, fordi andre forsendelser bruger dem eller de er nye: ${result.blobsKept})\n`);
    return 0;
  });
}

export async function holdPlaceCommand(itemId: string, options: { reason?: string; by?: string; json?: boolean }, io: RetentionCommandIo = defaultIo): Promise<number> {
  if (!options.reason?.trim()) {
    io.err('--reason skal angives (fx sagsnummer eller kendelse)\n');
    return 2;
  }
  const reason = options.reason;
  return withTenant(async ({ db, tenantId }) => {
    const result = await createLegalHoldStore(db, { tenantId }).place(itemId, { reason, by: options.by?.trim() || userInfo().username });
    if (result.outcome === 'not_found') {
      io.err(`forsendelsen findes ikke (FORDELER_TENANT=${tenantId})\n`);
      return 1;
    }
    if (options.json) io.out(`${maskedJson(result)}\n`);
    else if (result.outcome === 'already_held') io.out(`${itemId} er allerede tilbageholdt siden ${result.hold.placedAt.toISOString().slice(0, 16)} af ${result.hold.placedBy}\n`);
    else io.out(`${itemId} er nu tilbageholdt (retligt): slettes ikke efter opbevaringsfristen, før tilbageholdelsen ophæves\n`);
    return 0;
  });
}

export async function holdLiftCommand(itemId: string, options: { by?: string; json?: boolean }, io: RetentionCommandIo = defaultIo): Promise<number> {
  return withTenant(async ({ db, tenantId }) => {
    const result = await createLegalHoldStore(db, { tenantId }).lift(itemId, { by: options.by?.trim() || userInfo().username });
    if (result.outcome === 'not_found') {
      io.err(`forsendelsen findes ikke (FORDELER_TENANT=${tenantId})\n`);
      return 1;
    }
    if (options.json) io.out(`${maskedJson(result)}\n`);
    else if (result.outcome === 'not_held') io.out(`${itemId} var ikke tilbageholdt\n`);
    else io.out(`tilbageholdelsen af ${itemId} er ophævet\n`);
    return 0;
  });
}

export async function holdListCommand(options: { json?: boolean }, io: RetentionCommandIo = defaultIo): Promise<number> {
  return withTenant(async ({ db, tenantId }) => {
    const holds = await createLegalHoldStore(db, { tenantId }).list();
    if (options.json) {
      io.out(`${maskedJson(holds, 2)}\n`);
      return 0;
    }
    if (holds.length === 0) {
      io.out('ingen forsendelser er tilbageholdt\n');
      return 0;
    }
    for (const hold of holds) io.out(`${hold.itemId}  ${hold.placedAt.toISOString().slice(0, 16)}  ${hold.placedBy}  ${maskedJson(hold.reason)}\n`);
    return 0;
  });
}
