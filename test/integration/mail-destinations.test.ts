// The imap-folder and smtp destinations against real servers: the Dovecot of test/services/dovecot.sh
// (the jobcenter@noerreaa.test mailbox, a fresh folder per run) and an SMTP sink (smtp-server) on
// loopback. Items are real sample mails, stored in a real blob store and extracted by the real extractor.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Item } from '../../core/model.js';
import type { BlobStore, HandoverRequest } from '../../core/ports.js';
import { createFileBlobStore } from '../../worker/adapters/blob-store.js';
import { createContentExtractor } from '../../worker/adapters/extract/index.js';
import { fakeDocuments } from '../../worker/adapters/extract/test-support.js';
import { createImapFolderHandover } from '../../worker/adapters/handover/imap-folder.js';
import { createSmtpHandover } from '../../worker/adapters/handover/smtp.js';
import { createImapWriter, type ImapWriter } from '../../worker/adapters/mail/imap-writer.js';
import { createSmtpTransport, type SmtpTransport } from '../../worker/adapters/mail/smtp-transport.js';
import { parseImapAccount } from '../../worker/sources/imap/config.js';
import { createImapClient } from '../../worker/sources/imap/connection.js';
import { imapTestServer, messageIds, withImap } from '../../tools/testbed/imap-test-server.js';
import { freePort } from '../support/private-redis.js';
import { repoRoot } from '../support/work-harness.js';

const RUN = randomUUID().slice(0, 8);
const PARENT = `Jobcenter-${RUN}`;
const MAILBOX = `${PARENT}/Indgående`;
const ACCOUNT = parseImapAccount({ id: 'jobcenter', host: imapTestServer.host, port: imapTestServer.port, user: imapTestServer.user, password: imapTestServer.password });
const MAX_ATTACHMENT = 25 * 1024 * 1024;
const post = (name: string) => join(repoRoot, 'samples/post', name);

let dir: string;
let blobs: BlobStore;
const extractor = () => createContentExtractor({ blobs, documents: fakeDocuments() });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mail-destinations-'));
  blobs = createFileBlobStore(join(dir, 'blobs'));
});
afterAll(async () => {
  // Everything under this run's folder, children first; also what a failed test left behind.
  await withImap(async (client) => {
    const paths = (await client.list()).map((m) => m.path).filter((path) => path === PARENT || path.startsWith(`${PARENT}/`));
    for (const path of paths.sort((a, b) => b.length - a.length)) await client.mailboxDelete(path).catch(() => undefined);
  });
  await rm(dir, { recursive: true, force: true });
});

/** A routed item made from a sample file, as the deliver stage hands it over. */
async function routedItem(path: string, channel: Channel, destination: string, kle: HandoverRequest['kle']): Promise<HandoverRequest> {
  const blob = await blobs.put(createReadStream(path));
  const item: Item = {
    id: randomUUID(),
    round: 1,
    tenantId: 'noerreaa',
    channel,
    state: 'routed',
    source: 'samples/post',
    contentSha256: blob.sha256,
    size: blob.size,
    fileName: basename(path),
    receivedAt: new Date('2026-10-06T16:34:48Z'),
  };
  const content = await extractor().extract({ channel, fileName: item.fileName, blob });
  return { transactionId: randomUUID(), destination, item, content, kle };
}

async function mailboxSources(mailbox: string): Promise<Buffer[]> {
  return withImap(async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const sources: Buffer[] = [];
      for await (const message of client.fetch('1:*', { source: true })) if (message.source) sources.push(message.source);
      return sources;
    } finally {
      lock.release();
    }
  });
}

describe('imap-folder destination (Dovecot)', () => {
  let writer: ImapWriter | undefined;
  afterEach(async () => {
    await writer?.close();
    writer = undefined;
  });

  it('appends the item to the department folder once, however often the handover is repeated', async () => {
    writer = createImapWriter([ACCOUNT]);
    const handover = createImapFolderHandover({
      writer,
      blobs,
      destination: (id) => (id === 'JOBCENTER' ? { account: 'jobcenter', mailbox: MAILBOX } : undefined),
      from: 'Fordeler <fordeler@noerreaa.dk>',
      maxAttachmentBytes: MAX_ATTACHMENT,
    });
    // A faktura with a PDF (samples/post/d0019.eml): the attached original must be the whole mail.
    const request = await routedItem(post('d0019.eml'), 'email', 'JOBCENTER', { nr: '00.32.00', confidence: 0.87 });

    const receipt = await handover.deliver(request);
    expect(receipt).toMatchObject({ reference: `<${request.transactionId}@fordeler.invalid>`, code: 'APPENDED' });
    await handover.deliver(request);
    expect(await messageIds(MAILBOX)).toEqual([`<${request.transactionId}@fordeler.invalid>`]);

    const [source] = await mailboxSources(MAILBOX);
    const mail = await simpleParser(source!);
    expect(mail.subject).toBe(request.content.subject);
    expect(mail.headers.get('x-fordeler-item')).toBe(request.item.id);
    expect(mail.headers.get('x-fordeler-transaction')).toBe(request.transactionId);
    expect(mail.text).toContain('KLE: 00.32.00 (sikkerhed 87 %)');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('message/rfc822');
    expect(mail.attachments[0]!.content.equals(await readFile(post('d0019.eml')))).toBe(true);
  });

  it('finds the first copy after a restart between APPEND and the bookkeeping, and reconnects after a lost connection', async () => {
    const clients: ImapFlow[] = [];
    const options = { createClient: (o: Parameters<typeof createImapClient>[0]) => clients[clients.push(createImapClient(o)) - 1]! };
    const mailbox = `${PARENT}/Genstart`;
    const message = await readFile(post('d0005.eml'));
    const first = `<${randomUUID()}@fordeler.invalid>`;
    const before = createImapWriter([ACCOUNT], options);
    const appended = await before.appendOnce('jobcenter', mailbox, first, withMessageId(message, first));
    await before.close();
    expect(appended).toMatchObject({ appended: true, uid: expect.any(Number) });

    // The "restarted worker": a new writer, a new connection, the same Message-ID.
    writer = createImapWriter([ACCOUNT], options);
    expect(await writer.appendOnce('jobcenter', mailbox, first, withMessageId(message, first))).toEqual({ appended: false, uid: appended.uid });

    // The server drops the connection: the next call opens a new one instead of failing for good.
    clients.at(-1)!.close();
    const second = `<${randomUUID()}@fordeler.invalid>`;
    expect(await writer.appendOnce('jobcenter', mailbox, second, withMessageId(message, second))).toMatchObject({ appended: true });
    expect(clients).toHaveLength(3);
    expect((await messageIds(mailbox)).sort()).toEqual([first, second].sort());
  });

  it('serializes concurrent calls: three at once with one Message-ID make one message', async () => {
    writer = createImapWriter([ACCOUNT]);
    const mailbox = `${PARENT}/Samtidig`;
    const id = `<${randomUUID()}@fordeler.invalid>`;
    const message = withMessageId(await readFile(post('d0042.eml')), id);
    const results = await Promise.all([1, 2, 3].map(() => writer!.appendOnce('jobcenter', mailbox, id, message)));
    expect(results.map((r) => r.appended).sort()).toEqual([false, false, true]);
    expect(await messageIds(mailbox)).toEqual([id]);
  });

  it('names an unknown destination and an unknown account (configuration faults)', async () => {
    writer = createImapWriter([ACCOUNT]);
    const request = await routedItem(post('d0055.eml'), 'email', 'KSD', { nr: '32.30.04', confidence: 0.91 });
    const handover = createImapFolderHandover({ writer, blobs, destination: () => undefined, from: 'fordeler@noerreaa.dk', maxAttachmentBytes: MAX_ATTACHMENT });
    await expect(handover.deliver(request)).rejects.toThrow('destination "KSD" is not configured as an imap-folder destination');
    await expect(writer.appendOnce('ydelse', MAILBOX, '<x@fordeler.invalid>', Buffer.from('Subject: x\r\n\r\n'))).rejects.toThrow('no account "ydelse"');
    // Without its brackets an id would match longer ids containing it (SEARCH HEADER is a substring search).
    await expect(writer.appendOnce('jobcenter', MAILBOX, 'x@fordeler.invalid', Buffer.from('Subject: x\r\n\r\n'))).rejects.toThrow('<local@domain>');
  });
});

/** Sample mails keep their own Message-ID; a writer test needs messages that carry the one it searches for. */
function withMessageId(raw: Buffer, messageId: string): Buffer {
  return Buffer.from(raw.toString('latin1').replace(/^Message-ID:.*$/im, `Message-ID: ${messageId}`), 'latin1');
}

interface Received {
  rcptTo: string[];
  mail: ParsedMail;
}

interface Sink {
  port: number;
  received: Received[];
}

/** Runs `work` against an SMTP sink on a free loopback port; the transport is closed before the sink. */
async function withSink(work: (sink: Sink) => Promise<void>): Promise<void> {
  const port = await freePort();
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // The transport pools its connections; do not wait 30 s for them on close.
    closeTimeout: 100,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => received.push({ rcptTo: session.envelope.rcptTo.map((to) => to.address), mail }))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  try {
    await work({ port, received });
  } finally {
    transport?.close();
    transport = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

let transport: SmtpTransport | undefined;

function handoverOn(port: number) {
  transport = createSmtpTransport({ host: '127.0.0.1', port, secure: false, from: 'fordeler@noerreaa.dk' });
  return createSmtpHandover({
    transport,
    from: 'Fordeler <fordeler@noerreaa.dk>',
    destination: (id) => (id === 'KSD' ? { to: 'sygedagpenge@noerreaa.dk' } : undefined),
    blobs,
    maxAttachmentBytes: MAX_ATTACHMENT,
  });
}

describe('smtp destination (SMTP sink)', () => {
  afterEach(() => {
    transport?.close();
    transport = undefined;
  });

  it('mails the item to the functional mailbox with the original attached, the same Message-ID on a repeat', async () => {
    await withSink(async (sink) => {
      const handover = handoverOn(sink.port);
      // Sygedagpenge (samples/post/d0055.eml); the letter itself carries a CPR number.
      const request = await routedItem(post('d0055.eml'), 'email', 'KSD', { nr: '32.30.04', confidence: 0.91 });
      expect(await handover.deliver(request)).toMatchObject({ reference: `<${request.transactionId}@fordeler.invalid>`, code: 'SENT' });
      await handover.deliver(request);

      expect(sink.received).toHaveLength(2);
      const [{ rcptTo, mail }] = sink.received as [Received, Received];
      expect(rcptTo).toEqual(['sygedagpenge@noerreaa.dk']);
      expect(mail.to).toMatchObject({ text: 'sygedagpenge@noerreaa.dk' });
      expect(mail.subject).toBe('Sygedagpenge - mangler udbetaling');
      expect(mail.text).toContain('Afsender: Flemming Mortensen <flemming.mortensen@outlook.com>');
      expect(mail.text).not.toContain('0639');
      // The letter's own date (its Date header) and the original named by its subject.
      expect(mail.text).toContain('Brevdato: 06.10.2026 (fra mailens dato)');
      expect(mail.attachments[0]!.filename).toBe('Sygedagpenge - mangler udbetaling.eml');
      expect(mail.attachments[0]!.contentType).toBe('message/rfc822');
      expect(mail.attachments[0]!.content.equals(await readFile(post('d0055.eml')))).toBe(true);
      // SMTP cannot refuse a repeat; the receiver can spot it by the Message-ID.
      expect(sink.received.map((r) => r.mail.messageId)).toEqual([mail.messageId, mail.messageId]);
    });
  });

  it('streams a scanned PDF as the attachment, byte for byte', async () => {
    await withSink(async (sink) => {
      const request = await routedItem(post('d0056.pdf'), 'scan', 'KSD', { nr: '32.30.04', confidence: 0.82 });
      await handoverOn(sink.port).deliver(request);
      const [{ mail }] = sink.received as [Received];
      expect(mail.subject).toBe('d0056.pdf');
      expect(mail.text).toContain('som scannet brev');
      expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
      expect(mail.attachments[0]!.content.equals(await readFile(post('d0056.pdf')))).toBe(true);
    });
  });

  it('throws when the SMTP server is down, so the deliver job retries', async () => {
    const port = await freePort();
    const request = await routedItem(post('d0055.eml'), 'email', 'KSD', { nr: '32.30.04', confidence: 0.91 });
    await expect(handoverOn(port).deliver(request)).rejects.toThrow();
  });

  it('names an unknown destination', async () => {
    const request = await routedItem(post('d0014.eml'), 'email', 'DUBU', { nr: '34.10.30', confidence: 0.95 });
    await expect(handoverOn(await freePort()).deliver(request)).rejects.toThrow('destination "DUBU" is not configured as an smtp destination');
  });
});
