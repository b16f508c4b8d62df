// The cases of the role × scope matrix (test/integration/api-role-matrix.test.ts), written out by hand so the
// test does not derive its expectations from the policy it checks: the identity-provider groups and the people
// in them, the seeded items, what each person must see, the writes each may make, and the routes decided by
// role alone.
import type { SeedItem } from './api-harness.js';

export const OTHER_TENANT = 'kommune-b';
export const groups = {
  'g-admin': { roles: ['administrator'], destinations: 'all', kleGroups: 'all', sensitive: true },
  'g-journal': { roles: ['journal'], destinations: 'all', kleGroups: 'all', sensitive: true },
  'g-journal-ky': { roles: ['journal'], destinations: ['KY'], kleGroups: 'all', sensitive: false },
  'g-staff-ky': { roles: ['staff'], destinations: ['KY'], kleGroups: 'all', sensitive: false },
  'g-staff-ky-sensitive': { roles: ['staff'], destinations: ['KY'], kleGroups: 'all', sensitive: true },
  'g-staff-kle': { roles: ['staff'], destinations: 'all', kleGroups: ['27.15'], sensitive: false },
  'g-auditor': { roles: ['auditor'] },
};
export type User = 'anna' | 'jens' | 'julie' | 'sofie' | 'sara' | 'karl' | 'alma';
export const accounts: { id: User; name: string; groups: string[] }[] = [
  { id: 'anna', name: 'Anna Administrator', groups: ['g-admin', 'alle-medarbejdere'] },
  { id: 'jens', name: 'Jens Journal', groups: ['g-journal'] },
  { id: 'julie', name: 'Julie Journal KY', groups: ['g-journal-ky'] },
  { id: 'sofie', name: 'Sofie Sagsbehandler', groups: ['g-staff-ky'] },
  { id: 'sara', name: 'Sara Sagsbehandler', groups: ['g-staff-ky-sensitive'] },
  { id: 'karl', name: 'Karl KLE', groups: ['g-staff-kle'] },
  { id: 'alma', name: 'Alma Revisor', groups: ['g-auditor'] },
];

const suggest = (destination: string, kle: string) => [{ kle, score: 0.4, destination, ruleId: null }];
export const ITEMS = {
  routedKy32: { subject: 'KY 32', state: 'routed', destination: 'KY', kle: '32.30.04' },
  routedKy27: { subject: 'KY 27', state: 'routed', destination: 'KY', kle: '27.15.02' },
  routedKy32Sensitive: { subject: 'KY 32 følsom', state: 'routed', destination: 'KY', kle: '32.30.04', sensitive: ['health'] },
  routedBorger27: { subject: 'BORGER 27', state: 'routed', destination: 'BORGER', kle: '27.15.02' },
  routedBorger27Sensitive: { subject: 'BORGER 27 følsom', state: 'routed', destination: 'BORGER', kle: '27.15.02', sensitive: ['children'] },
  routedSkole32: { subject: 'SKOLE 32', state: 'routed', destination: 'SKOLE', kle: '32.30.04' },
  parkedToKy27: { subject: 'parkeret, forslag KY', state: 'parked', kle: '27.15.02', suggestions: suggest('KY', '27.15.02') },
  parkedToBorger32: { subject: 'parkeret, forslag BORGER', state: 'parked', kle: '32.30.04', suggestions: suggest('BORGER', '32.30.04') },
  parkedToKy32Sensitive: { subject: 'parkeret følsom, forslag KY', state: 'parked', kle: '32.30.04', sensitive: ['health'], suggestions: suggest('KY', '32.30.04') },
  parkedNone: { subject: 'parkeret uden forslag', state: 'parked', kle: null },
  failedExtract: { subject: 'fejlet ved udtræk', state: 'failed' },
  otherTenant: { subject: 'anden kommune', state: 'routed', destination: 'KY', tenantId: OTHER_TENANT },
  otherTenantFailed: { subject: 'anden kommune fejlet', state: 'failed', tenantId: OTHER_TENANT },
} satisfies Record<string, SeedItem>;
export type Key = keyof typeof ITEMS | 'failedKy';
export const ALL_OWN: Key[] = ['routedKy32', 'routedKy27', 'routedKy32Sensitive', 'routedBorger27', 'routedBorger27Sensitive', 'routedSkole32', 'parkedToKy27', 'parkedToBorger32', 'parkedToKy32Sensitive', 'parkedNone', 'failedExtract', 'failedKy'];
export const PARKED: Key[] = ['parkedToKy27', 'parkedToBorger32', 'parkedToKy32Sensitive', 'parkedNone'];

/** What each person must see, written out by hand (not derived from the policy under test). 403: the role may not. */
export const EXPECTED: Record<User, { items: Key[] | 403; failed: Key[] | 403; accessLog: 200 | 403 }> = {
  anna: { items: ALL_OWN, failed: ['failedExtract', 'failedKy'], accessLog: 200 },
  jens: { items: ALL_OWN, failed: ['failedExtract', 'failedKy'], accessLog: 403 },
  julie: { items: ['routedKy32', 'routedKy27', 'parkedToKy27', 'failedKy'], failed: ['failedKy'], accessLog: 403 },
  sofie: { items: ['routedKy32', 'routedKy27', 'parkedToKy27', 'failedKy'], failed: 403, accessLog: 403 },
  sara: { items: ['routedKy32', 'routedKy27', 'routedKy32Sensitive', 'parkedToKy27', 'parkedToKy32Sensitive', 'failedKy'], failed: 403, accessLog: 403 },
  karl: { items: ['routedKy27', 'routedBorger27', 'parkedToKy27'], failed: 403, accessLog: 403 },
  alma: { items: 403, failed: 403, accessLog: 200 },
};

export const parkedFor = (destination: string, kle: string, sensitive: string[] = [], tenantId?: string): SeedItem => ({
  subject: `til omfordeling ${destination}`,
  state: 'parked',
  kle,
  sensitive,
  suggestions: suggest(destination, kle),
  ...(tenantId ? { tenantId } : {}),
});
export type FailedSpec = 'extract' | 'delivery-ky' | 'other-tenant';
export interface WriteCase {
  /** Two parked items in scope: suggestion 1 is accepted on the first, the second is placed at `placeTo`. */
  inside: SeedItem;
  placeTo: string;
  /** Parked items out of scope: accept and place are 404. */
  outside: SeedItem[];
  retryInside: FailedSpec;
  retryOutside: FailedSpec;
  /** May place rest-mailbox post (else 403); may retry failed post (else 403). */
  acts: boolean;
  retries: boolean;
}
const everything: Omit<WriteCase, 'acts' | 'retries'> = { inside: parkedFor('BORGER', '32.30.04', ['health']), placeTo: 'SKOLE', outside: [parkedFor('KY', '32.30.04', [], OTHER_TENANT)], retryInside: 'extract', retryOutside: 'other-tenant' };
const kyOnly: Omit<WriteCase, 'acts' | 'retries'> = { inside: parkedFor('KY', '32.30.04'), placeTo: 'KY', outside: [parkedFor('BORGER', '32.30.04'), parkedFor('KY', '32.30.04', ['health'])], retryInside: 'delivery-ky', retryOutside: 'extract' };
export const WRITES: Record<User, WriteCase> = {
  anna: { ...everything, acts: true, retries: true },
  jens: { ...everything, acts: true, retries: true },
  julie: { ...kyOnly, acts: true, retries: true },
  sofie: { ...kyOnly, acts: true, retries: false },
  sara: { ...kyOnly, inside: parkedFor('KY', '32.30.04', ['health']), outside: [parkedFor('BORGER', '32.30.04')], acts: true, retries: false },
  karl: { ...kyOnly, inside: parkedFor('BORGER', '27.15.02'), placeTo: 'BORGER', outside: [parkedFor('KY', '32.30.04'), parkedFor('BORGER', '27.15.02', ['children'])], acts: true, retries: false },
  alma: { ...kyOnly, acts: false, retries: false },
};

/** Routes decided by role alone: who gets 200; everyone else 403 (the bearer client answers as julie). */
export const ROLE_ROWS: { route: string; url: string; allowed: User[] }[] = [
  { route: 'rule sets', url: '/api/v1/rule-sets', allowed: ['anna', 'jens', 'julie'] },
  { route: 'the rule-set audit', url: '/api/v1/rule-sets/audit', allowed: ['anna', 'jens', 'julie', 'alma'] },
  { route: 'statistics', url: '/api/v1/statistics', allowed: ['anna', 'jens', 'julie'] },
  { route: 'the item export', url: '/api/v1/items/export?format=csv', allowed: ['anna', 'jens', 'julie'] },
  { route: 'legal holds', url: '/api/v1/legal-holds', allowed: ['anna'] },
  { route: 'erasures', url: '/api/v1/erasures', allowed: ['anna'] },
];
