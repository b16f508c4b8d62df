import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../../core/model.js';
import type { ItemStore, Router } from '../../core/ports.js';
import type { LearningStore } from '../../db/learning-store.js';
import type { RedistributionInput, RedistributionStore } from '../../db/redistribution-store.js';
import { createLogger } from '../runtime/logger.js';
import { redistribute, type RedistributeDeps } from './redistribute.js';

const ITEM = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';
const content: ExtractedContent = { channel: 'email', subject: 'Støj fra naboen', sender: {}, recipients: [], body: 'Naboen larmer hver nat.', bodySource: 'plain', attachments: [], metadata: {}, warnings: [] };
// The classifier's best guess routes to MILJOE; its second candidate would route to OEKONOMI.
const classification: Classification = { nr: '09.09.09', confidence: 0.6, source: 'classifier', candidates: [{ nr: '09.09.09', score: 0.6, reasons: [] }, { nr: '88.12.40', score: 0.2, reasons: [] }], reasons: [] };

/** Fakes just wide enough for the action: what the store was asked to record, and what was confirmed. */
function world() {
  const recorded: RedistributionInput[] = [];
  const confirmed: { kleNr: string | null; destination?: string | null }[] = [];
  const models: number[] = [];
  const deps = {
    tenantId: 'norrea',
    store: { redistribute: async (input: RedistributionInput) => (recorded.push(input), { created: true, fromDestination: 'MILJOE', round: 2 }) } as unknown as RedistributionStore,
    items: {
      tenantId: 'norrea',
      getItem: async () => ({ id: ITEM, tenantId: 'norrea' }),
      getExtracted: async () => content,
      latestClassification: async () => classification,
    } as unknown as ItemStore,
    learning: {
      tenantId: 'norrea',
      confirm: async (c: { kleNr: string | null; destination?: string | null }) => void confirmed.push(c),
      latestModel: async () => undefined,
      saveModel: async () => (models.push(1), models.length),
    } as unknown as LearningStore,
    router: {
      version: 'v1',
      destinations: ['MILJOE', 'OEKONOMI'],
      destinationForKle: (nr: string) => ({ destination: nr.startsWith('88') ? 'OEKONOMI' : 'MILJOE', ruleId: null }),
    } as unknown as Router,
    configuredDestinations: [],
    enqueueDeliver: async () => undefined,
    logger: createLogger('silent'),
  } satisfies RedistributeDeps;
  return { deps, recorded, confirmed, models };
}

describe('re-distribution teaches only what the person said', () => {
  it('a move without an emne hands over the candidate that routes there, marked inferred, and teaches only the destination', async () => {
    const { deps, recorded, confirmed, models } = world();
    const outcome = await redistribute(deps, { itemId: ITEM, toDestination: 'OEKONOMI', by: 'folder-move', via: 'imap-folder' });
    expect(outcome).toMatchObject({ status: 'redistributed', to: 'OEKONOMI', kle: '88.12.40' });
    expect(recorded[0]).toMatchObject({ kleNr: '88.12.40', kleInferred: true });
    // The destination is confirmed with no emne; the guessed emne is neither confirmed nor learned.
    expect(confirmed).toMatchObject([{ kleNr: null, destination: 'OEKONOMI', source: 'redistribution', confirmedBy: 'folder-move' }]);
    expect(models).toEqual([]);
  });

  it('an emne the person gave is recorded as given and learned, with the destination', async () => {
    const { deps, recorded, confirmed, models } = world();
    await redistribute(deps, { itemId: ITEM, toDestination: 'OEKONOMI', by: 'mette', via: 'api', kleNr: '25.01.00' });
    expect(recorded[0]).toMatchObject({ kleNr: '25.01.00' });
    expect(recorded[0]).not.toHaveProperty('kleInferred');
    expect(confirmed[0]).toMatchObject({ kleNr: '25.01.00', destination: 'OEKONOMI' });
    expect(confirmed.every((c) => c.kleNr === '25.01.00')).toBe(true);
    expect(models).toHaveLength(1);
  });
});
