import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../core/model.js';
import type { Knowledge } from './knowledge.js';
import { arrivalOrder, emneRight, formatCurve, pointOf, replayOnline, type ReplayItem, type ReplayStep } from './online-replay.js';

const letter = (body: string, email?: string): ExtractedContent => ({
  channel: 'email',
  subject: body.split(' ')[0] as string,
  sender: email ? { idType: 'EMAIL', id: email, email } : {},
  recipients: [],
  body,
  bodySource: 'plain',
  attachments: [],
  metadata: {},
  warnings: [],
});

const classification = (nr: string | null, guess: string | null = nr): Classification => ({
  nr,
  confidence: nr ? 0.9 : 0.3,
  source: guess ? 'classifier' : 'none',
  candidates: guess ? [{ nr: guess, score: 0.9, reasons: [] }] : [],
  reasons: [],
});

/** Destinations by emne, as a routing table would have them. */
const DESTINATION: Record<string, string> = { '32.30.04': 'KSD', '02.00.00': 'ESDH-BYG' };
const route = async (_content: ExtractedContent, c: Classification) =>
  c.nr && DESTINATION[c.nr] ? { routed: true, destination: DESTINATION[c.nr] as string } : { routed: false, destination: null };

/** What the factory was given, read when it was called (the learner goes on learning into the same maps). */
interface Seen {
  examples: number;
  firmaSick: number;
}

/** A classifier that knows an emne only once the model has learned it from two items; it names it then. */
function learningFake(log: Seen[]) {
  return (knowledge: Knowledge) => {
    log.push({ examples: knowledge.model?.examples ?? 0, firmaSick: knowledge.senders.get('domain:firma.dk')?.get('32.30.04') ?? 0 });
    const examples = knowledge.model?.examples ?? 0;
    return (content: ExtractedContent): Classification => {
      const nr = content.subject === 'sygedagpenge' ? '32.30.04' : '02.00.00';
      return (knowledge.model?.classes[nr]?.docs ?? 0) >= 2 && examples > 0 ? classification(nr) : classification(null, null);
    };
  };
}

const sick = (i: number): ReplayItem => ({ file: `s${i}`, kle: '32.30.04', route: 'KSD', content: letter(`sygedagpenge sygemelding fra arbejdsgiver nummer ${i}`, `hr${i}@firma.dk`) });
const build = (i: number): ReplayItem => ({ file: `b${i}`, kle: '02.00.00', route: 'ESDH-BYG', content: letter(`byggetilladelse carport tegninger ${i}`) });

describe('replayOnline', () => {
  it('starts from nothing learned, learns what staff place, and gets better window by window', async () => {
    const log: Seen[] = [];
    const items = [sick(1), build(1), sick(2), build(2), sick(3), build(3), sick(4), build(4)];
    const curve = await replayOnline(items, { classifier: learningFake(log), route, window: 4 });
    expect(log[0]?.examples).toBe(0);
    // The first four are parked and placed; from then on both emner are known and routed right.
    expect(curve.steps.map((s) => s.action)).toEqual(['placed', 'placed', 'placed', 'placed', 'confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect(curve.steps.map((s) => s.learned)).toEqual(['32.30.04', '02.00.00', '32.30.04', '02.00.00', '32.30.04', '02.00.00', '32.30.04', '02.00.00']);
    expect(curve.windows.map((w) => [w.top1, w.automation, w.misroute, w.routableRecall])).toEqual([
      [0, 0, 0, 0],
      [1, 1, 0, 1],
    ]);
    expect(curve.cumulative.map((c) => [c.from, c.to, c.top1, c.automation])).toEqual([
      [1, 4, 0, 0],
      [1, 8, 0.5, 0.5],
    ]);
    // A new classifier after every lesson, and the sender history grows with the placed items.
    expect(log.map((seen) => seen.examples)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(log.at(-1)?.firmaSick).toBe(4);
  });

  it('re-distributes a misrouted item and learns its right emne; a right destination with a wrong emne teaches nothing', async () => {
    const learnt: string[] = [];
    const guesses: Record<string, Classification> = {
      // Routed to KSD, but it is a building matter: a misroute, re-distributed.
      b1: classification('32.30.04'),
      // Routed to KSD, which is right, but by the wrong emne of the same destination: confirmed, not learned.
      s1: classification('32.30.08'),
    };
    const items: ReplayItem[] = [build(1), { ...sick(1), kleOk: [] }];
    const curve = await replayOnline(items, {
      classifier: (knowledge) => {
        learnt.push(Object.keys(knowledge.model?.classes ?? {}).join(','));
        return (content) => guesses[content.subject === 'sygedagpenge' ? 's1' : 'b1'] as Classification;
      },
      route: async (_content, c) => ({ routed: true, destination: c.nr?.startsWith('32.30') ? 'KSD' : 'ESDH-BYG' }),
    });
    expect(curve.steps.map((s) => [s.action, s.learned, s.emneRight])).toEqual([
      ['redistributed', '02.00.00', false],
      ['confirmed', null, false],
    ]);
    expect(learnt).toEqual(['', '02.00.00']);
    const total = curve.cumulative.at(-1);
    expect(total?.misroute).toBe(0.5);
    expect(total?.routableRecall).toBe(0.5);
  });

  it('learns nothing when asked not to: the baseline stays where it started', async () => {
    const log: Seen[] = [];
    const curve = await replayOnline([sick(1), sick(2), sick(3), sick(4)], { classifier: learningFake(log), route, learn: false });
    expect(curve.steps.map((s) => [s.action, s.learned])).toEqual(Array.from({ length: 4 }, () => ['placed', null]));
    expect(log.map((seen) => seen.examples)).toEqual([0]);
  });

  it('parks an unreadable item and learns nothing from it', async () => {
    const curve = await replayOnline([{ file: 'x', kle: '02.00.00', route: 'ESDH-BYG', content: undefined }], { classifier: learningFake([]), route });
    expect(curve.steps[0]).toMatchObject({ action: 'placed', learned: null, routed: false, emneRight: false });
  });

  it('refuses a window that is no whole number of items', async () => {
    await expect(replayOnline([], { classifier: learningFake([]), route, window: 0 })).rejects.toThrow(/window/);
  });
});

describe('the figures', () => {
  it('judges top-1 as fordeler eval does: the emne or the best guess, accepted alternatives count, no emne is right only when parked', () => {
    expect(emneRight({ kle: '02.00.00' }, classification(null, '02.00.00'))).toBe(true);
    expect(emneRight({ kle: '02.00.00', kleOk: ['02.00.05'] }, classification('02.00.05'))).toBe(true);
    expect(emneRight({ kle: '02.00.00' }, classification('02.00.05'))).toBe(false);
    expect(emneRight({ kle: null }, classification(null, '02.00.05'))).toBe(true);
    expect(emneRight({ kle: null }, classification('02.00.05'))).toBe(false);
  });

  it('leaves routable recall empty for a window with no item that has a destination of its own', () => {
    const step: ReplayStep = { file: 'r', nr: null, guess: null, emneRight: true, routed: true, destination: 'KY', expected: 'rest', action: 'redistributed', learned: null };
    expect(pointOf([step], 0, 1)).toEqual({ from: 1, to: 1, items: 1, top1: 1, automation: 1, misroute: 1, routable: 0, routableRecall: null });
  });

  it('prints one row per window with the window and the cumulative figures', async () => {
    const curve = await replayOnline([sick(1), sick(2), sick(3)], { classifier: learningFake([]), route, window: 2 });
    const table = formatCurve(curve).split('\n');
    expect(table).toHaveLength(3);
    expect(table[1]).toMatch(/^1–2 /);
    expect(table[2]).toMatch(/^3–3 .*100\.0 %/);
  });
});

describe('arrivalOrder', () => {
  it('orders by date when every item has one, keeping gold order on ties', () => {
    const golds = [{ f: 'a', date: '2024-03-02' }, { f: 'b', date: '2024-03-01' }, { f: 'c', date: '2024-03-02' }];
    expect(arrivalOrder(golds)).toEqual({ by: 'date', ordered: [golds[1], golds[0], golds[2]] });
  });

  it('keeps the gold order when a date is missing or unreadable', () => {
    const golds = [{ f: 'a', date: '2024-03-02' }, { f: 'b' }, { f: 'c', date: 'i går' }];
    expect(arrivalOrder(golds)).toEqual({ by: 'gold', ordered: golds });
  });
});
