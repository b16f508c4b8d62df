// A real OpenID Connect identity provider for tests: oidc-provider in-process on a free loopback port, with
// one confidential client (PKCE required), test accounts whose groups come in the id token (or, with
// `groupsInIdToken: false`, only from userinfo — the provider's conformant default), RP-initiated logout,
// and consent granted without asking, as for a municipality's first-party application. `login` plays the
// browser: it follows the redirects with fetch and a cookie jar and submits the development login form.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Grant, type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  id: string;
  name: string;
  groups: string[];
}

export interface TestIdpOptions {
  /** The relying party's redirect URI (<publicUrl>/auth/callback). */
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: TestAccount[];
  /** false: groups only from userinfo. Default true. */
  groupsInIdToken?: boolean;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Logs `accountId` in at the authorization URL; resolves to the redirect back to the relying party (with code and state). */
  login(authorizationUrl: string, accountId: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'fordeler-test';
  const clientSecret = 'test-client-secret-that-is-long-enough-0123456789';
  const accounts = new Map(options.accounts.map((account) => [account.id, account]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
    conformIdTokenClaims: options.groupsInIdToken === false,
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    jwks: { keys: [{ ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)), alg: 'RS256', use: 'sig', kid: 'test-idp' }] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: account.name, groups: account.groups }) };
    },
    // Consent given without asking: the first-party application's scopes are granted at login.
    async loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
      const { client, session, provider: self } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session!.grantIdFor(client!.clientId);
      if (grantId) return self.Grant.find(grantId);
      const grant = new self.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
      grant.addOIDCScope('openid profile groups');
      await grant.save();
      return grant;
    },
  });
  // Test runs print no development warnings.
  provider.on('server_error', () => {});
  handle = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    async login(authorizationUrl, accountId) {
      const jar = new Map<string, string>();
      const request = async (url: string, init: RequestInit = {}) => {
        const response = await fetch(url, {
          ...init,
          redirect: 'manual',
          headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const at = pair!.indexOf('=');
          jar.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
        return response;
      };
      let response = await request(authorizationUrl);
      for (let step = 0; step < 10; step++) {
        const location = response.headers.get('location');
        if (!location) throw new Error(`test IdP: no redirect at step ${step} (status ${response.status}): ${(await response.text()).slice(0, 300)}`);
        const next = new URL(location, issuer);
        if (next.href.startsWith(options.redirectUri)) return next;
        if (/^\/interaction\/[^/]+$/.test(next.pathname)) {
          const page = await (await request(next.href)).text();
          const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
          const form = new URLSearchParams(prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt: prompt ?? 'consent' });
          response = await request(next.href, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        } else {
          response = await request(next.href);
        }
      }
      throw new Error('test IdP: login did not come back to the relying party in 10 steps');
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
