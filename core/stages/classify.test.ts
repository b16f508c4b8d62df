import { describe, expect, it } from 'vitest';
import type { ExtractedContent, Item } from '../model.js';
import { classifyStage } from './classify.js';

const item = { id: '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab', tenantId: 'norrea', channel: 'email', state: 'extracted', source: 'imap:post/INBOX', contentSha256: 'a'.repeat(64), size: 900, fileName: '17.eml', receivedAt: new Date() } as Item;
const underretning: ExtractedContent = {
  channel: 'email',
  subject: 'Underretning vedr. elev i 4.b',
  sender: { email: 'skoleleder@noerreaa-skole.dk' },
  recipients: [],
  body: 'Vi underretter hermed om en elev, CPR-nr. 010116-1234, som igen er kommet i skole med blå mærker. Jeres ref. 2026-004211.',
  bodySource: 'plain',
  attachments: [],
  metadata: {},
  warnings: [],
};
const ports = {
  clock: { now: () => new Date('2026-12-01T09:00:00Z') },
  classify: () => ({ nr: '34.10.30', confidence: 0.93, source: 'classifier' as const, candidates: [{ nr: '34.10.30', score: 0.93, reasons: [] }], reasons: [] }),
};

describe('classify stage', () => {
  const { result } = classifyStage(item, underretning, ports);

  it('flags a child-welfare letter as sensitive on the item', () => {
    expect(result.patch?.sensitive).toContain('children');
    expect(result.event.data).toMatchObject({ sensitive: expect.arrayContaining(['children']) });
  });

  it('stores the entities with the CPR serial masked, never the full number', () => {
    const outcome = result.decision!.outcome as { entities: { cpr: { value: string }[]; caseNumbers: { value: string }[] } };
    expect(outcome.entities.cpr.map((c) => c.value)).toEqual(['010116-XXXX']);
    expect(outcome.entities.caseNumbers.map((c) => c.value)).toEqual(['2026-004211']);
    expect(JSON.stringify(result)).not.toContain('010116-1234');
  });
});
