// A bare Fastify app with only the authentication plugin and a `/probe` route answering with
// `request.principal`, so the login tests do not depend on the API's own routes; and a cookie jar for
// `inject`, the way a browser keeps Fordeler's cookies between requests.
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { createAuthentication, type Authentication, type AuthenticationDeps } from '../../api/auth/index.js';

export interface AuthApp {
  app: FastifyInstance;
  auth: Authentication;
  close(): Promise<void>;
}

export async function startAuthApp(config: unknown, deps: AuthenticationDeps): Promise<AuthApp> {
  const auth = createAuthentication(config, deps);
  const app = Fastify({ logger: false });
  await app.register(auth.plugin);
  const probe = async (request: { principal: unknown }) => ({ principal: request.principal });
  app.get('/probe', probe);
  app.post('/probe', probe);
  await app.ready();
  return {
    app,
    auth,
    async close() {
      await app.close();
      await auth.close();
    },
  };
}

/** Cookies set by responses, sent with the next requests (expired ones dropped). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  take(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (gone) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }
  get all(): Record<string, string> {
    return Object.fromEntries(this.cookies);
  }
}
