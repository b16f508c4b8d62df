// The real Dovecot started by test/services/dovecot.sh: connection settings, and APPEND/STATUS helpers
// for tests that deliver mail and check where it ended up.
import { ImapFlow } from 'imapflow';

export const imapTestServer = {
  host: '127.0.0.1',
  port: Number(process.env.FORDELER_TEST_IMAP_PORT || 10143),
  user: 'jobcenter@noerreaa.test',
  password: 'secret',
};

export async function withImap<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: imapTestServer.host,
    port: imapTestServer.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: imapTestServer.user, pass: imapTestServer.password },
    logger: false,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Dovecot is not reachable at ${imapTestServer.host}:${imapTestServer.port}: run \`bash test/services/dovecot.sh start\``, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export async function appendAll(mailbox: string, messages: Buffer[]): Promise<void> {
  await withImap(async (client) => {
    await client.mailboxCreate(mailbox).catch(() => {});
    for (const raw of messages) await client.append(mailbox, raw);
  });
}

export async function messageCount(mailbox: string): Promise<number> {
  return withImap(async (client) => {
    const status = await client.status(mailbox, { messages: true }).catch(() => undefined);
    return status ? (status.messages ?? 0) : 0;
  });
}

/** The Message-IDs of the messages in a mailbox. */
export async function messageIds(mailbox: string): Promise<string[]> {
  return withImap(async (client) => {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const ids: string[] = [];
      for await (const message of client.fetch('1:*', { envelope: true })) if (message.envelope?.messageId) ids.push(message.envelope.messageId);
      return ids;
    } finally {
      lock.release();
    }
  }).catch(() => []);
}

export function testImapAccount(id: string, mailboxes: string[], processedFolder: string) {
  return {
    id,
    host: imapTestServer.host,
    port: imapTestServer.port,
    user: imapTestServer.user,
    password: imapTestServer.password,
    startTls: false,
    pollSeconds: 2,
    mailboxes: mailboxes.map((path) => ({ path, processedFolder, batchSize: 50 })),
  };
}
