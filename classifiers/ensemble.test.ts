import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../core/model.js';
import { caseCandidates } from './case-signal.js';
import { createEnsembleClassifier, type EnsembleSignal } from './ensemble.js';
import { senderCandidates, senderKeys } from './sender-history.js';

const mail = (body: string, email = 'lone.hansen@gmail.com', subject = ''): ExtractedContent =>
  ({ channel: 'email', subject, sender: { email, idType: 'EMAIL', id: email }, recipients: [], body, bodySource: 'plain', attachments: [], metadata: {}, warnings: [] }) as ExtractedContent;
const base = (c: Classification) => () => c;
const terms = (nr: string | null, confidence: number, candidates: [string, number][]): Classification => ({
  nr,
  confidence,
  source: nr ? 'classifier' : 'none',
  candidates: candidates.map(([n, score]) => ({ nr: n, score, reasons: [] })),
  reasons: [],
});
const fixedSignal = (name: EnsembleSignal['name'], weight: number, candidates: [string, number][], reliability?: Record<string, number>): EnsembleSignal => ({
  name,
  weight,
  signal: () => ({ candidates: candidates.map(([nr, score]) => ({ nr, score, reasons: [] })), reasons: [], ...(reliability ? { reliability } : {}) }),
});

describe('ensemble', () => {
  it('is the base classifier when no other signal has anything to say', () => {
    const c = terms('09.13.01', 0.6, [['09.13.01', 40]]);
    expect(createEnsembleClassifier(base(c), [fixedSignal('learned', 0.8, [])])(mail('Rotter i haven'))).toBe(c);
  });

  it('lets agreeing signals raise confidence (noisy-OR) and names each contribution', () => {
    const c = terms('32.30.04', 0.5, [['32.30.04', 30], ['15.17.06', 15]]);
    const result = createEnsembleClassifier(base(c), [fixedSignal('learned', 0.8, [['32.30.04', 0.75]])])(mail('syg'));
    expect(result.nr).toBe('32.30.04');
    expect(result.confidence).toBeCloseTo(1 - (1 - 0.5) * (1 - 0.6), 3);
    expect(result.reasons.at(-1)).toMatchObject({ code: 'classify.ensemble', data: { nr: '32.30.04', support: { terms: 0.5, learned: 0.6 } } });
  });

  it('lets a strong learned signal overturn a weak term guess', () => {
    const c = terms('05.01.08', 0.2, [['05.01.08', 10], ['07.18.06', 8]]);
    const result = createEnsembleClassifier(base(c), [fixedSignal('learned', 0.8, [['07.18.06', 0.9]])])(mail('Skraldespanden blev ikke tømt, og der ligger affald på vejen'));
    expect(result.nr).toBe('07.18.06');
    expect(result.candidates.map((x) => x.nr)).toEqual(['07.18.06', '05.01.08']);
  });

  it('counts a signal by its reliability: a model that has seen an emne twice breaks ties but does not overturn', () => {
    const c = terms('05.01.08', 0.2, [['05.01.08', 10], ['07.18.06', 3]]);
    const body = 'Skraldespanden blev ikke tømt, og der ligger affald på vejen';
    // 2 confirmed items, k = 10: 0.8 × 0.9 × 2/12 = 0.12; with the terms' 0.06 that is 0.17 < 0.2 — the term guess stands.
    const few = createEnsembleClassifier(base(c), [fixedSignal('learned', 0.8, [['07.18.06', 0.9]], { '07.18.06': 2 / 12 })])(mail(body));
    expect(few.nr).toBe('05.01.08');
    expect(few.candidates.find((x) => x.nr === '07.18.06')?.score).toBeCloseTo(1 - (1 - 0.2 * 0.3) * (1 - 0.12), 3);
    // Between two close term candidates of one gruppe the same support breaks the tie.
    const close = terms('07.18.02', 0.2, [['07.18.02', 10], ['07.18.06', 8]]);
    expect(createEnsembleClassifier(base(close), [fixedSignal('learned', 0.8, [['07.18.06', 0.9]], { '07.18.06': 2 / 12 })])(mail(body)).nr).toBe('07.18.06');
    expect(few.reasons.at(-1)).toMatchObject({ data: { counted: [{ signal: 'learned', support: 0, decided: false, without: '05.01.08' }] } });
    // 40 confirmed items: 0.8 × 0.9 × 0.8 = 0.576 — it leads, and the reason says it decided the emne.
    const many = createEnsembleClassifier(base(c), [fixedSignal('learned', 0.8, [['07.18.06', 0.9]], { '07.18.06': 0.8 })])(mail(body));
    expect(many.nr).toBe('07.18.06');
    expect(many.reasons.at(-1)).toMatchObject({ data: { support: { learned: 0.576 }, counted: [{ signal: 'learned', support: 0.576, decided: true, without: '05.01.08' }] } });
    expect(many.reasons.at(-1)?.message).toContain('the learned signal decided it (0.576; without it: 05.01.08)');
  });

  it('does not let a weak signal move the item to another gruppe, and says so', () => {
    const body = 'Skraldespanden blev ikke tømt, og der ligger affald på vejen';
    // The same close tie as above, but across grupper (05.01 and 07.18): the terms' gruppe stays first.
    const close = terms('05.01.08', 0.2, [['05.01.08', 10], ['07.18.06', 8]]);
    const result = createEnsembleClassifier(base(close), [fixedSignal('learned', 0.8, [['07.18.06', 0.9]], { '07.18.06': 2 / 12 })])(mail(body));
    expect(result.nr).toBe('05.01.08');
    expect(result.candidates.map((x) => x.nr)).toEqual(['05.01.08', '07.18.06']);
    expect(result.reasons.find((r) => r.code === 'classify.weak_signal_other_gruppe')).toMatchObject({ data: { signal: 'learned', nr: '07.18.06', kept: '05.01.08' } });
    // A signal that is fairly sure on its own (support ≥ 0.5) still moves it.
    const sure = createEnsembleClassifier(base(close), [fixedSignal('learned', 0.8, [['07.18.06', 0.9]], { '07.18.06': 0.8 })])(mail(body));
    expect(sure.nr).toBe('07.18.06');
    expect(sure.reasons.some((r) => r.code === 'classify.weak_signal_other_gruppe')).toBe(false);
  });

  it('says when a signal agreed without changing the emne', () => {
    const c = terms('32.30.04', 0.5, [['32.30.04', 30], ['15.17.06', 15]]);
    const result = createEnsembleClassifier(base(c), [fixedSignal('learned', 0.8, [['32.30.04', 0.75]], { '32.30.04': 0.5 })])(mail('syg'));
    expect(result.nr).toBe('32.30.04');
    expect(result.reasons.at(-1)).toMatchObject({ data: { counted: [{ signal: 'learned', support: 0.3, decided: false, without: '32.30.04' }] } });
    expect(result.reasons.at(-1)?.message).toContain('the learned signal added 0.3 and did not change the emne');
  });

  it('keeps valid MeMo metadata as the answer', () => {
    const memo: Classification = { ...terms('32.24.04', 0.95, [['32.24.04', 1]]), source: 'metadata' };
    expect(createEnsembleClassifier(base(memo), [fixedSignal('learned', 0.8, [['32.21.12', 0.99]])])(mail('')).nr).toBe('32.24.04');
  });

  it('does not turn an abstention into an answer on weak support alone', () => {
    const none = terms(null, 0, [['00.14.00', 3]]);
    expect(createEnsembleClassifier(base(none), [fixedSignal('sender', 0.6, [['00.14.00', 0.5]])])(mail('Tak for sidst')).nr).toBeNull();
  });
});

describe('sender history', () => {
  const history = new Map([
    ['domain:laegehuset-noerreaa.dk', new Map([['32.30.04', 7], ['15.17.06', 1]])],
    ['email:lone.hansen@gmail.com', new Map([['28.09.40', 1]])],
  ]);

  it('knows a sender by CVR, address and (not free-mail) domain', () => {
    expect(senderKeys({ idType: 'CVR', id: '6591 6169' })).toEqual(['cvr:65916169']);
    expect(senderKeys({ email: 'Sekretaer@Laegehuset-Noerreaa.dk' })).toEqual(['email:sekretaer@laegehuset-noerreaa.dk', 'domain:laegehuset-noerreaa.dk']);
    expect(senderKeys({ email: 'lone.hansen@gmail.com' })).toEqual(['email:lone.hansen@gmail.com']);
  });

  it('offers the emner a regular sender was confirmed as, smoothed, and never names the address', () => {
    const { candidates } = senderCandidates(history, mail('Lægeerklæring vedlagt', 'sekretaer@laegehuset-noerreaa.dk'));
    expect(candidates.map((c) => [c.nr, c.score])).toEqual([['32.30.04', 0.8], ['15.17.06', 0.2]]);
    expect(JSON.stringify(candidates)).not.toContain('sekretaer');
  });

  it('needs a few confirmed items before a sender counts', () => {
    expect(senderCandidates(history, mail('Spørgsmål om vuggestue')).candidates).toEqual([]);
  });
});

describe('case references', () => {
  const catalog = { isCurrentEmne: (nr: string) => ['27.36.04', '32.24.04'].includes(nr), title: () => undefined };

  it('inherits the KLE of a known case quoted in a reply', () => {
    const { candidates } = caseCandidates(new Map([['2026-004211', '32.24.04']]), catalog, mail('Svar på jeres brev. Jeres ref. 2026-004211. Jeg har nu sendt lønsedlerne.'));
    expect(candidates).toEqual([expect.objectContaining({ nr: '32.24.04', score: 0.9 })]);
  });

  it('reads the KLE of a KLE-shaped case number, and ignores unknown ones', () => {
    expect(caseCandidates(new Map(), catalog, mail('Vedr. sagsnr. 27.36.04-G01-123-26: hjemmehjælp')).candidates.map((c) => c.nr)).toEqual(['27.36.04']);
    expect(caseCandidates(new Map(), catalog, mail('Jeres ref. 2025-999999')).candidates).toEqual([]);
  });
});
