// Junk and machine mail through `fordeler work`, as it runs for a municipality: the mails arrive in an IMAP
// inbox on the real Dovecot (test/services/dovecot.sh), five kinds of junk — an auto-reply, a delivery
// report (multipart/report), a newsletter with List-Unsubscribe, a gateway's X-Spam verdict and phishing
// whose link text names another site than it goes to — and one real letter. The letter is handed over
// (the folder outbox); no junk is. With the policy `park` the junk lands in the rest mailbox's junk folder,
// not among the post staff must place; with `keep` it is posted nowhere and, once keepUntil has passed (a
// clock a month on), erased with its blob files — except a blob the letter shares. And `fordeler process
// --config` reads the same junk policy from the work file.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemReport } from '../../core/report-contract.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { appendAll, messageCount, testImapAccount, withImap } from '../../tools/testbed/imap-test-server.js';
import { junkMails, mailWithAttachment } from '../support/junk-mails.js';
import { until } from '../support/stage-runner-contract.js';
import { repoRoot, startTestWork, type TestWork } from '../support/work-harness.js';

const DAY = 24 * 60 * 60 * 1000;
const rulesPath = join(repoRoot, 'test/fixtures/dev/rules.json');
const SHARED = { fileName: 'vejledning-kontanthjaelp.txt', contentType: 'text/plain; charset=utf-8', content: 'Vejledning: sådan søger du om kontanthjælp, og hvilke papirer du skal sende med.\n' };

/** Five kinds of junk, the newsletter carrying a file the letter carries too, and the letter. */
function post(): { junk: { name: string; eml: string }[]; letter: string } {
  const byName = new Map(junkMails().map((j) => [j.name, j.eml]));
  const pick = (name: string) => ({ name, eml: byName.get(name)! });
  const newsletter = mailWithAttachment({
    from: 'Foreningen for Ledige <nyt@ledige.example>',
    subject: 'Nyhedsbrev: sådan søger du kontanthjælp',
    headers: { 'List-Unsubscribe': '<https://ledige.example/afmeld?id=41>, <mailto:afmeld@ledige.example>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    text: 'Månedens nyhedsbrev med vejledning om kontanthjælp vedhæftet.',
    attachment: SHARED,
  });
  const letter = mailWithAttachment({
    from: 'Hanne Bak <hanne.bak@example.dk>',
    subject: 'Ansøgning om kontanthjælp',
    text: 'Jeg har mistet mit arbejde og vil gerne søge om kontanthjælp fra næste måned. Jeg har læst den vedhæftede vejledning.',
    attachment: SHARED,
  });
  return {
    junk: [pick('outlook-automatisk-svar'), pick('postfix-dsn'), { name: 'newsletter-with-file', eml: newsletter }, pick('spamassassin-flag'), pick('phishing-mismatch-skat')],
    letter,
  };
}

interface Run {
  t: TestWork;
  folders: { inbox: string; done: string; rest: string; refordel: string; refordelt: string };
}

async function startRun(junkPolicy: Record<string, unknown>): Promise<Run> {
  const root = `Junk-${randomBytes(3).toString('hex')}`;
  const folders = { inbox: `${root}/Indbakke`, done: `${root}/Behandlet`, rest: `${root}/Restpost`, refordel: `${root}/Refordel`, refordelt: `${root}/Refordelt` };
  const { junk, letter } = post();
  await appendAll(folders.inbox, [...junk.map((j) => Buffer.from(j.eml)), Buffer.from(letter)]);
  const t = await startTestWork({
    file: {
      rules: rulesPath,
      imap: [testImapAccount('post', [folders.inbox], folders.done), { ...testImapAccount('rest', [], 'unused'), mailboxes: [] }],
      restMailbox: { account: 'rest', folder: folders.rest, refordelFolder: folders.refordel, doneFolder: folders.refordelt, pollSeconds: 1 },
      junk: junkPolicy,
    },
  });
  await t.waitUntilFinal(6, 180_000);
  return { t, folders };
}

async function cleanUp(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.t.stop();
  const root = run.folders.inbox.split('/')[0]!;
  await withImap(async (client) => {
    const paths = (await client.list()).map((m) => m.path).filter((path) => path === root || path.startsWith(`${root}/`));
    for (const path of paths.sort((a, b) => b.length - a.length)) await client.mailboxDelete(path).catch(() => undefined);
  }).catch(() => undefined);
}

/** The items handed over to the folder outbox, by the item id in each envelope. */
async function handedOver(t: TestWork): Promise<string[]> {
  const ids: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else if (entry.name.endsWith('.json')) ids.push((JSON.parse(await readFile(join(dir, entry.name), 'utf8')) as { itemId: string }).itemId);
    }
  };
  await walk(t.config.outboxDir);
  return ids;
}

async function classify(t: TestWork) {
  const items = await t.allItems();
  const letter = items.find((i) => i.subject === 'Ansøgning om kontanthjælp');
  const junk = items.filter((i) => i !== letter);
  return { letter, junk };
}

describe('junk through fordeler work with the policy park', () => {
  let run: Run | undefined;
  beforeAll(async () => {
    run = await startRun({ action: 'park' });
  }, 240_000);
  afterAll(() => cleanUp(run), 60_000);

  it('hands over the letter and none of the junk, which is parked under route.junk', async () => {
    const { t } = run!;
    const { letter, junk } = await classify(t);
    expect(letter).toMatchObject({ destination: 'KY' });
    expect(['delivered', 'accepted']).toContain(letter!.state);
    expect(junk).toHaveLength(5);
    for (const item of junk) {
      expect(item, item.subject ?? '').toMatchObject({ state: 'parked', destination: null });
      const route = (await t.queries.listDecisions(item.id)).find((d) => d.stage === 'route')!;
      expect(route.reasons.map((r) => r.code)).toContain('route.junk');
      expect((route.outcome as { junk?: unknown }).junk).toMatchObject({ action: 'park' });
    }
    const kinds = new Set<string>();
    for (const item of junk) for (const kind of ((await t.queries.listDecisions(item.id)).find((d) => d.stage === 'route')!.outcome as { junk: { kinds: string[] } }).junk.kinds) kinds.add(kind);
    expect([...kinds].sort()).toEqual(['auto_reply', 'bulk', 'delivery_status', 'gateway_spam', 'phishing']);
    expect(await handedOver(t)).toEqual([letter!.id]);
  });

  it('posts the junk to the junk folder with a Danish text saying why, and nothing to the rest folder', async () => {
    const { folders } = run!;
    const junkFolder = `${folders.rest}/Junk`;
    await until(async () => (await messageCount(junkFolder)) === 5, 'five junk mails in the junk folder', 60_000);
    expect(await messageCount(folders.rest)).toBe(0);
    const messages = await withImap(async (client) => {
      const lock = await client.getMailboxLock(junkFolder);
      try {
        const sources: Buffer[] = [];
        for await (const m of client.fetch('1:*', { source: true })) if (m.source) sources.push(m.source);
        return sources;
      } finally {
        lock.release();
      }
    });
    const parsed = await Promise.all(messages.map((m) => simpleParser(m)));
    for (const message of parsed) {
      expect(message.subject).toMatch(/^\[Junk\] /);
      expect(message.text).toContain('Fordeler har vurderet denne mail som junk eller maskinpost');
      expect(message.text).toContain('Hvorfor:');
    }
    const texts = parsed.map((m) => m.text ?? '').join('\n');
    for (const kind of ['autosvar', 'leveringsrapport', 'nyhedsbrev eller masseudsendelse', 'spam (markeret af mailgatewayen)', 'mulig phishing']) expect(texts).toContain(kind);
    expect(texts).toContain('linkteksten viser');
  });
});

describe('junk through fordeler work with the policy keep', () => {
  let run: Run | undefined;
  beforeAll(async () => {
    run = await startRun({ action: 'keep', keepDays: 30 });
  }, 240_000);
  afterAll(() => cleanUp(run), 60_000);

  it('hands over the letter, posts no junk anywhere, and erases the junk and its blobs once kept long enough', async () => {
    const { t, folders } = run!;
    const { letter, junk } = await classify(t);
    expect(['delivered', 'accepted']).toContain(letter!.state);
    expect(junk).toHaveLength(5);
    expect(await handedOver(t)).toEqual([letter!.id]);

    // Kept junk is not posted: a round of the follow-ups posts nothing, and no folder has it.
    const followUps = t.work.followUps!;
    expect(await followUps.runOnce()).toMatchObject({ posted: 0, purged: 0 });
    expect(await messageCount(folders.rest)).toBe(0);
    expect(await messageCount(`${folders.rest}/Junk`)).toBe(0);

    // The blobs: every file of the junk, and the one the newsletter shares with the letter.
    const blobs = createFileBlobStore(join(t.dataDir, 'blobs'));
    const shasOf = async (itemId: string) => {
      const item = (await t.queries.findItem(itemId))!;
      return [item.contentSha256, ...(await t.queries.listAttachments(itemId)).map((a) => a.blobSha256).filter((s): s is string => Boolean(s))];
    };
    const letterBlobs = await shasOf(letter!.id);
    const junkBlobs = (await Promise.all(junk.map((j) => shasOf(j.id)))).flat();
    const shared = junkBlobs.filter((sha) => letterBlobs.includes(sha));
    expect(shared).toHaveLength(1);
    expect(junkBlobs.length).toBeGreaterThan(6);

    // Not yet: keepUntil is 30 days on.
    const later = (days: number) => ({ now: () => new Date(Date.now() + days * DAY) });
    expect(await followUps.runOnce({ purgeClock: later(29) })).toMatchObject({ purged: 0 });
    // The files were written "a month ago" too (a file younger than an hour is never removed: an ingest may be storing it).
    await ageFiles(join(t.dataDir, 'blobs'), new Date(Date.now() - 40 * DAY));
    expect(await followUps.runOnce({ purgeClock: later(31) })).toMatchObject({ purged: 5 });

    for (const item of junk) expect(await t.queries.findItem(item.id)).toBeUndefined();
    for (const sha of junkBlobs.filter((s) => !shared.includes(s))) expect(existsSync(blobs.pathOf(sha)), sha).toBe(false);
    for (const sha of letterBlobs) expect(existsSync(blobs.pathOf(sha)), sha).toBe(true);
    expect(await t.queries.findItem(letter!.id)).toMatchObject({ destination: 'KY' });
    // Idempotent: another round finds nothing more.
    expect(await followUps.runOnce({ purgeClock: later(32) })).toMatchObject({ purged: 0 });
  }, 120_000);
});

describe('fordeler process --config reads the work file\'s junk policy', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fordeler-junk-process-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('keeps junk for the work file\'s keepDays, as work does', async () => {
    const { junk, letter } = post();
    const dir = join(work, 'post');
    await mkdir(dir);
    for (const j of junk) await writeFile(join(dir, `junk-${j.name}.eml`), j.eml);
    await writeFile(join(dir, 'letter.eml'), letter);
    const configPath = join(work, 'work.json');
    await writeFile(configPath, JSON.stringify({ rules: rulesPath, junk: { action: 'keep', keepDays: 30 } }));
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin/fordeler.js'), 'process', dir, '--rules', rulesPath, '--config', configPath, '--json'], {
      cwd: repoRoot,
      env: { ...process.env, FORDELER_DATA_DIR: join(work, 'data'), DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 5 * 60 * 1000,
    });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const reports = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ItemReport);
    expect(reports).toHaveLength(6);
    expect(reports.filter((r) => basename(r.source).startsWith('junk-'))).toHaveLength(5);
    for (const report of reports.filter((r) => basename(r.source).startsWith('junk-'))) {
      const reason = report.decision.reasons.find((r) => r.code === 'route.junk');
      expect(reason?.data, report.source).toMatchObject({ action: 'keep' });
      expect(reason?.message).toContain('gemmes i 30 dage');
    }
    expect(reports.find((r) => r.source.endsWith('letter.eml'))!.decision).toMatchObject({ status: 'routed', destination: 'KY' });
  }, 6 * 60 * 1000);
});

async function ageFiles(dir: string, at: Date): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await ageFiles(path, at);
    else await utimes(path, at, at);
  }
}
