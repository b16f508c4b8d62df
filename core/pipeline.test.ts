import { describe, expect, it } from 'vitest';
import { createMemoryItemStore } from '../test/fakes/memory-item-store.js';
import { BadInputError } from './errors.js';
import type { Classification, ExtractedContent, Item, RouteDecision } from './model.js';
import type { ContentExtractor, PipelinePorts, Router } from './ports.js';
import { processItem } from './pipeline.js';
import { ingestItem } from './stages/ingest.js';

const clock = { now: () => new Date('2026-11-23T09:00:00Z') };

const sickPayMail: ExtractedContent = {
  channel: 'email',
  subject: 'Sygedagpenge - mangler udbetaling',
  sender: { email: 'borger@example.dk', idType: 'EMAIL' },
  recipients: [{ email: 'post@noerreaa.dk' }],
  body: 'Jeg er sygemeldt og har ikke fået mine sygedagpenge for oktober.',
  bodySource: 'plain',
  attachments: [],
  metadata: {},
  warnings: [],
};

const sickPay: Classification = {
  nr: '32.30.04',
  confidence: 0.9,
  source: 'classifier',
  candidates: [
    { nr: '32.30.04', title: 'Udbetaling af sygedagpenge', score: 0.9, reasons: [] },
    { nr: '15.17.06', score: 0.05, reasons: [] },
    { nr: '27.36.04', score: 0.02, reasons: [] },
  ],
  reasons: [{ code: 'classify.terms', message: 'sygedagpenge i emnefeltet' }],
};

/** A router that routes 32.30.* to KSD and parks everything else. */
const router: Router = {
  version: 'test-1',
  destinations: ['KSD'],
  async route(_content, classification): Promise<RouteDecision> {
    const routed = classification.nr?.startsWith('32.30.') ?? false;
    return {
      status: routed ? 'routed' : 'parked',
      destination: routed ? 'KSD' : null,
      ruleId: routed ? 'kle:32.30.*' : null,
      ruleSetVersion: 'test-1',
      reasons: [{ code: routed ? 'route.rule_matched' : 'route.no_rule_matched', message: routed ? '32.30.* → KSD' : 'Ingen regel matcher' }],
      trace: [],
    };
  },
  destinationForKle: (nr) => (nr.startsWith('32.30.') ? { destination: 'KSD', ruleId: 'kle:32.30.*' } : { destination: null, ruleId: null }),
};

async function setUp(extractor: ContentExtractor, classification: Classification = sickPay) {
  const items = createMemoryItemStore(clock);
  const ports: PipelinePorts = { clock, items, extractor, classify: () => classification, router };
  const { item } = await ingestItem(ports, {
    tenantId: 'default',
    channel: 'email',
    source: 'file:/post/d0055.eml',
    fileName: 'd0055.eml',
    contentSha256: 'a'.repeat(64),
    size: 1016,
    receivedAt: clock.now(),
  });
  return { items, ports, item: item as Item };
}

describe('processItem', () => {
  it('routes a classified item and records every stage as events and decisions', async () => {
    const { items, ports, item } = await setUp({ extract: async () => sickPayMail });
    const report = await processItem(item, ports);
    expect(report.decision).toMatchObject({ status: 'routed', destination: 'KSD', ruleId: 'kle:32.30.*' });
    expect(report.kle).toMatchObject({ nr: '32.30.04', source: 'classifier' });
    expect(report.suggestions).toEqual([]);
    expect((await items.getItem(item.id))?.state).toBe('routed');
    expect((await items.listEvents(item.id)).map((e) => e.type)).toEqual(['received', 'extracted', 'classified', 'routed']);
    expect((await items.listDecisions(item.id)).map((d) => d.stage)).toEqual(['extract', 'classify', 'route']);
    expect((await items.getExtracted(item.id))?.subject).toBe('Sygedagpenge - mangler udbetaling');
  });

  it('parks an item no rule places, with the top-3 KLE suggestions and their destinations', async () => {
    const homeHelp = { ...sickPay, nr: '27.36.04', candidates: [sickPay.candidates[2], sickPay.candidates[0], sickPay.candidates[1]] } as Classification;
    const { items, ports, item } = await setUp({ extract: async () => sickPayMail }, homeHelp);
    const report = await processItem(item, ports);
    expect(report.decision.status).toBe('parked');
    expect(report.suggestions.map((s) => [s.kle, s.destination])).toEqual([
      ['27.36.04', null],
      ['32.30.04', 'KSD'],
      ['15.17.06', null],
    ]);
    expect((await items.getItem(item.id))?.state).toBe('parked');
  });

  it('parks bad input with its specific reason instead of failing', async () => {
    const { items, ports, item } = await setUp({
      extract: async () => {
        throw new BadInputError('pdf_encrypted', 'PDF is password-protected');
      },
    });
    const report = await processItem(item, ports);
    expect(report.decision).toMatchObject({ status: 'parked', reasons: [{ code: 'extract.pdf_encrypted' }] });
    expect((await items.getItem(item.id))?.state).toBe('parked');
  });

  it('marks an unexpected error as failed (visible, not lost)', async () => {
    const { items, ports, item } = await setUp({
      extract: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const report = await processItem(item, ports);
    expect(report.decision.status).toBe('failed');
    expect(report.decision.reasons[0]?.code).toBe('extract.unexpected_error');
    expect((await items.getItem(item.id))?.state).toBe('failed');
  });

  it('stops an extraction that does not finish in time', async () => {
    const { ports, item } = await setUp({ extract: () => new Promise(() => undefined) });
    const report = await processItem(item, ports, { extractTimeoutMs: 20 });
    expect(report.decision).toMatchObject({ status: 'parked', reasons: [{ code: 'extract.timeout' }] });
  });

  it('is safe to repeat: a second run gives the same outcome for the same item', async () => {
    const { ports, item } = await setUp({ extract: async () => sickPayMail });
    const first = await processItem(item, ports);
    const again = await ingestItem(ports, { tenantId: 'default', channel: 'email', source: item.source, fileName: item.fileName, contentSha256: item.contentSha256, size: item.size, receivedAt: clock.now() });
    expect(again.created).toBe(false);
    expect(again.item.id).toBe(item.id);
    expect(await processItem(again.item, ports)).toEqual(first);
  });
});
