// Machine clients (an ESDH integration, a reporting job) call the API with `Authorization: Bearer <JWT>`
// issued by the municipality's identity provider. The token is verified here with jose: signature by a key
// of the configured key set (a URL, a configured set, or the issuer's discovery document), issuer, audience,
// expiry and an allowed asymmetric algorithm. Its groups claim passes the same group mapping as people's,
// so a client gets exactly the roles and scope its groups (app roles) grant. No cookie, no CSRF: a bearer
// token is never sent by a browser on its own.
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../core/ports.js';
import type { Reason } from '../../core/model.js';
import type { AuthConfig } from './config.js';
import { isSecureOrLoopback } from './config.js';
import { groupsFromClaim, principalFromGroups, type GroupMapping, type MappingResult } from './group-mapping.js';

type BearerConfig = NonNullable<AuthConfig['bearer']>;

export interface BearerVerifier {
  verify(token: string): Promise<MappingResult>;
}

export interface BearerOptions {
  tenantId: string;
  mapping: GroupMapping;
  clock?: Clock;
  fetch?: typeof fetch;
}

const refused = (code: string, data: Record<string, unknown> = {}): MappingResult => ({
  ok: false,
  reason: { code: `auth.bearer.${code}`, message: 'Adgangstokenet blev afvist', data } satisfies Reason,
});

export function createBearerVerifier(config: BearerConfig, options: BearerOptions): BearerVerifier {
  const keys = keySet(config, options.fetch ?? fetch);
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
          ...(options.clock ? { currentDate: options.clock.now() } : {}),
        }));
      } catch (error) {
        return refused('invalid', describe(error));
      }
      const subject = payload.sub!;
      const name = [payload.name, payload.azp, payload.client_id, subject].find((value): value is string => typeof value === 'string' && value.length > 0)!;
      return principalFromGroups({ subject, displayName: name, tenantId: options.tenantId, via: 'bearer' }, groupsFromClaim(payload[config.groupsClaim]), options.mapping);
    },
  };
}

/** What went wrong, without the token: jose's code and the failed claim. */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof errors.JWTClaimValidationFailed) return { error: error.code, claim: error.claim };
  if (error instanceof errors.JOSEError) return { error: error.code };
  return { error: 'unexpected', message: error instanceof Error ? error.message.slice(0, 200) : String(error) };
}

function keySet(config: BearerConfig, fetchImpl: typeof fetch): JWTVerifyGetKey {
  if (config.jwks) return createLocalJWKSet(config.jwks as unknown as JSONWebKeySet);
  if (config.jwksUri) return createRemoteJWKSet(new URL(config.jwksUri));
  // Neither: the issuer's discovery document names the key set; looked up at first use, again after a failure.
  let remote: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`bearer: ${url} answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string' || !isSecureOrLoopback(jwksUri)) throw new Error(`bearer: ${url} names no usable jwks_uri`);
    return createRemoteJWKSet(new URL(jwksUri));
  };
  return async (header, token) => {
    remote ??= discover().catch((error: unknown) => {
      remote = undefined;
      throw error;
    });
    return (await remote)(header, token);
  };
}
