// `fordeler failed [--retry <item-id|all>]`: the failed-shipments list of FORDELER_TENANT, and retrying
// from it. Retrying another tenant's item is "not found" and writes nothing.
import { maskedJson } from '../json-output.js';
import { maskCprSerial } from '../../classifiers/entities/cpr.js';
import type { Clock } from '../../core/ports.js';
import { listFailed, retryFailed } from '../../worker/actions/failures.js';
import { requireItem, withTenant } from '../with-database.js';

const clock: Clock = { now: () => new Date() };

export async function failedCommand(options: { retry?: string; by?: string; json?: boolean }): Promise<number> {
  return withTenant(async (context) => {
    const { items, queries } = context;
    const failed = await listFailed(queries);
    if (options.retry) {
      const ids = options.retry === 'all' ? failed.map((f) => f.item.id) : [options.retry];
      // Every named item is checked before the first retry, so a bad id in the list changes nothing.
      for (const id of ids) await requireItem(context, id);
      for (const id of ids) {
        const state = await retryFailed({ items, queries, clock }, id, options.by ?? process.env.USER ?? 'unknown');
        process.stdout.write(`${id}: back in ${state}; a running fordeler work queues it again\n`);
      }
      return 0;
    }
    if (options.json) process.stdout.write(`${maskedJson(failed, 2)}\n`);
    else if (failed.length === 0) process.stdout.write('no failed items\n');
    // A terminal is often shared or logged: a CPR number in a file name or an error shows as DDMMYY-XXXX.
    else for (const f of failed) process.stdout.write(`${f.item.id}  ${f.at?.toISOString().slice(0, 16) ?? ''}  ${f.stage ?? '?'}  ${maskCprSerial(`${f.item.fileName}  ${f.item.error?.code ?? ''}: ${f.item.error?.message ?? ''}`)}\n`);
    return 0;
  });
}
