// Erasure on request (db/identifier-erasure.ts through worker/actions/erasure.ts) on PGlite and PostgreSQL:
// one person's CPR number written with a dash, a space, an en-dash and no separator, in subjects, bodies,
// attachment texts, file names and a sidecar file; after the erasure a scan of EVERY row of EVERY table
// (as text) and of every file in the blob folder finds it in no form — except, while it is under legal
// hold, the held item's own rows and files. Another person's items stay; the record holds no number.
// Stored masking: the item store writes subjects and reasons with the serial masked.
// All CPR and CVR numbers are fictional test numbers.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseCommand } from '../../cli/commands/erase.js';
import { mentionsTarget, type ErasureTarget } from '../../classifiers/entities/erasure-identifier.js';
import type { ExtractedContent } from '../../core/model.js';
import type { RuleTraceSchema } from '../../core/outcomes.js';
import type { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { alerts, confirmations, decisions, erasures, importedExamples, items, legalHolds, webhookDeliveries } from '../../db/schema.js';
import { dumpAllTables } from '../../db/table-dump.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { erasureFor } from '../../worker/actions/erasure.js';
import { openTestDatabase, type ThrowawayDatabase } from '../support/test-databases.js';
import { cliDataDir } from '../support/cli-data-dir.js';

const TENANT = 'norrea';
const OTHER = 'kommune-b';
const DAY = 24 * 60 * 60 * 1000;
const CPR: ErasureTarget = { basis: 'cpr', value: '0101901009' };
const OTHER_PERSON: ErasureTarget = { basis: 'cpr', value: '1503724320' };
const CVR: ErasureTarget = { basis: 'cvr', value: '29189404' };
const bytes = (text: string) => (async function* () { yield Buffer.from(text); })();

interface Seed {
  subject?: string;
  body?: string;
  fileName?: string;
  attachment?: string;
  sidecar?: string;
  sender?: ExtractedContent['sender'];
  tenantId?: string;
  trace?: z.input<typeof RuleTraceSchema>[];
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`erasure on request on ${kind}`, () => {
    let database: Database;
    let throwaway: ThrowawayDatabase | undefined;
    const root = mkdtempSync(join(tmpdir(), 'fordeler-identifier-erasure-'));
    const blobStore = createFileBlobStore(join(root, 'blobs'));
    // The file remover's clock a day on: files written by this test are old enough to remove.
    const erasure = (tenantId = TENANT) => erasureFor(database.db, tenantId, blobStore, { now: () => Date.now() + DAY });

    beforeAll(async () => {
      ({ database, throwaway } = await openTestDatabase(kind, 'identifier_erasure'));
    }, 60_000);
    afterAll(async () => {
      await database?.close();
      await throwaway?.drop();
      rmSync(root, { recursive: true, force: true });
    });

    let counter = 0;
    /** An item through the real write path: source bytes, extracted content (and an attachment), a route decision quoting the subject. */
    async function seed(spec: Seed): Promise<string> {
      counter += 1;
      const store = createItemStore(database.db, { tenantId: spec.tenantId ?? TENANT });
      const fileName = spec.fileName ?? `brev-${counter}.eml`;
      const source = await blobStore.put(bytes(`Subject: ${spec.subject ?? ''}\r\n\r\n${spec.body ?? ''}\r\n#${counter}`));
      const sidecar = spec.sidecar !== undefined ? await blobStore.put(bytes(spec.sidecar)) : undefined;
      const attachment = spec.attachment !== undefined ? await blobStore.put(bytes(`%PDF ${spec.attachment} #${counter}`)) : undefined;
      const { item } = await store.createItem({ channel: 'email', source: `test:${counter}`, fileName, contentSha256: source.sha256, size: source.size, ...(sidecar ? { sidecarSha256: sidecar.sha256 } : {}), receivedAt: new Date('2026-03-01T08:00:00Z') });
      const content: ExtractedContent = {
        channel: 'email',
        ...(spec.subject !== undefined ? { subject: spec.subject } : {}),
        sender: spec.sender ?? { email: 'borger@example.dk', idType: 'EMAIL' },
        recipients: [{ email: 'post@norrea.dk' }],
        body: spec.body ?? 'Hej',
        bodySource: 'plain',
        attachments: attachment ? [{ name: 'bilag.pdf', mimeType: 'application/pdf', blob: { sha256: attachment.sha256, size: attachment.size }, size: attachment.size, text: spec.attachment ?? '', textSource: 'text-layer' }] : [],
        metadata: {},
        warnings: [],
      };
      const at = new Date();
      await store.commit({ itemId: item.id, from: 'received', to: 'extracted', event: { stage: 'extract', type: 'extracted', at, data: { fileName } }, content, patch: { subject: spec.subject ?? null } });
      await store.commit({ itemId: item.id, from: 'extracted', to: 'classified', event: { stage: 'classify', type: 'classified', at } });
      await store.commit({
        itemId: item.id, from: 'classified', to: 'parked', event: { stage: 'route', type: 'parked', at },
        decision: { stage: 'route', outcome: { status: 'parked', destination: null, ...(spec.trace ? { trace: spec.trace } : {}) }, reasons: [{ code: 'route.no_rule', message: `Ingen regel for "${spec.subject ?? fileName}"`, data: { subject: spec.subject ?? null, fileName } }] },
      });
      return item.id;
    }

    /** Every row of every table (all tenants), as text, that mentions the target. */
    async function rowsMentioning(target: ErasureTarget): Promise<string[]> {
      const dump = await dumpAllTables(database.db);
      return Object.entries(dump).flatMap(([table, rows]) => rows.filter((row) => mentionsTarget(row, target)).map((row) => `${table}: ${row}`));
    }
    /** Every file under the blob folder that mentions the target. */
    function filesMentioning(target: ErasureTarget): string[] {
      const files = readdirSync(join(root, 'blobs'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      return files.map((entry) => join(entry.parentPath, entry.name)).filter((path) => mentionsTarget(readFileSync(path).toString('utf8'), target) || mentionsTarget(readFileSync(path).toString('latin1'), target));
    }

    it('erases every item that mentions a CPR number in any form, keeps a held item until its hold is lifted, and then leaves no trace', async () => {
      const db = database.db;
      const mentioning = [
        await seed({ subject: 'Klage over afgørelse, cpr 010190-1009' }),
        await seed({ subject: 'Boligstøtte', body: 'Mit cpr-nummer er 010190 1009. Venlig hilsen' }),
        await seed({ subject: 'Bilag', attachment: 'Personnummer 010190–1009' }),
        await seed({ subject: 'Ansøgning', fileName: 'ansøgning 0101901009.pdf' }),
        await seed({ subject: 'Scannet brev', sidecar: '<scan><cpr>0101901009</cpr></scan>' }),
      ];
      const heldId = await seed({ subject: 'Aktindsigt', body: 'Vedr. 0101901009' });
      const otherPerson = await seed({ subject: 'Klage, cpr 150372-4320', body: 'CPR 1503724320' });
      await db.insert(legalHolds).values({ tenantId: TENANT, itemId: heldId, reason: 'Retssag 2026-17', placedBy: 'jurist' });
      // Outside the items: an alert quoting a file name, an imported example from a file named by it, a
      // webhook delivery about an erased item, and a confirmation of one.
      await db.insert(alerts).values({ tenantId: TENANT, kind: 'test', key: 'file-0101901009', message: 'Kunne ikke læse fil', data: { file: 'klage 010190-1009.pdf' } });
      await db.insert(importedExamples).values({ tenantId: TENANT, externalId: 'esdh-1', kleNr: '27.24.00', features: { bolig: 1 }, sourceFile: 'eksport 0101901009.csv' });
      await db.insert(webhookDeliveries).values({ tenantId: TENANT, subscriber: 'esdh', eventId: 1, payload: JSON.stringify({ itemId: mentioning[0], state: 'parked' }) });
      await db.insert(confirmations).values({ tenantId: TENANT, itemId: mentioning[1]!, destination: 'KY', source: 'manual' });
      const unrelatedAlert = await db.insert(alerts).values({ tenantId: TENANT, kind: 'test', key: 'unrelated', message: 'Kvittering mangler' }).returning({ id: alerts.id });
      expect((await rowsMentioning(CPR)).length).toBeGreaterThanOrEqual(8);
      expect(filesMentioning(CPR)).toHaveLength(5);

      // The dry run finds and counts, and writes nothing.
      const before = await dumpAllTables(db);
      const dry = await erasure().erase({ target: CPR, actor: 'admin', reference: 'J.nr. 2026-42', dryRun: true });
      expect(dry).toMatchObject({ basis: 'cpr', dryRun: true, items: 5, heldItemIds: [heldId], erasureId: null, outside: { alerts: 1, imported_examples: 1, webhook_deliveries: 1 } });
      expect([...dry.erasedItemIds].sort()).toEqual([...mentioning].sort());
      expect(dry.rows).toMatchObject({ items: 5, attachments: 6, confirmations: 1 });
      expect(await dumpAllTables(db)).toEqual(before);

      const report = await erasure().erase({ target: CPR, actor: 'admin 010190-1009', reference: 'Anmodning fra borger 010190 1009, J.nr. 2026-42' });
      expect(report).toMatchObject({ basis: 'cpr', dryRun: false, items: 5, heldItemIds: [heldId], outside: { alerts: 1, imported_examples: 1, webhook_deliveries: 1 } });
      expect(report.blobs).toEqual({ removed: 7, kept: 0 });
      expect(report.stillMentioned).toEqual({ items: 1 });
      expect(report.reference).toBe('Anmodning fra borger […], J.nr. 2026-42');
      // What is left that mentions it is the held item's own rows and files, nothing else.
      const left = await rowsMentioning(CPR);
      expect(left.length).toBeGreaterThan(0);
      for (const row of left) expect(row).toContain(heldId);
      const heldBlobs = (await db.select({ content: items.contentSha256 }).from(items).where(eq(items.id, heldId))).map((r) => blobStore.pathOf(r.content));
      expect(filesMentioning(CPR)).toEqual(heldBlobs);
      // The other person's item, and an alert about nothing of this, stay.
      expect(await db.select({ id: items.id }).from(items).where(eq(items.id, otherPerson))).toHaveLength(1);
      expect(await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.id, unrelatedAlert[0]!.id))).toHaveLength(1);
      expect((await rowsMentioning(OTHER_PERSON)).length).toBeGreaterThan(0);

      // The hold is lifted: asking again erases it too, and then nothing anywhere mentions the number.
      await db.delete(legalHolds).where(eq(legalHolds.itemId, heldId));
      const again = await erasure().erase({ target: CPR, actor: 'admin' });
      expect(again).toMatchObject({ items: 1, erasedItemIds: [heldId], heldItemIds: [], stillMentioned: {} });
      expect(await rowsMentioning(CPR)).toEqual([]);
      expect(filesMentioning(CPR)).toEqual([]);

      // The records: who, on what basis, how many — and no number in any form.
      const records = await erasure().list();
      expect(records.map((r) => [r.basis, r.itemCount])).toEqual([['cpr', 1], ['cpr', 5]]);
      expect(records[1]?.report).toMatchObject({ heldItemIds: [heldId], reference: 'Anmodning fra borger […], J.nr. 2026-42' });
      expect(records[1]?.actor).toBe('admin […]');
      expect(await db.select().from(erasures)).toHaveLength(2);
    });

    it('erases by CVR number or item id within its own tenant only', async () => {
      const db = database.db;
      const company = await seed({ subject: 'Faktura', body: 'Firma ApS, CVR 2918 9404', sender: { email: 'firma@example.dk', idType: 'EMAIL' } });
      const bySender = await seed({ subject: 'Tilbud', sender: { id: '29189404', idType: 'CVR' } });
      const theirs = await seed({ subject: 'Faktura', body: 'CVR-nr. 29189404', tenantId: OTHER });
      const unrelated = await seed({ subject: 'Tilbud', body: 'tlf. 29 18 94 05' });
      await db.insert(importedExamples).values({ tenantId: TENANT, externalId: 'esdh-cvr', kleNr: '27.24.00', features: { bolig: 1 }, senderKeys: ['cvr:29189404'], sourceFile: 'eksport.csv' });

      const report = await erasure().erase({ target: CVR, actor: 'admin', reference: 'J.nr. 2026-43' });
      expect(report).toMatchObject({ basis: 'cvr', items: 2, outside: { imported_examples: 1 } });
      expect([...report.erasedItemIds].sort()).toEqual([company, bySender].sort());
      const present = async (id: string) => (await db.select({ id: items.id }).from(items).where(eq(items.id, id))).length === 1;
      expect(await present(theirs)).toBe(true);
      expect(await present(unrelated)).toBe(true);
      expect(JSON.stringify(await erasure().list(1))).not.toMatch(/29\D?18\D?94\D?04/);

      // By item id: another tenant's item is not found; this tenant's goes.
      expect(await erasure().erase({ target: { basis: 'item', value: theirs }, actor: 'admin' })).toMatchObject({ items: 0, heldItemIds: [] });
      expect(await present(theirs)).toBe(true);
      expect(await erasure(OTHER).erase({ target: { basis: 'item', value: theirs }, actor: 'admin' })).toMatchObject({ items: 1, erasedItemIds: [theirs] });
      expect(await present(theirs)).toBe(false);
    });

    it('stores subjects and decision reasons with CPR numbers masked, and keeps the extracted text in clear', async () => {
      const spellings = ['010190-1009', '010190 1009', '010190–1009', '0101901009'];
      for (const cpr of spellings) {
        const id = await seed({ subject: `Klage, cpr ${cpr}`, body: `cpr ${cpr}` });
        const [row] = await database.db.select({ subject: items.subject, extracted: items.extracted }).from(items).where(eq(items.id, id));
        expect(row?.subject).toBe('Klage, cpr 010190-XXXX');
        expect(row?.extracted?.subject).toBe(`Klage, cpr ${cpr}`);
        const [decision] = await database.db.select({ reasons: decisions.reasons }).from(decisions).where(eq(decisions.itemId, id));
        const reasons = JSON.stringify(decision?.reasons);
        expect(reasons).toContain('010190-XXXX');
        expect(mentionsTarget(reasons, CPR)).toBe(false);
      }
      // A route outcome's rule trace: the fact values the rules saw are masked; a destination id that happens
      // to be 10 date-valid digits (a P-number) is configuration and stays.
      const trace = [{ ruleId: 'r1', priority: 1, matched: true, destination: '0101901009', conditions: [{ fact: 'subject', operator: 'contains', value: 'klage', factValue: 'Klage 010190-1009', result: true }] }];
      const id = await seed({ subject: 'Brev', trace });
      const [stored] = await database.db.select({ outcome: decisions.outcome }).from(decisions).where(eq(decisions.itemId, id));
      expect(stored?.outcome).toMatchObject({ trace: [{ destination: '0101901009', conditions: [{ value: 'klage', factValue: 'Klage 010190-XXXX' }] }] });
    });
  });
}

describe('fordeler erase', () => {
  const cli = cliDataDir('fordeler-erase-cli-', TENANT);
  const dataDir = cli.dataDir;
  let itemId = '';
  beforeAll(async () => {
    await cli.prepare(async (database) => {
    const blob = await createFileBlobStore(join(dataDir, 'blobs')).put(bytes('Subject: klage 010190-1009'));
    const store = createItemStore(database.db, { tenantId: TENANT });
    const { item } = await store.createItem({ channel: 'email', source: 'cli', fileName: 'klage 0101901009.eml', contentSha256: blob.sha256, size: blob.size, receivedAt: new Date('2026-03-01T08:00:00Z') });
    itemId = item.id;
    });
  }, 60_000);
  afterAll(() => cli.restore());

  const io = (stdin: string) => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (text: string) => void out.push(text), err: (text: string) => void err.push(text), stdin: async () => stdin } };
  };

  it('takes a CPR number from stdin only, reports without it, and erases', async () => {
    const onArgs = io('');
    expect(await eraseCommand({ cpr: '0101901009' }, onArgs.io)).toBe(2);
    expect(onArgs.err.join('')).toContain('--cpr -');
    expect(onArgs.err.join('')).not.toMatch(/1009/);
    const notCpr = io('3213901009\n');
    expect(await eraseCommand({ cpr: '-' }, notCpr.io)).toBe(2);
    expect(notCpr.err.join('')).not.toMatch(/1009/);

    const dry = io('010190-1009\n');
    expect(await eraseCommand({ cpr: '-', dryRun: true, reference: 'J.nr. 9' }, dry.io)).toBe(0);
    expect(dry.out.join('')).toContain(`ville slette: 1 forsendelse(r) — ${itemId}`);
    const done = io('0101901009');
    expect(await eraseCommand({ cpr: '-', by: 'admin', json: true }, done.io)).toBe(0);
    const report = JSON.parse(done.out.join('')) as { items: number; erasedItemIds: string[]; erasureId: number };
    expect(report).toMatchObject({ items: 1, erasedItemIds: [itemId] });
    expect(report.erasureId).toBeGreaterThan(0);
    for (const text of [...dry.out, ...done.out]) expect(mentionsTarget(text, CPR)).toBe(false);
    const again = io('0101901009');
    await eraseCommand({ cpr: '-' }, again.io);
    expect(again.out.join('')).toContain('slettet: 0 forsendelse(r)');
  });
});
