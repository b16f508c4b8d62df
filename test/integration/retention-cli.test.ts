// `fordeler hold place|lift|list` and `fordeler retention purge [--dry-run] [--config]` on the embedded
// database of FORDELER_DATA_DIR: a held item is kept, the list shows the reason CPR-masked and never the
// subject, the dry run only counts, the work file's days decide (originals after 30 days, the item after 365).
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../../core/model.js';
import { createItemStore } from '../../db/item-store.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { cliDataDir } from '../support/cli-data-dir.js';

const TENANT = 'norrea';
const DAY = 24 * 60 * 60 * 1000;
const bytes = (text: string) => (async function* () { yield Buffer.from(text); })();

describe('fordeler hold / retention purge', () => {
  const cli = cliDataDir('fordeler-retention-cli-', TENANT);
  const dataDir = cli.dataDir;
  const blobs = createFileBlobStore(join(dataDir, 'blobs'));
  let itemId = '';
  let sha = '';

  beforeAll(async () => {
    await cli.prepare(async (database) => {
    const blob = await blobs.put(bytes('Subject: Byggesag 010170-1234\r\n\r\nansøgning om carport'));
    utimesSync(blobs.pathOf(blob.sha256), new Date(Date.now() - 40 * DAY), new Date(Date.now() - 40 * DAY));
    const at = new Date('2026-01-05T08:00:00Z');
    const items = createItemStore(database.db, { tenantId: TENANT, clock: { now: () => at } });
    const { item } = await items.createItem({ channel: 'email', source: 'cli', fileName: 'byggesag.eml', contentSha256: blob.sha256, size: blob.size, receivedAt: at });
    const content: ExtractedContent = { channel: 'email', subject: 'Byggesag 010170-1234', sender: { email: 'a@example.dk', idType: 'EMAIL' }, recipients: [], body: 'ansøgning om carport', bodySource: 'plain', attachments: [], metadata: {}, warnings: [] };
    await items.commit({ itemId: item.id, from: 'received', to: 'extracted', event: { stage: 'extract', type: 'extracted', at }, content, patch: { subject: content.subject! } });
    await items.commit({ itemId: item.id, from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at } });
    await items.commit({ itemId: item.id, from: 'classified', to: 'routed', event: { stage: 'route', type: 'routed', at }, patch: { destination: 'ARKIV' } });
    await items.commit({ itemId: item.id, from: 'routed', to: 'delivered', event: { stage: 'deliver', type: 'delivered', at } });
    itemId = item.id;
    sha = blob.sha256;
    });
    writeFileSync(join(dataDir, 'work.json'), JSON.stringify({ rules: 'rules.json', destinations: { ARKIV: { kind: 'folder' } }, retention: { originalDays: 30, extractedDays: 365, eventsDays: 365, metadataDays: 365 } }));
  }, 60_000);
  afterAll(() => cli.restore());

  const io = (at: string) => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text), clock: { now: () => new Date(at) } } };
  };

  it('places, lists and lifts a hold; the reason is CPR-masked, the subject never shown; an unknown item is refused', async () => {
    const { holdPlaceCommand, holdListCommand, holdLiftCommand } = await import('../../cli/commands/retention.js');
    const place = io('2026-06-01T00:00:00Z');
    expect(await holdPlaceCommand(itemId, { reason: 'Klage fra 010170-1234', by: 'Jurist Jensen' }, place.io)).toBe(0);
    expect(place.out.join('')).toContain(`${itemId} er nu tilbageholdt`);
    const list = io('2026-06-01T00:00:00Z');
    expect(await holdListCommand({}, list.io)).toBe(0);
    expect(list.out.join('')).toContain(itemId);
    expect(list.out.join('')).toContain('Jurist Jensen');
    expect(list.out.join('')).not.toMatch(/1234|Byggesag/);
    const unknown = io('2026-06-01T00:00:00Z');
    expect(await holdPlaceCommand('00000000-0000-4000-8000-000000000000', { reason: 'x', by: 'y' }, unknown.io)).toBe(1);
    expect(unknown.err.join('')).toContain('findes ikke');
    expect(await holdPlaceCommand(itemId, {}, unknown.io)).toBe(2);

    // Held: the purge leaves it, whatever its age.
    const { retentionPurgeCommand } = await import('../../cli/commands/retention.js');
    const held = io('2027-06-01T00:00:00Z');
    await retentionPurgeCommand({ json: true, config: join(dataDir, 'work.json') }, held.io);
    expect(JSON.parse(held.out.join(''))).toMatchObject({ items: 0, counts: { original: 0, metadata: 0 } });
    expect(existsSync(blobs.pathOf(sha))).toBe(true);
    const lift = io('2026-06-01T00:00:00Z');
    expect(await holdLiftCommand(itemId, { by: 'Jurist Jensen' }, lift.io)).toBe(0);
    expect(lift.out.join('')).toContain('ophævet');
  });

  it('purges by the work file: --dry-run only counts; originals after 30 days, the item after 365', async () => {
    const { retentionPurgeCommand } = await import('../../cli/commands/retention.js');
    const config = join(dataDir, 'work.json');
    // Without the work file only accepted items are final: a delivered item is not touched.
    const noConfig = io('2026-06-01T00:00:00Z');
    await retentionPurgeCommand({ json: true }, noConfig.io);
    expect(JSON.parse(noConfig.out.join(''))).toMatchObject({ counts: { original: 0, extracted: 0, metadata: 0 } });
    const dry = io('2026-06-01T00:00:00Z');
    await retentionPurgeCommand({ dryRun: true, config }, dry.io);
    expect(dry.out.join('')).toContain('Ville blive slettet (prøvekørsel, intet er ændret):\n  hele forsendelser: 0\n  beslutninger og hændelser: 0\n  udtrukket tekst: 0\n  originalfiler: 1\n');
    expect(existsSync(blobs.pathOf(sha))).toBe(true);
    const run = io('2026-06-01T00:00:00Z');
    await retentionPurgeCommand({ config }, run.io);
    expect(run.out.join('')).toContain('originalfiler: 1\n');
    expect(run.out.join('')).toContain('filer fjernet: 1 ');
    expect(existsSync(blobs.pathOf(sha))).toBe(false);
    const later = io('2027-02-01T00:00:00Z');
    await retentionPurgeCommand({ json: true, config }, later.io);
    expect(JSON.parse(later.out.join(''))).toMatchObject({ items: 1, counts: { metadata: 1 } });
  });
});
