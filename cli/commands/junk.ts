// `fordeler junk list` and `fordeler junk purge [--dry-run]`: the kept junk of FORDELER_TENANT (junk and
// machine mail parked under the policy `keep`, never posted to the rest mailbox) and erasing what is past
// its keepUntil now, as `fordeler work` does on its own every quarter of an hour. The list shows ids, dates
// and kinds only — never a subject or a sender — and the purge prints counts.
import { join } from 'node:path';
import type { Clock } from '../../core/ports.js';
import { createItemErasure } from '../../db/item-erasure.js';
import { createJunkQueries } from '../../db/junk-queries.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createBlobFiles } from '../../worker/follow-ups/blob-files.js';
import { purgeExpiredJunk } from '../../worker/follow-ups/junk-purge.js';
import { JUNK_KIND_TEXT } from '../../worker/follow-ups/rest-mailbox/summary.js';
import { maskedJson } from '../json-output.js';
import { withTenant } from '../with-database.js';

export interface JunkCommandIo {
  out: (text: string) => void;
  clock: Clock;
}

const defaultIo: JunkCommandIo = { out: (text) => void process.stdout.write(text), clock: { now: () => new Date() } };

export async function junkListCommand(options: { json?: boolean; limit?: string }, io: JunkCommandIo = defaultIo): Promise<number> {
  const limit = options.limit === undefined ? 1000 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write('--limit must be a positive whole number\n');
    return 2;
  }
  return withTenant(async ({ db, tenantId }) => {
    const kept = await createJunkQueries(db, { tenantId }).listKept(limit);
    const now = io.clock.now();
    if (options.json) {
      io.out(`${maskedJson(kept.map((k) => ({ ...k, expired: k.keepUntil < now })), 2)}\n`);
      return 0;
    }
    if (kept.length === 0) {
      io.out('no kept junk\n');
      return 0;
    }
    for (const k of kept) {
      const kinds = k.kinds.map((kind) => JUNK_KIND_TEXT[kind] ?? kind).join(', ');
      io.out(`${k.itemId}  modtaget ${k.receivedAt.toISOString().slice(0, 16)}  gemmes til ${k.keepUntil.toISOString().slice(0, 16)}${k.keepUntil < now ? ' (udløbet)' : ''}  ${kinds}\n`);
    }
    return 0;
  });
}

export async function junkPurgeCommand(options: { dryRun?: boolean; json?: boolean }, io: JunkCommandIo = defaultIo): Promise<number> {
  return withTenant(async ({ db, tenantId, config }) => {
    const scope = { tenantId };
    const result = await purgeExpiredJunk(
      {
        junk: createJunkQueries(db, scope),
        erasure: createItemErasure(db, scope),
        files: createBlobFiles(createFileBlobStore(join(config.dataDir, 'blobs'))),
        clock: io.clock,
      },
      { dryRun: options.dryRun === true },
    );
    if (options.json) io.out(`${JSON.stringify(result)}\n`);
    else if (result.dryRun) io.out(`${result.items} kept junk item(s) past their date would be erased\n`);
    else io.out(`erased ${result.items} kept junk item(s); removed ${result.blobsRemoved} blob file(s), kept ${result.blobsKept} still in use or too new\n`);
    return 0;
  });
}
