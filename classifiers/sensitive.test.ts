// Fictional letters to the fictional Nørreå Kommune; names and places are made up.
import { describe, expect, it } from 'vitest';
import type { ExtractedAttachment, ExtractedContent } from '../core/model.js';
import { detectSensitiveTopics, KLE_RULES } from './sensitive.js';

function letter(body: string, subject?: string, attachments: ExtractedAttachment[] = []): ExtractedContent {
  return {
    channel: 'email',
    ...(subject !== undefined ? { subject } : {}),
    sender: { email: 'afsender@example.dk', idType: 'EMAIL' },
    recipients: [{ email: 'post@noerreaa.dk', idType: 'EMAIL' }],
    body,
    bodySource: 'plain',
    attachments,
    metadata: {},
    warnings: [],
  };
}

const flagsOf = (body: string, kle: string | null = null, subject?: string) => detectSensitiveTopics(letter(body, subject), kle).flags;
const codes = (result: ReturnType<typeof detectSensitiveTopics>) => result.reasons.map((reason) => reason.code);

const UNDERRETNING = [
  'Underretning vedrørende elev i 4.b – Emil Sørensen',
  '',
  'Nørreå Skole underretter hermed efter barnets lov § 133. Emil møder ofte sulten og uden madpakke,',
  'og han har haft et bekymrende fravær i november. Klasselæreren er bekymret for hans trivsel.',
  'Forældrene er orienteret om underretningen.',
].join('\n');

const LAEGEERKLAERING = [
  'Statuslæge-',
  'erklæring (LÆ 285) til brug for sygedagpengesagen',
  'Patienten er sygemeldt fra 3. november 2026 på grund af ryglidelse.',
  'Forventet varighed 8 uger. Genoptræning er iværksat.',
].join('\n');

const NABOSTOEJ = [
  'Klage over støj fra naboen',
  '',
  'Min nabo i opgang 3 spiller voldsom høj musik hver nat, og jeg har flere gange anmeldt det til politiet.',
  'Jeg beder kommunen se på sagen, da jeg ikke kan sove. Vores børn kan heller ikke sove.',
].join('\n');

const POLITI = [
  'Midt- og Vestjyllands Politi – kvittering for anmeldelse',
  '',
  'Politiet har modtaget din anmeldelse af tyveri af en cykel fra cykelparkeringen ved Nørreå Skole.',
  'En 17-årig er sigtet i sagen. Du vil blive kontaktet, hvis vi har brug for flere oplysninger.',
].join('\n');

const VUGGESTUE = [
  'Spørgsmål om venteliste til vuggestue',
  '',
  'Vores datter Ida på 10 måneder står på venteliste til Solsikken. Vi er lidt bekymrede for, om hun kan',
  'få plads fra 1. marts, da jeg skal starte på arbejde efter barsel. Barnet har en storebror i børnehaven.',
  'Hvor langt er vi på listen?',
].join('\n');

describe('detectSensitiveTopics: realistic letters', () => {
  it("flags a school's underretning as children's welfare", () => {
    const result = detectSensitiveTopics(letter(UNDERRETNING), null);
    expect(result.flags).toEqual(['children']);
    expect(result.reasons).toEqual([
      {
        code: 'sensitive.terms',
        message: expect.stringContaining('"barnets lov"'),
        data: { flag: 'children', strong: ['barnets lov'], weak: ['underretning', 'bekymring'], fields: ['body'] },
      },
    ]);
  });

  it('flags a lægeerklæring for sygedagpenge as health, also in OCR text hyphenated over a line', () => {
    const scan: ExtractedAttachment = { name: 'scan.pdf', mimeType: 'application/pdf', size: 9000, text: LAEGEERKLAERING, textSource: 'ocr', ocr: { pages: 1, meanConfidence: 80 } };
    const result = detectSensitiveTopics(letter('Hermed den ønskede erklæring.', 'Til jobcentret', [scan]), null);
    expect(result.flags).toEqual(['health']);
    expect(result.reasons[0]?.data).toMatchObject({ flag: 'health', strong: ['lægeerklæring', 'sygedagpenge', 'sygemelding', 'genoptræning'], fields: ['ocr'] });
  });

  it("does not flag a neighbour's noise, though it mentions the police, violence's look-alike and children", () => {
    const result = detectSensitiveTopics(letter(NABOSTOEJ), null);
    expect(result.flags).toEqual([]);
    expect(codes(result)).toEqual(['sensitive.terms_too_weak']);
    expect(result.reasons[0]?.data).toMatchObject({ flag: 'criminal', weak: ['politianmeldelse'] });
  });

  it('flags a police letter about a theft as criminal', () => {
    const result = detectSensitiveTopics(letter(POLITI), null);
    expect(result.flags).toEqual(['criminal']);
    expect(result.reasons[0]?.data).toMatchObject({ flag: 'criminal', strong: [], weak: ['politianmeldelse', 'tyveri', 'sigtet'] });
  });

  it('does not flag a daycare waiting-list question', () => {
    const result = detectSensitiveTopics(letter(VUGGESTUE), null);
    expect(result.flags).toEqual([]);
    expect(result.reasons.map((reason) => reason.data?.weak)).toEqual([['bekymring']]);
  });

  it('names only terms in its reasons, never the text around them', () => {
    const text = `${UNDERRETNING}\n${LAEGEERKLAERING}\nHan er diagnosticeret med skizofreni og er dømt for vold.`;
    const result = detectSensitiveTopics(letter(text), '34.10.30');
    expect(result.flags).toEqual(['children', 'health', 'criminal']);
    const said = JSON.stringify(result.reasons);
    for (const detail of ['Emil', 'Sørensen', 'madpakke', 'ryglidelse', 'skizofreni', 'Nørreå']) expect(said).not.toContain(detail);
    expect(said).toContain('navngiven diagnose');
  });
});

describe('detectSensitiveTopics: KLE', () => {
  it.each([
    ['34.10.30', ['children']],
    ['34.25.00', ['children']],
    ['34.15.53', ['children', 'health']],
    ['27.29.05', ['children', 'criminal']],
    ['29.21.04', ['health']],
    ['29', ['health']],
    ['32.30.04', ['health']],
    ['15.17.06', ['health']],
    ['27.57.20', ['health']],
    ['27.12.30', ['health', 'criminal']],
    ['27.12.34', ['criminal']],
  ])('%s → %j', (kle, flags) => {
    const result = detectSensitiveTopics(letter('Hermed min henvendelse.'), kle);
    expect(result.flags).toEqual(flags);
    expect(result.reasons.every((reason) => reason.code === 'sensitive.kle' && reason.data?.kle === kle)).toBe(true);
  });

  it.each(['34.05.10', '29.30.10', '29.03.04', '32.30.08', '15.17.00', '28.09.00', '27.34.00', '290.21.04', 'abc', '', null])(
    'does not flag %j by KLE alone',
    (kle) => {
      expect(detectSensitiveTopics(letter('Hermed min henvendelse.'), kle)).toEqual({ flags: [], reasons: [] });
    },
  );

  it('names the rule that matched', () => {
    const [reason] = detectSensitiveTopics(letter('Hej'), '32.30.04').reasons;
    expect(reason).toEqual({
      code: 'sensitive.kle',
      message: 'KLE 32.30.04 is under 32.30 (dagpenge ved sygdom): health',
      data: { flag: 'health', kle: '32.30.04', rule: '32.30' },
    });
  });

  it('reports KLE and terms side by side', () => {
    expect(codes(detectSensitiveTopics(letter(UNDERRETNING), '34.10.30'))).toEqual(['sensitive.kle', 'sensitive.terms']);
  });

  it('every rule has a well-formed prefix', () => {
    for (const rule of KLE_RULES) expect(rule.prefix).toMatch(/^\d{2}(\.\d{2}){0,2}$/);
  });
});

describe('detectSensitiveTopics: words', () => {
  it.each([
    ['Sagen om anbringelse uden for hjemmet behandles i børne- og ungeudvalget.', 'children'],
    ['Drengen er nu flyttet til en netværksplejefamilie.', 'children'],
    ['Plejefamilien har søgt om tilskud.', 'children'],
    ['Der er iværksat en børnefaglig undersøgelse.', 'children'],
    ['Han blev tvangsfjernet i 2024.', 'children'],
    ['Jeg er sygemeldt med stress.', 'health'],
    ['Jeg er syg og skal til lægen på torsdag.', 'health'],
    ['Hun er i behandling for angst hos en psykolog.', 'health'],
    ['Han blev indlagt på psykiatrisk afdeling.', 'health'],
    ['Vedlagt straffeattest.', 'criminal'],
    ['Min søn sidder fængslet.', 'criminal'],
    ['Han blev domfældt i byretten.', 'criminal'],
  ])('%s → %s', (body, flag) => {
    expect(flagsOf(body)).toEqual([flag]);
  });

  it.each([
    ['Vi har nu afsluttet behandlingen af din ansøgning om byggetilladelse. Behandling af sagen tog 3 uger.'],
    ['Byrådets politiske behandling af lokalplanen sker i december. Se kommunens politik for støj.'],
    ['Ansøgning om anbringelse af container på vejareal foran nr. 12.'],
    ['Min søn er syg i dag og bliver hjemme fra skole.'],
    ['Det var en fængslende forestilling, og applausen var voldsom.'],
    ['Vi har fået en underretning om ændret affaldsafhentning.'],
    ['Barnet skal starte i børnehave 1. april. Vi glæder os.'],
  ])('does not flag an everyday letter: %s', (body) => {
    expect(flagsOf(body)).toEqual([]);
  });

  it('reads the subject and attachment names too', () => {
    expect(flagsOf('Se vedhæftede.', null, 'Straffeattest')).toEqual(['criminal']);
    const named: ExtractedAttachment = { name: 'Lægeerklæring.pdf', mimeType: 'application/pdf', size: 1, text: '', textSource: 'none' };
    expect(detectSensitiveTopics(letter('Se vedhæftede.', undefined, [named]), null).flags).toEqual(['health']);
  });

  it('counts a word once: two weak terms need two different words', () => {
    const result = detectSensitiveTopics(letter('Politiet, politiet og atter politiet.'), null);
    expect(result.flags).toEqual([]);
    expect(result.reasons[0]?.data).toMatchObject({ weak: ['politi'] });
  });
});
