import { describe, expect, it } from 'vitest';
import { ImapConfigError, parseImapAccount, resolveImapAuth } from './config.js';

const base = { id: 'hovedpostkasse', host: 'imap.noerreaa.dk', port: 143, user: 'post@noerreaa.dk', mailboxes: [{ path: 'INBOX' }] };
const noFiles = async (path: string): Promise<string> => {
  throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
};

describe('parseImapAccount', () => {
  it('fills in the defaults', () => {
    const account = parseImapAccount({ ...base, passwordEnv: 'IMAP_PASSWORD' });
    expect(account).toMatchObject({ secure: false, startTls: true, idle: true, pollSeconds: 60 });
    expect(account.mailboxes).toEqual([{ path: 'INBOX', processedFolder: 'Fordeler/Behandlet', mode: 'move', flag: '$FordelerStored', batchSize: 50 }]);
  });

  it('does not require STARTTLS on a loopback host unless asked to', () => {
    expect(parseImapAccount({ ...base, host: '127.0.0.1', password: 'x' }).startTls).toBe(false);
    expect(parseImapAccount({ ...base, host: 'localhost', password: 'x' }).startTls).toBe(false);
    expect(parseImapAccount({ ...base, host: '::1', password: 'x' }).startTls).toBe(false);
    expect(parseImapAccount({ ...base, host: '127.0.0.1', password: 'x', startTls: true }).startTls).toBe(true);
    expect(parseImapAccount({ ...base, host: '127.example.dk', password: 'x' }).startTls).toBe(true);
  });

  it('wants exactly one kind of credentials', () => {
    expect(() => parseImapAccount(base)).toThrow(/exactly one of password, passwordEnv, passwordFile, oauth2 \(found none\)/);
    expect(() => parseImapAccount({ ...base, password: 'x', passwordEnv: 'Y' })).toThrow(/found password, passwordEnv/);
    expect(() => parseImapAccount({ ...base, oauth2: {} })).toThrow(/accessTokenEnv and accessTokenFile/);
    expect(() => parseImapAccount({ ...base, oauth2: { accessTokenEnv: 'A', accessTokenFile: '/b' } })).toThrow(/exactly one of accessTokenEnv/);
  });

  it('names the account and the field, never the password', () => {
    const attempt = (): unknown => parseImapAccount({ ...base, password: 'hemmelig-kode', port: 0 });
    expect(attempt).toThrow(ImapConfigError);
    expect(attempt).toThrow(/IMAP account "hovedpostkasse" is invalid: port:/);
    expect(attempt).not.toThrow(/hemmelig-kode/);
  });

  it('rejects mailbox settings that cannot work', () => {
    const withMailbox = (mailbox: object) => () => parseImapAccount({ ...base, password: 'x', mailboxes: [mailbox] });
    expect(withMailbox({ path: 'INBOX', processedFolder: 'INBOX' })).toThrow(/processedFolder must differ/);
    expect(withMailbox({ path: 'INBOX', mode: 'flag', flag: '\\Seen' })).toThrow(/IMAP keyword/);
    expect(withMailbox({ path: 'INBOX/', mode: 'flag' })).toThrow(/empty levels/);
    expect(withMailbox({ path: 'INBOX', batchSize: 0 })).toThrow(/batchSize/);
    expect(withMailbox({ path: 'INBOX', moed: 'flag' })).toThrow(/moed/);
    expect(() => parseImapAccount({ ...base, password: 'x', mailboxes: [{ path: 'INBOX' }, { path: 'INBOX' }] })).toThrow(/listed twice/);
    expect(parseImapAccount({ ...base, password: 'x', mailboxes: [] }).mailboxes).toEqual([]);
  });
});

describe('resolveImapAuth', () => {
  it('reads the password from the named environment variable', async () => {
    const account = parseImapAccount({ ...base, passwordEnv: 'IMAP_PASSWORD' });
    await expect(resolveImapAuth(account, { IMAP_PASSWORD: 's3cret' }, noFiles)).resolves.toEqual({ user: 'post@noerreaa.dk', pass: 's3cret' });
    await expect(resolveImapAuth(account, {}, noFiles)).rejects.toThrow('IMAP account "hovedpostkasse": environment variable IMAP_PASSWORD (password) is not set or empty');
    await expect(resolveImapAuth(account, { IMAP_PASSWORD: '  ' }, noFiles)).rejects.toThrow(/IMAP_PASSWORD/);
  });

  it('reads a secret file and trims its trailing newline', async () => {
    const account = parseImapAccount({ ...base, passwordFile: '/run/secrets/imap' });
    const files = async (path: string): Promise<string> => (path === '/run/secrets/imap' ? 's3cret\n' : noFiles(path));
    await expect(resolveImapAuth(account, {}, files)).resolves.toEqual({ user: 'post@noerreaa.dk', pass: 's3cret' });
    await expect(resolveImapAuth(account, {}, noFiles)).rejects.toThrow('IMAP account "hovedpostkasse": cannot read password file /run/secrets/imap (ENOENT)');
    await expect(resolveImapAuth(account, {}, async () => '\n')).rejects.toThrow(/password file \/run\/secrets\/imap is empty/);
  });

  it('gives an OAuth2 access token for XOAUTH2', async () => {
    const fromEnv = parseImapAccount({ ...base, oauth2: { accessTokenEnv: 'EXO_TOKEN' } });
    await expect(resolveImapAuth(fromEnv, { EXO_TOKEN: 'eyJ0' }, noFiles)).resolves.toEqual({ user: 'post@noerreaa.dk', accessToken: 'eyJ0' });
    await expect(resolveImapAuth(fromEnv, {}, noFiles)).rejects.toThrow(/EXO_TOKEN \(OAuth2 access token\)/);
    const fromFile = parseImapAccount({ ...base, oauth2: { accessTokenFile: '/var/run/token' } });
    await expect(resolveImapAuth(fromFile, {}, async () => 'eyJ1\n')).resolves.toEqual({ user: 'post@noerreaa.dk', accessToken: 'eyJ1' });
    await expect(resolveImapAuth(fromFile, {}, noFiles)).rejects.toThrow(/cannot read OAuth2 access token file \/var\/run\/token \(ENOENT\)/);
  });

  it('uses an inline password as given', async () => {
    const account = parseImapAccount({ ...base, password: 'inline' });
    await expect(resolveImapAuth(account, {}, noFiles)).resolves.toEqual({ user: 'post@noerreaa.dk', pass: 'inline' });
  });
});
