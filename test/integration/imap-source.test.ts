// The IMAP mailbox source against a real Dovecot (start it with `bash test/services/dovecot.sh start`).
// Mail is delivered with IMAP APPEND; each test works in its own freshly named mailboxes.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckpointStore, SourceCheckpoint } from '../../core/ports.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import type { Logger } from '../../worker/runtime/logger.js';
import { createIntake, type IncomingItem, type Intake, type IntakeResult } from '../../worker/sources/intake.js';
import { createImapMailboxSource, createImapSources, parseImapAccount, type ImapSourceDeps } from '../../worker/sources/imap/index.js';
import { settlesWithin } from '../../worker/sources/imap/timing.js';
import type { Source } from '../../worker/sources/source.js';
import { createMemoryItemStore, type MemoryItemStore } from '../fakes/memory-item-store.js';

const HOST = '127.0.0.1';
const PORT = Number(process.env.FORDELER_TEST_IMAP_PORT ?? 10143);
const USER = 'post@noerreaa.test';
const PASSWORD = 'secret';
const TENANT = 'noerreaa';
const FLAG = '$FordelerStored';
const WAIT = { timeout: 20_000, interval: 100 };
const FIXTURES = new URL('../fixtures/dev/items/', import.meta.url);

let admin: ImapFlow;
let workDir: string;
const createdMailboxes = new Set<string>();
let nameCounter = 0;

beforeAll(async () => {
  await expectImapServer(PORT);
  workDir = await mkdtemp(join(tmpdir(), 'fordeler-imap-'));
  admin = new ImapFlow({ host: HOST, port: PORT, secure: false, doSTARTTLS: false, auth: { user: USER, pass: PASSWORD }, logger: false, disableAutoIdle: true });
  await admin.connect();
});

afterAll(async () => {
  if (admin?.usable) {
    for (const path of createdMailboxes) await admin.mailboxDelete(path).catch(() => undefined);
    await admin.logout();
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('IMAP mailbox source (Dovecot)', () => {
  it('stores 20 messages from two mailboxes, moves each to the processed folder and checkpoints the highest UID', async () => {
    const [post, job, done] = [mailboxName('post'), mailboxName('jobcenter'), mailboxName('behandlet')];
    const fixtures = await Promise.all(['d0009.eml', 'd0013.eml', 'd0016.eml', 'd0042.eml'].map((name) => readFile(new URL(name, FIXTURES))));
    // Over two download chunks, so the streamed bytes must be put together in the right order.
    const large = Buffer.from(citizenMailWithPdf(50, 2.5 * 1024 * 1024));
    const postMails = [...fixtures, large, ...Array.from({ length: 5 }, (_, i) => citizenMail(i))];
    const jobMails = Array.from({ length: 10 }, (_, i) => citizenMail(100 + i));
    const postUids = await deliver(post, postMails);
    const jobUids = await deliver(job, jobMails);
    const logLines: string[] = [];
    const world = await createWorld(captureLogger(logLines));
    const account = testAccount({ mailboxes: [{ path: post, processedFolder: done }, { path: job, processedFolder: done }] });

    const sources = createImapSources([account], world.deps);
    expect(sources.map((source) => source.name)).toEqual([`imap:${account.id}/${post}`, `imap:${account.id}/${job}`]);
    await runUntil(sources, async () => {
      expect(await messageCount(post)).toBe(0);
      expect(await messageCount(job)).toBe(0);
      expect(await messageCount(done)).toBe(20);
    });

    const items = await world.items.listItems();
    expect(items).toHaveLength(20);
    expect(new Set(items.map((item) => item.messageId)).size).toBe(20);
    expect(items.every((item) => item.channel === 'email' && /^\d+\.eml$/.test(item.fileName))).toBe(true);
    expect(items.filter((item) => item.source === sources[0]!.name)).toHaveLength(10);
    expect(new Set(world.pipelineStarts)).toEqual(new Set(items.map((item) => item.id)));
    // The bytes arrive unchanged, the messages with PDF attachments (166 kB and 3.4 MB) included.
    for (const message of [fixtures[0]!, large]) {
      expect(items.find((item) => item.messageId === messageIdOf(message))?.contentSha256).toBe(sha256(message));
    }
    expect(await world.checkpoints.get(TENANT, sources[0]!.name)).toEqual({ uidValidity: expect.any(String), lastUid: Math.max(...postUids) });
    expect((await world.checkpoints.get(TENANT, sources[1]!.name))?.lastUid).toBe(Math.max(...jobUids));
    // Logs carry codes and ids, never subjects, bodies or the password.
    const logs = logLines.join('\n');
    expect(logs).toContain('imap.message_stored');
    for (const secret of ['Ansøgning', 'enkeltudgift', 'Rotter', 'Kirkevej', PASSWORD]) expect(logs).not.toContain(secret);
  });

  it('mode flag: leaves the messages, flags them, and does not receive them again after a restart', async () => {
    const box = mailboxName('flag');
    await deliver(box, [citizenMail(200), citizenMail(201), citizenMail(202)]);
    const world = await createWorld();
    const account = testAccount({ mailboxes: [{ path: box, mode: 'flag' }] });

    await runUntil(createImapSources([account], world.deps), async () => expect(await flaggedCount(box, FLAG)).toBe(3));
    expect(await messageCount(box)).toBe(3);
    expect(await world.items.listItems()).toHaveLength(3);
    // Fetched with BODY.PEEK: staff reading the shared mailbox still see the messages as unread.
    expect(await flaggedCount(box, '\\Seen')).toBe(0);

    // A restart, then one with the checkpoint lost: the flag alone keeps the old messages out. The new
    // message has the highest UID, so once it is flagged every older one has been looked at.
    let flagged = 3;
    for (const checkpoints of [world.checkpoints, memoryCheckpoints()]) {
      await deliver(box, [citizenMail(210 + flagged)]);
      flagged += 1;
      const before = world.receiveCalls();
      await runUntil(createImapSources([account], { ...world.deps, checkpoints }), async () => expect(await flaggedCount(box, FLAG)).toBe(flagged));
      expect(world.receiveCalls()).toBe(before + 1);
    }
    expect(await world.items.listItems()).toHaveLength(5);
  });

  it('does not download messages below the checkpoint again after a restart', async () => {
    const box = mailboxName('checkpoint');
    await deliver(box, [citizenMail(300), citizenMail(301), citizenMail(302)]);
    const world = await createWorld();
    const account = testAccount({ mailboxes: [{ path: box, mode: 'flag' }] });
    await runUntil(createImapSources([account], world.deps), async () => expect(await flaggedCount(box, FLAG)).toBe(3));

    // Someone clears the keyword: only the checkpoint now says these three are stored.
    await withMailbox(box, () => admin.messageFlagsRemove('1:*', [FLAG]));
    const clients: ImapFlow[] = [];
    const restarted = createImapMailboxSource({ ...world.deps, clientFactory: recordClients(clients), account, mailbox: account.mailboxes[0]! });
    await restarted.start();
    try {
      // imapflow starts IDLE only once the source has stopped issuing commands: the first pass is over.
      await vi.waitFor(() => expect(clients[0]?.idling).toBe(true), WAIT);
      expect(world.receiveCalls()).toBe(3);
      await deliver(box, [citizenMail(303)]);
      await vi.waitFor(async () => expect(await flaggedCount(box, FLAG)).toBe(1), WAIT);
    } finally {
      await restarted.stop();
    }
    expect(world.receiveCalls()).toBe(4);
    expect(await world.items.listItems()).toHaveLength(4);
  });

  it('leaves a message it could not store where it is, and stores it once the Intake works again', async () => {
    const [box, done] = [mailboxName('disk-full'), mailboxName('disk-full-done')];
    await deliver(box, [citizenMail(450)]);
    const world = await createWorld();
    const account = testAccount({ mailboxes: [{ path: box, processedFolder: done }] });
    let diskFull = true;
    let failedAttempts = 0;
    const intake: Intake = {
      async receive(incoming) {
        if (!diskFull) return world.intake.receive(incoming);
        failedAttempts += 1;
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const source = createImapMailboxSource({ ...world.deps, intake, account, mailbox: account.mailboxes[0]! });
    await source.start();
    try {
      // Tried, failed, tried again after the backoff: meanwhile the message never left the mailbox.
      await vi.waitFor(() => expect(failedAttempts).toBeGreaterThanOrEqual(2), WAIT);
      expect(await messageCount(box)).toBe(1);
      diskFull = false;
      await vi.waitFor(async () => expect(await messageCount(done)).toBe(1), WAIT);
    } finally {
      await source.stop();
    }
    expect(await messageCount(box)).toBe(0);
    expect(await world.items.listItems()).toHaveLength(1);
  });

  it('a crash between "stored" and "moved" gives one item per message after the restart, all moved', async () => {
    const [box, done] = [mailboxName('crash'), mailboxName('crash-done')];
    await deliver(box, [0, 1, 2, 3, 4].map((i) => citizenMail(400 + i)));
    const world = await createWorld();
    const account = testAccount({ mailboxes: [{ path: box, processedFolder: done }] });
    let crashed = false;
    const crashOnThird: Intake = {
      async receive(incoming) {
        const result = await world.intake.receive(incoming);
        if (world.receiveCalls() === 3) {
          crashed = true;
          throw new Error('worker killed after the item was stored');
        }
        return result;
      },
    };

    const first = createImapMailboxSource({ ...world.deps, intake: crashOnThird, account, mailbox: account.mailboxes[0]! });
    await first.start();
    try {
      await vi.waitFor(() => expect(crashed).toBe(true), WAIT);
    } finally {
      await first.stop();
    }
    expect(await messageCount(box)).toBe(3);

    await runUntil(createImapSources([account], world.deps), async () => expect(await messageCount(done)).toBe(5));
    expect(await messageCount(box)).toBe(0);
    expect(await world.items.listItems()).toHaveLength(5);
    expect(world.receiveCalls()).toBe(6);
  });

  it('a changed UIDVALIDITY re-reads the mailbox without creating duplicate items', async () => {
    const [box, done] = [mailboxName('uidvalidity'), mailboxName('uidvalidity-done')];
    const mails = [0, 1, 2, 3].map((i) => citizenMail(500 + i));
    await deliver(box, mails);
    const world = await createWorld();
    const account = testAccount({ mailboxes: [{ path: box, processedFolder: done }] });
    const name = `imap:${account.id}/${box}`;
    await runUntil(createImapSources([account], world.deps), async () => expect(await messageCount(done)).toBe(4));
    const before = await world.checkpoints.get(TENANT, name);

    // The mailbox is restored from a backup: new UIDVALIDITY, the same messages with UIDs 1..4 again.
    await admin.mailboxDelete(box);
    await deliver(box, mails);
    const restored = await admin.status(box, { uidValidity: true });
    expect(restored && restored.uidValidity?.toString()).not.toBe(before?.uidValidity);

    await runUntil(createImapSources([account], world.deps), async () => expect(await messageCount(box)).toBe(0));
    expect(world.receiveCalls()).toBe(8);
    expect(await world.items.listItems()).toHaveLength(4);
    const after = await world.checkpoints.get(TENANT, name);
    expect(after?.uidValidity).not.toBe(before?.uidValidity);
    expect(after?.lastUid).toBe(4);
  });

  it('picks up mail appended while it runs, through IDLE and through polling', async () => {
    for (const waiting of [{ idle: true, pollSeconds: 3600 }, { idle: false, pollSeconds: 1 }]) {
      const box = mailboxName(waiting.idle ? 'idle' : 'poll');
      await deliver(box, []);
      const world = await createWorld();
      const account = testAccount({ ...waiting, mailboxes: [{ path: box, mode: 'flag' }] });
      const [source] = createImapSources([account], world.deps);
      await source!.start();
      try {
        // The first (empty) pass has written the checkpoint: the source now waits.
        await vi.waitFor(async () => expect(await world.checkpoints.get(TENANT, source!.name)).toBeDefined(), WAIT);
        await deliver(box, [citizenMail(waiting.idle ? 600 : 601)]);
        // With an hour between polls only IDLE can wake the first source within the wait.
        await vi.waitFor(async () => expect(await world.items.listItems()).toHaveLength(1), { timeout: 8_000, interval: 100 });
      } finally {
        await source!.stop();
      }
    }
  });

  it('reconnects after the connection is cut, and stop() resolves even when the server hangs', async () => {
    const box = mailboxName('reconnect');
    await deliver(box, [citizenMail(700)]);
    const proxy = await startProxy(PORT);
    try {
      const world = await createWorld();
      const account = testAccount({ port: proxy.port, pollSeconds: 3600, mailboxes: [{ path: box, mode: 'flag' }] });
      const clients: ImapFlow[] = [];
      const source = createImapMailboxSource({ ...world.deps, clientFactory: recordClients(clients), stopGraceMs: 500, account, mailbox: account.mailboxes[0]! });
      await source.start();
      await vi.waitFor(async () => expect(world.receiveCalls()).toBe(1), WAIT);
      // Cut only once the first pass is over (message flagged, checkpoint written): a cut between storing and
      // flagging would rightly read the message again, and this test counts reads.
      await vi.waitFor(async () => expect((await world.checkpoints.get(TENANT, source.name))?.lastUid).toBeGreaterThan(0), WAIT);

      proxy.cut();
      await deliver(box, [citizenMail(701)]);
      await vi.waitFor(async () => expect(await world.items.listItems()).toHaveLength(2), WAIT);

      // The server stops answering (no FIN, no data): LOGOUT never completes, stop() must not wait for it.
      proxy.freeze();
      expect(await settlesWithin(source.stop(), 10_000)).toBe(true);
      expect(clients.length).toBeGreaterThanOrEqual(2);
      expect(clients.every((client) => client.isClosed)).toBe(true);
      expect(world.receiveCalls()).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('stop() resolves while the source is idling', async () => {
    const box = mailboxName('stop');
    await deliver(box, []);
    const world = await createWorld();
    const account = testAccount({ mailboxes: [{ path: box }] });
    const [source] = createImapSources([account], world.deps);
    await source!.start();
    await vi.waitFor(async () => expect(await world.checkpoints.get(TENANT, source!.name)).toBeDefined(), WAIT);
    expect(await settlesWithin(source!.stop(), 10_000)).toBe(true);
    await expect(source!.start()).rejects.toThrow(/was stopped/);
  });

  it('refuses to start without its password, naming the variable', async () => {
    const world = await createWorld();
    const account = parseImapAccount({ id: 'uden-kode', host: HOST, port: PORT, user: USER, passwordEnv: 'FORDELER_TEST_NO_SUCH_VARIABLE', mailboxes: [{}] });
    const [source] = createImapSources([account], { ...world.deps, env: {} });
    await expect(source!.start()).rejects.toThrow('IMAP account "uden-kode": environment variable FORDELER_TEST_NO_SUCH_VARIABLE (password) is not set or empty');
  });
});

// ---- the world around the source: a real Intake over a file blob store and the in-memory item store

interface World {
  items: MemoryItemStore;
  intake: Intake;
  checkpoints: CheckpointStore;
  pipelineStarts: string[];
  receiveCalls(): number;
  deps: ImapSourceDeps;
}

async function createWorld(logger: Logger = pino({ level: 'silent' })): Promise<World> {
  const items = createMemoryItemStore({ tenantId: TENANT });
  const pipelineStarts: string[] = [];
  const real = createIntake({
    blobs: createFileBlobStore(await mkdtemp(join(workDir, 'blobs-'))),
    items,
    clock: { now: () => new Date() },
    startPipeline: async (itemId) => void pipelineStarts.push(itemId),
  });
  let calls = 0;
  const intake: Intake = {
    receive(incoming: IncomingItem): Promise<IntakeResult> {
      calls += 1;
      return real.receive(incoming);
    },
  };
  const checkpoints = memoryCheckpoints();
  const deps: ImapSourceDeps = { intake, checkpoints, tenantId: TENANT, logger, backoff: { minMs: 100, maxMs: 1_000 } };
  return { items, intake, checkpoints, pipelineStarts, receiveCalls: () => calls, deps };
}

function memoryCheckpoints(): CheckpointStore {
  const saved = new Map<string, SourceCheckpoint>();
  return {
    async get(tenantId, source) {
      const found = saved.get(JSON.stringify([tenantId, source]));
      return found && { ...found };
    },
    async set(tenantId, source, checkpoint) {
      saved.set(JSON.stringify([tenantId, source]), { ...checkpoint });
    },
  };
}

function captureLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

function testAccount(overrides: Record<string, unknown>) {
  return parseImapAccount({ id: `test-${Date.now().toString(36)}-${nameCounter}`, host: HOST, port: PORT, user: USER, password: PASSWORD, ...overrides });
}

function recordClients(clients: ImapFlow[]): (options: ImapFlowOptions) => ImapFlow {
  return (options) => {
    const client = new ImapFlow(options);
    clients.push(client);
    return client;
  };
}

/** Starts the sources, waits until `done` passes, then stops them (also when it never does). */
async function runUntil(sources: Source[], done: () => Promise<void>): Promise<void> {
  for (const source of sources) await source.start();
  try {
    await vi.waitFor(done, WAIT);
  } finally {
    await Promise.all(sources.map((source) => source.stop()));
  }
}

// ---- the mail server side

async function expectImapServer(port: number): Promise<void> {
  const greeting = await new Promise<string>((resolve) => {
    const socket = connect(port, HOST);
    const give = (text: string): void => {
      socket.destroy();
      resolve(text);
    };
    socket.setTimeout(3_000, () => give(''));
    socket.once('data', (data) => give(data.toString('latin1')));
    socket.once('error', () => give(''));
  });
  if (!greeting.startsWith('* OK')) {
    throw new Error(`No IMAP server answers on ${HOST}:${port}. Start the test server with: bash test/services/dovecot.sh start`);
  }
}

function mailboxName(label: string): string {
  nameCounter += 1;
  const name = `Test-${Date.now().toString(36)}-${nameCounter}-${label}`;
  createdMailboxes.add(name);
  return name;
}

/** Creates the mailbox if needed and APPENDs the messages; returns their UIDs. */
async function deliver(path: string, messages: (string | Buffer)[]): Promise<number[]> {
  await admin.mailboxCreate(path);
  const uids: number[] = [];
  for (const message of messages) {
    const appended = await admin.append(path, message);
    if (!appended || appended.uid === undefined) throw new Error(`APPEND to ${path} failed`);
    uids.push(appended.uid);
  }
  return uids;
}

async function messageCount(path: string): Promise<number> {
  const status = await admin.status(path, { messages: true });
  return status ? (status.messages ?? 0) : 0;
}

async function withMailbox<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = await admin.getMailboxLock(path);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

async function flaggedCount(path: string, flag: string): Promise<number> {
  return withMailbox(path, async () => (await admin.fetchAll('1:*', { uid: true, flags: true })).filter((message) => message.flags?.has(flag)).length);
}

/** A TCP proxy in front of Dovecot that can cut every connection or stop passing bytes. */
async function startProxy(targetPort: number) {
  const sockets = new Set<Socket>();
  let frozen = false;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, HOST);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        if (!frozen) (socket === client ? upstream : client).destroy();
      });
    }
    client.on('data', (data) => {
      if (!frozen) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!frozen) client.write(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut: () => sockets.forEach((socket) => socket.destroy()),
    freeze: () => void (frozen = true),
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- realistic post to a Danish municipality

const CITIZEN_MAILS = [
  { from: 'Mette Kjærgaard <mette.kjaergaard@gmail.com>', subject: 'Ansøgning om hjælp til enkeltudgift', body: 'Hej Nørreå Kommune\n\nJeg søger om hjælp til et nyt køleskab, da mit gamle er gået i stykker. Jeg er på kontanthjælp og har ikke råd til at købe et nyt.\n\nVenlig hilsen\nMette Kjærgaard' },
  { from: 'Søren Østergaard <soeren.oestergaard@mail.dk>', subject: 'Rotter i haven', body: 'Goddag\n\nVi har set rotter i haven ved kompostbunken på Æblevej 12 de sidste tre aftener. Kan I sende en skadedyrsbekæmper?\n\nMed venlig hilsen\nSøren Østergaard' },
  { from: 'Birthe Lønborg <birthe.loenborg@hotmail.com>', subject: 'Klage over manglende snerydning på Kirkevej', body: 'Til Vej og Park\n\nFortovet på Kirkevej er ikke blevet ryddet for sne i fire dage, og min mand på 84 år kan ikke komme ud med sin rollator.\n\nHilsen Birthe' },
  { from: 'Ahmad Rasouli <ahmad.rasouli@outlook.dk>', subject: 'Spørgsmål om boligstøtte efter flytning', body: 'Hej\n\nJeg er flyttet til en ny lejlighed pr. 1. november. Skal jeg søge boligstøtte igen, eller bliver den overført?\n\nMvh Ahmad' },
];

/** A plain-text citizen e-mail in UTF-8 (8bit body, encoded-word subject), unique by `n`. */
function citizenMail(n: number): string {
  const mail = CITIZEN_MAILS[n % CITIZEN_MAILS.length]!;
  const encodedSubject = `=?utf-8?B?${Buffer.from(mail.subject, 'utf8').toString('base64')}?=`;
  return [
    `From: ${mail.from}`,
    'To: =?utf-8?q?N=C3=B8rre=C3=A5?= Kommune <post@noerreaa.dk>',
    `Subject: ${encodedSubject}`,
    `Date: ${new Date(Date.UTC(2026, 10, 3, 9, n % 60)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${n}.${Date.now().toString(36)}@borger.example.dk>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `${mail.body}\n\n(henvendelse nr. ${n})\n`,
  ].join('\r\n').replace(/(?<!\r)\n/g, '\r\n');
}

/** A citizen e-mail with a scanned document attached as a (filler) PDF of about `pdfBytes`. */
function citizenMailWithPdf(n: number, pdfBytes: number): string {
  const boundary = `=_fordeler_${n}`;
  const filler = Buffer.alloc(pdfBytes, 0);
  for (let i = 0; i < filler.length; i += 1) filler[i] = (i * 7919 + n) % 251;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1'), filler, Buffer.from('\n%%EOF\n')]);
  const base64Lines = pdf.toString('base64').match(/.{1,76}/g) ?? [];
  const [head, body] = citizenMail(n).split('\r\n\r\n');
  return [
    head!.replace('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit', `Content-Type: multipart/mixed; boundary="${boundary}"`),
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `${body!}Jeg har vedhæftet lægeerklæringen som PDF.`,
    `--${boundary}`,
    'Content-Type: application/pdf; name="laegeerklaering.pdf"',
    'Content-Disposition: attachment; filename="laegeerklaering.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    ...base64Lines,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function messageIdOf(message: Buffer): string | undefined {
  return /^Message-ID:\s*(\S+)/im.exec(message.toString('latin1'))?.[1];
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
