// The IMAP source: one Source per configured (account, mailbox), each with its own connection.
import type { Source } from '../source.js';
import type { ImapAccountConfig } from './config.js';
import { createImapMailboxSource, imapSourceName, type ImapSourceDeps } from './mailbox-source.js';

export { ImapAccountSchema, ImapConfigError, parseImapAccount, resolveImapAuth } from './config.js';
export type { ImapAccountConfig, ImapAuth, ImapMailboxConfig } from './config.js';
export { createImapMailboxSource, imapSourceName } from './mailbox-source.js';
export type { ImapMailboxSourceOptions, ImapSourceDeps } from './mailbox-source.js';

export function createImapSources(accounts: ImapAccountConfig[], deps: ImapSourceDeps): Source[] {
  const sources = accounts.flatMap((account) => account.mailboxes.map((mailbox) => ({ account, mailbox })));
  // The name is the checkpoint key and the items' source: two sources with one name would share both.
  const names = sources.map(({ account, mailbox }) => imapSourceName(account, mailbox));
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new Error(`IMAP source ${repeated} is configured twice (account ids must be unique)`);
  return sources.map(({ account, mailbox }) => createImapMailboxSource({ ...deps, account, mailbox }));
}
