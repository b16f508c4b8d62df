// `fordeler failed [--retry <item-id|all>]`: the failed-shipments list, and retrying from it.
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import { systemClock } from '../../worker/app.js';
import { listFailed, retryFailed } from '../../worker/failures.js';
import { maskCprSerial } from '../../classifiers/entities/cpr.js';
import { withDatabase } from '../with-database.js';

export async function failedCommand(options: { retry?: string; by?: string; json?: boolean }): Promise<number> {
  return withDatabase(async (database, config) => {
    const queries = createItemQueries(database.db);
    const failed = await listFailed(queries, config.tenantId);
    if (options.retry) {
      const ids = options.retry === 'all' ? failed.map((f) => f.item.id) : [options.retry];
      const items = createItemStore(database.db);
      for (const id of ids) {
        const state = await retryFailed({ items, queries, clock: systemClock }, id, options.by ?? process.env.USER ?? 'unknown');
        process.stdout.write(`${id}: back in ${state}; a running fordeler work queues it again\n`);
      }
      return 0;
    }
    if (options.json) process.stdout.write(`${JSON.stringify(failed, null, 2)}\n`);
    else if (failed.length === 0) process.stdout.write('no failed items\n');
    // A terminal is often shared or logged: a CPR number in a file name or an error shows as DDMMYY-XXXX.
    else for (const f of failed) process.stdout.write(`${f.item.id}  ${f.at?.toISOString().slice(0, 16) ?? ''}  ${f.stage ?? '?'}  ${maskCprSerial(`${f.item.fileName}  ${f.item.error?.code ?? ''}: ${f.item.error?.message ?? ''}`)}\n`);
    return 0;
  });
}
