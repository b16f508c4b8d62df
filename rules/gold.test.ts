// End to end on the DEV corpus: gold KLE + gold subject under the municipality's rules.json must
// give exactly the gold route for every item.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../core/model.js';
import { createRouter } from './router.js';
import { parseRuleFile } from './schema.js';
import { classifiedAs, email } from './test-support.js';

const fixture = (name: string): string => readFileSync(new URL(`../test/fixtures/dev/${name}`, import.meta.url), 'utf8');

interface GoldLine {
  file: string;
  channel: Channel;
  kle: string | null;
  subject: string | null;
  route: string;
  /** The rule that gave the route: a content route id or a KLE pattern; null for rest. */
  route_basis: string | null;
}

const gold = fixture('gold.jsonl')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as GoldLine);

describe('DEV corpus routes', () => {
  const router = createRouter(parseRuleFile(JSON.parse(fixture('rules.json'))));

  it('has the whole corpus', () => {
    expect(gold).toHaveLength(81);
  });

  it.each(gold.map((line) => [line.file, line] as const))('%s routes as gold', async (_file, line) => {
    const content = email(line.subject ?? undefined, { channel: line.channel, body: '' });
    const decision = await router.route(content, classifiedAs(line.kle));
    if (line.route === 'rest') {
      expect(decision).toMatchObject({ status: 'parked', destination: null, ruleId: null });
    } else {
      const basis = line.route_basis ?? '';
      const ruleId = basis.startsWith('CR') ? basis : `kle:${basis}`;
      expect(decision).toMatchObject({ status: 'routed', destination: line.route, ruleId });
    }
  });
});
