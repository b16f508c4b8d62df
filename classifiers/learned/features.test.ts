import { describe, expect, it } from 'vitest';
import { normaliseText } from '../normalise.js';
import { describeFeature, FEATURE_SETTINGS, featureKey, featuresOf } from './features.js';
import { letter, scanned } from './letters.fixture.js';

const keys = (subject: string, body: string): string[] => [...featuresOf(letter(subject, body)).keys()];
const words = (subject: string, body: string): string[] => keys(subject, body).filter((key) => key.startsWith('w:'));

describe('learned features: words', () => {
  it('stems Danish words, keeps æ, ø and å and lower-cases them', () => {
    expect(words('', 'Jeg søger Sygedagpenge og Kontanthjælp. Rødgrød med fløde!')).toEqual(['w:flød', 'w:kontanthjælp', 'w:rødgrød', 'w:sygedagpeng', 'w:søg']);
  });

  it('leaves out function words and greetings', () => {
    const found = words('', 'Hej. Jeg har været syg, og det er ikke så godt. Med venlig hilsen');
    expect(found).toEqual(['w:godt', 'w:syg']);
  });

  it('folds aa to å exactly where the project normaliser does', () => {
    expect(normaliseText('Aabenraa')).toBe('åbenrå');
    expect(keys('', 'Rotter ved Aabenraa Aa')).toEqual(keys('', 'Rotter ved Åbenrå Å'));
  });

  it('joins a word hyphenated over a line break', () => {
    expect(words('', 'Jeg søger sygedag-\npenge.')).toContain('w:sygedagpeng');
    expect(words('', 'Jeg søger sygedag-\npenge.')).not.toContain('w:sygedag');
  });

  it('drops numbers, CPR numbers, phone numbers, e-mail addresses and links', () => {
    const found = keys(
      'Sag 2024-00123',
      'CPR 010190-1234, cpr.nr.0101901234, cpr0101901234, tlf. 12 34 56 78, skriv til lise.andersen@example.dk eller se https://example.dk/sag/77. Jeg har rotter.',
    );
    expect(found.filter((key) => /\d/.test(key))).toEqual([]);
    expect(found.filter((key) => /andersen|example|https/.test(key))).toEqual([]);
    expect(found).toContain('w:rot');
  });

  it('pairs neighbouring words, with function words left out, but not across a sentence end', () => {
    const found = keys('', 'Ansøgning om tilladelse til carport. Udestue ønskes også.');
    expect(found).toContain('b:tillad carport');
    expect(found).toContain('b:ansøgning tillad');
    expect(found).not.toContain('b:carport udestu');
  });
});

describe('learned features: 4-letter pieces of long words', () => {
  it('cuts a long compound into pieces inside the word only', () => {
    const found = keys('', 'vuggestuepladsen rotte');
    const pieces = found.filter((key) => key.startsWith('c:'));
    expect(pieces).toEqual(['vugg', 'ugge', 'gges', 'gest', 'estu', 'stue', 'tuep', 'uepl', 'epla', 'plad', 'lads', 'adse', 'dsen'].map((p) => `c:${p}`).sort());
    // "rotte" is shorter than six letters, and no piece spans the space.
    expect(pieces.some((key) => /rott|sen /.test(key))).toBe(false);
  });

  it('shares most pieces between a word and its OCR misreading', () => {
    const clean = keys('', 'sygedagpenge').filter((key) => key.startsWith('c:'));
    const noisy = new Set(keys('', 'sygedagpeuge').filter((key) => key.startsWith('c:')));
    expect(clean.filter((key) => noisy.has(key)).length).toBeGreaterThanOrEqual(6);
    expect(noisy.has('w:sygedagpeng')).toBe(false);
  });

  it('names features readably', () => {
    expect(describeFeature(featureKey('chars', 'plad'))).toEqual({ kind: 'chars', text: 'plad' });
    expect(describeFeature('b:tillad carport')).toEqual({ kind: 'bigram', text: 'tillad carport' });
  });
});

describe('learned features: values', () => {
  it('counts a subject word twice as much as a body word', () => {
    const subject = featuresOf(letter('Rotter', '')).get('w:rot');
    const body = featuresOf(letter('', 'Rotter')).get('w:rot');
    expect(subject).toBeCloseTo(Math.log1p(2), 2);
    expect(body).toBeCloseTo(Math.log1p(1), 2);
  });

  it('grows sub-linearly with repetition and stops at the cap', () => {
    const value = (times: number) => featuresOf(letter('', 'rotter '.repeat(times))).get('w:rot') ?? 0;
    expect(value(3)).toBeCloseTo(Math.log1p(3), 2);
    expect(value(3)).toBeLessThan(3 * value(1));
    expect(value(1000)).toBe(FEATURE_SETTINGS.maxValue);
  });

  it('trusts a poor scan less than a clean one', () => {
    const text = 'Der er rotter i haven ved skuret | ~~ aeN | : | rer AR';
    expect(featuresOf(scanned(text, 35)).get('w:rot') ?? 0).toBeLessThan(featuresOf(letter('', text)).get('w:rot') ?? 0);
  });

  it('keeps values on the 1/1024 grid so counts add up exactly', () => {
    for (const value of featuresOf(letter('Vuggestueplads', 'Vi søger en vuggestueplads til vores datter.')).values()) {
      expect(Number.isInteger(value * 1024)).toBe(true);
    }
  });

  it('bounds the number of features per item, keeping the strongest', () => {
    // A long text of distinct made-up words: far more features than the cap.
    const syllables = ['ba', 'ke', 'lo', 'mu', 'ni', 'ra', 'se', 'to', 'vy', 'dø'];
    const made = Array.from({ length: 3000 }, (_, i) => [...String(i).padStart(4, '0')].map((d) => syllables[Number(d)]).join(''));
    const features = featuresOf(letter('Storskrald', made.join(' ')));
    expect(features.size).toBe(FEATURE_SETTINGS.maxFeatures);
    expect(features.has('w:storskrald')).toBe(true);
    expect(featuresOf(letter('Storskrald', made.join(' ')), { maxFeatures: 10 }).size).toBe(10);
  });

  it('is deterministic: the same item gives the same features in the same order', () => {
    const content = letter('Parkeringsafgift', 'Jeg har fået en parkeringsafgift på Torvet, men p-skiven var sat korrekt.');
    expect([...featuresOf(content)]).toEqual([...featuresOf(structuredClone(content))]);
    const order = [...featuresOf(content).keys()];
    expect(order).toEqual([...order].sort());
  });
});
