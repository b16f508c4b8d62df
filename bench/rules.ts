// Routing time per item with large rule sets (100, 1,000, 10,000 rules): the candidate index
// (createRouter's default) against plain json-rules-engine evaluation of every rule, in the same run.
// Rule sets are generated from the real KLE emneplan: KLE routes over current emner, groups and
// hovedgrupper, supplier sender-domain rules (some with an invoice regex), subject containsText rules on
// OS2KLE terms, kleIn + body-text rules and a few regex-only rules. Items are ExtractedContent with
// Danish subjects and bodies built from the same terms, and a Classification. Seeded: reproducible.
import { seededRandom } from '../core/seeded-random.js';
import { performance } from 'node:perf_hooks';
import type { KleItem } from '../classifiers/kle-catalog.js';
import type { Classification, ExtractedContent, RouteDecision } from '../core/model.js';
import type { Router } from '../core/ports.js';
import { createRouter } from '../rules/router.js';
import { parseRuleFile } from '../rules/schema.js';
import { loadKleData } from '../worker/adapters/kle-data.js';
import { markdownTable } from './table.js';

export interface RulesBenchRow {
  rules: number;
  buildMs: { indexed: number; plain: number };
  indexed: { items: number; meanMs: number; p99Ms: number; meanCandidates: number };
  plain: { items: number; meanMs: number; p99Ms: number };
  /** plain mean / indexed mean */
  speedup: number;
  /** Items both routers routed whose (status, destination, ruleId) differ: must be 0. */
  mismatches: number;
  routedShare: number;
}

/** Plain evaluation at 10,000 rules takes ~0.4 s per item: fewer items there keep the bench short. */
const PLAIN_ITEMS: Record<number, number> = { 100: 300, 1000: 60, 10000: 20 };


const FILLER = [
  'Kære Nørreå Kommune', 'Jeg skriver til jer angående min sag.', 'Vedlagt finder I dokumentationen.',
  'Jeg håber på et hurtigt svar.', 'Med venlig hilsen', 'Se venligst vedhæftede fil.', 'Tak for hjælpen.',
];
const CITIZEN_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.dk', 'live.dk', 'mail.dk'];

interface Catalog {
  emner: KleItem[];
  terms: string[];
}

function catalog(): Catalog {
  const items = loadKleData().items.filter((item) => !item.retired);
  const emner = items.filter((item) => item.level === 3);
  const terms = [...new Set(emner.flatMap((item) => item.keywords.map(([term]) => term.trim())))].filter((term) => term.length >= 5);
  return { emner, terms };
}

/** A rule file of `size` rules: the mix below, in file order (priorities decide evaluation order). */
export function ruleFileOf(size: number, { emner, terms }: Catalog, seed = 1): Record<string, unknown> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const destinations = Array.from({ length: 30 }, (_, i) => ({ id: `SYS${i}`, name: `Fagsystem ${i}` }));
  const dest = () => pick(destinations).id;
  const patterns = [
    ...new Set([...emner.map((e) => e.nr), ...emner.map((e) => `${e.nr.slice(0, 5)}.*`), ...emner.map((e) => `${e.nr.slice(0, 2)}.*`)]),
  ].sort(() => random() - 0.5);
  const kleRoutes = patterns.slice(0, Math.min(Math.round(size * 0.3), patterns.length)).map((pattern) => ({ pattern, destination: dest() }));
  const contentRoutes = Array.from({ length: Math.min(20, Math.round(size * 0.02)) }, (_, i) => ({
    id: `CR${i}`,
    subjectContains: [pick(terms), pick(terms)],
    destination: dest(),
  }));
  const rules: Record<string, unknown>[] = [];
  const remaining = size - kleRoutes.length - contentRoutes.length;
  for (let i = 0; rules.length < remaining; i += 1) {
    const kind = random();
    const route = { type: 'route', params: { destination: dest() } };
    if (kind < 0.3) {
      const domain = `leverandoer${i}.dk`;
      const invoice = random() < 0.3;
      rules.push({
        name: `Leverandør ${i}`,
        priority: 320,
        conditions: { all: [
          { fact: 'senderDomain', operator: 'domainIn', value: [domain] },
          ...(invoice ? [{ fact: 'text', operator: 'matchesRegex', value: '/faktura\\s*nr\\.?\\s*\\d+/i' }] : []),
        ] },
        event: route,
      });
    } else if (kind < 0.65) {
      rules.push({ name: `Emne ${i}`, conditions: { all: [{ fact: 'subject', operator: 'containsText', value: [pick(terms)] }] }, event: route });
    } else if (kind < 0.93) {
      const emne = pick(emner);
      rules.push({
        name: `KLE og tekst ${i}`,
        priority: 220,
        conditions: { all: [
          { fact: 'kle', operator: 'kleIn', value: `${emne.nr.slice(0, 5)}.*` },
          { fact: 'text', operator: 'containsText', value: [pick(terms), pick(terms)] },
        ] },
        event: route,
      });
    } else if (kind < 0.99) {
      rules.push({
        name: `Kanal ${i}`,
        priority: 210,
        conditions: { all: [
          { fact: 'channel', operator: 'equal', value: pick(['scan', 'digitalpost']) },
          { fact: 'kle', operator: 'kleIn', value: pick(emner).nr },
        ] },
        event: random() < 0.2 ? { type: 'park', params: { reason: 'manuel' } } : route,
      });
    } else {
      // Regex-only: no required literal the index can use, so evaluated for every item.
      rules.push({ name: `Sagsnummer ${i}`, priority: 90, conditions: { all: [{ fact: 'subject', operator: 'matchesRegex', value: `/sag\\s*nr\\.?\\s*${i}-\\d{4}/i` }] }, event: route });
    }
  }
  return { destinations, contentRoutes, kleRoutes, rules };
}

/** Realistic items: mostly citizens writing about one emne, some suppliers' invoices, some scans. */
export function itemsOf(count: number, { emner, terms }: Catalog, seed = 2): { content: ExtractedContent; classification: Classification }[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const emne = pick(emner);
    const own = emne.keywords.map(([term]) => term);
    const about = own.length > 0 ? pick(own) : emne.title;
    const supplier = random() < 0.15;
    const channel = random() < 0.6 ? 'email' : random() < 0.5 ? 'digitalpost' : 'scan';
    const body = [pick(FILLER), `Det drejer sig om ${about.toLowerCase()} og ${pick(terms).toLowerCase()}.`, supplier ? `Faktura nr. ${10000 + i}` : pick(FILLER), pick(FILLER), `${pick(FILLER)}\n${'Lorem ipsum dolor sit amet. '.repeat(Math.floor(random() * 20))}`].join('\n\n');
    const content: ExtractedContent = {
      channel,
      ...(channel === 'scan' ? {} : { subject: random() < 0.5 ? `Vedr. ${about}` : `Sv: ${emne.title}` }),
      sender: supplier
        ? { email: `faktura@leverandoer${Math.floor(random() * 3000)}.dk`, idType: 'EMAIL', name: 'Bogholderiet' }
        : channel === 'email'
          ? { email: `borger${i}@${pick(CITIZEN_DOMAINS)}`, idType: 'EMAIL', name: 'Karen Holm' }
          : { id: '0101901234', idType: 'CPR' },
      recipients: [{ email: 'post@noerreaa.dk', idType: 'EMAIL' }],
      body,
      bodySource: 'plain',
      attachments: [],
      metadata: {},
      warnings: [],
    };
    const nr = random() < 0.85 ? emne.nr : null;
    const confidence = nr === null ? 0 : 0.9;
    const classification: Classification = { nr, confidence, source: nr === null ? 'none' : 'classifier', candidates: nr ? [{ nr, score: confidence, reasons: [] }] : [], reasons: [] };
    return { content, classification };
  });
}

async function time(router: Router, items: ReturnType<typeof itemsOf>): Promise<{ times: number[]; decisions: RouteDecision[] }> {
  const times: number[] = [];
  const decisions: RouteDecision[] = [];
  for (const { content, classification } of items) {
    const started = performance.now();
    decisions.push(await router.route(content, classification));
    times.push(performance.now() - started);
  }
  return { times, decisions };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.99) - 1)] ?? 0;

export async function benchRules(sizes: number[] = [100, 1000, 10000], itemCount = 300): Promise<RulesBenchRow[]> {
  const kle = catalog();
  const items = itemsOf(itemCount, kle);
  const rows: RulesBenchRow[] = [];
  for (const size of sizes) {
    const ruleSet = parseRuleFile(ruleFileOf(size, kle));
    let started = performance.now();
    const indexedRouter = createRouter(ruleSet, { version: 'bench' });
    const indexedBuild = performance.now() - started;
    started = performance.now();
    const plainRouter = createRouter(ruleSet, { version: 'bench', index: false });
    const plainBuild = performance.now() - started;
    await time(indexedRouter, items.slice(0, 20)); // warm-up
    const indexed = await time(indexedRouter, items);
    const plainItems = items.slice(0, PLAIN_ITEMS[size] ?? 20);
    await time(plainRouter, plainItems.slice(0, 2));
    const plain = await time(plainRouter, plainItems);
    const key = (d: RouteDecision | undefined) => `${d?.status}|${d?.destination}|${d?.ruleId}`;
    const mismatches = plain.decisions.filter((d, i) => key(d) !== key(indexed.decisions[i])).length;
    const candidates = indexed.decisions.map((d) => (d.reasons.at(-1)?.data?.index as { candidates?: number } | undefined)?.candidates ?? 0);
    rows.push({
      rules: ruleSet.contentRoutes.length + ruleSet.kleRoutes.length + ruleSet.rules.length,
      buildMs: { indexed: indexedBuild, plain: plainBuild },
      indexed: { items: items.length, meanMs: mean(indexed.times), p99Ms: p99(indexed.times), meanCandidates: mean(candidates) },
      plain: { items: plainItems.length, meanMs: mean(plain.times), p99Ms: p99(plain.times) },
      speedup: mean(plain.times) / mean(indexed.times),
      mismatches,
      routedShare: indexed.decisions.filter((d) => d.status === 'routed').length / items.length,
    });
  }
  return rows;
}

export function formatRulesBench(rows: RulesBenchRow[]): string {
  const ms = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(2));
  return `### Routing rules: candidate index vs plain json-rules-engine (per item)\n\n${markdownTable(
    ['rules', 'indexed mean ms', 'indexed p99 ms', 'candidates/item', 'plain mean ms', 'plain p99 ms', 'speed-up', 'items (indexed/plain)', 'index build ms', 'mismatches', 'routed'],
    rows.map((row) => [
      row.rules,
      ms(row.indexed.meanMs),
      ms(row.indexed.p99Ms),
      row.indexed.meanCandidates.toFixed(1),
      ms(row.plain.meanMs),
      ms(row.plain.p99Ms),
      `${row.speedup.toFixed(0)}×`,
      `${row.indexed.items}/${row.plain.items}`,
      ms(row.buildMs.indexed),
      row.mismatches,
      `${(row.routedShare * 100).toFixed(0)} %`,
    ]),
  )}\n\nIndexed: only the rules the candidate index lets through are added to the per-call engine; decisions are identical (mismatches must be 0).`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatRulesBench(await benchRules()));
}
