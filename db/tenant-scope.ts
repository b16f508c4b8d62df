// Every store is bound to one municipality when it is made, the way the ItemStore is: its queries filter by
// that tenant, and an item of another tenant is "not found". The tenant is checked here once, so a store
// cannot be made for "no tenant" (undefined from an untyped caller, or an empty string from the environment).

export interface TenantScope {
  readonly tenantId: string;
}

export class TenantError extends Error {
  override readonly name = 'TenantError';
}

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The tenant id of a scope, refused unless it is a plain identifier (`default`, `kommune-b`, `norrea`). */
export function boundTenant(scope: TenantScope): string {
  const tenantId: unknown = scope?.tenantId;
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    throw new TenantError(`a store needs a tenant id (letters, digits, . _ -), not ${JSON.stringify(tenantId)?.slice(0, 80)}`);
  }
  return tenantId;
}
