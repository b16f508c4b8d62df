// Test letters for the learned model, in citizens' words (fictional): confirmed items to train on, other
// phrasings held out, and scans with OCR errors. Used by the tests next to this file only.
import type { ExtractedContent } from '../../core/model.js';
import type { LabelledContent } from './evaluate.js';

export function letter(subject: string, body: string): ExtractedContent {
  return { channel: 'email', ...(subject ? { subject } : {}), sender: {}, recipients: [], body, bodySource: 'plain', attachments: [], metadata: {}, warnings: [] };
}

export function scanned(body: string, meanConfidence = 70): ExtractedContent {
  return { channel: 'scan', sender: {}, recipients: [], body, bodySource: 'ocr', bodyOcr: { pages: 1, meanConfidence }, attachments: [], metadata: {}, warnings: [] };
}

export const SYGEDAGPENGE = '32.30.04';
export const ROTTER = '09.13.01';
export const BYGGETILLADELSE = '02.34.02';
export const KONTANTHJAELP = '32.24.04';
export const STORSKRALD = '07.18.10';
export const DAGTILBUD = '28.09.40';
export const PARKERINGSAFGIFT = '05.09.04';
export const UNDERRETNING = '34.10.30';

type Phrasing = readonly [subject: string, body: string];

const TRAIN: Record<string, readonly Phrasing[]> = {
  [SYGEDAGPENGE]: [
    ['Sygedagpenge', 'Jeg har været syg siden mandag og vil søge sygedagpenge. Min arbejdsgiver siger, at jeg skal henvende mig til kommunen.'],
    ['Mangler udbetaling', 'Hej. Jeg er sygemeldt fra mit job og har ikke fået mine sygedagpenge for marts. Hvornår bliver de udbetalt?\n\nMvh Henrik Nielsen'],
    ['Sygemelding', 'Jeg brækkede benet for tre uger siden og er sygemeldt. Jeg er ledig og vil gerne have dagpenge under sygdom.'],
    ['Spørgsmål om sygedagpenge', 'Min læge har sagt, at jeg skal være sygemeldt i seks uger mere. Får jeg stadig sygedagpenge efter de første 30 dage?'],
    ['Opfølgningssamtale', 'Jeg har fået brev om en opfølgningssamtale om mine sygedagpenge, men jeg er indlagt på hospitalet og kan ikke komme.'],
    ['Syg - timelønnet', 'Jeg arbejder som timelønnet og har været syg i to uger. Arbejdsgiveren betaler ikke løn under sygdom, så jeg søger sygedagpenge.'],
  ],
  [ROTTER]: [
    ['Rotter i haven', 'Der er rotter i haven ved skuret. Vi har set dem flere gange om aftenen.'],
    ['', 'Hej, jeg vil gerne anmelde rotter. De løber langs hækken og har gravet huller under terrassen.\n\nMvh Lise Andersen, Birkevej 12'],
    ['Rotteanmeldelse', 'Vi har hørt rotter på loftet om natten og fundet ekskrementer i kælderen. Kan I sende en rottefænger?'],
    ['Rotte i køkkenet', 'Der kom en rotte op gennem afløbet i køkkenet i går. Hvad gør vi nu?'],
    ['', 'Naboens kompost tiltrækker rotter, og nu er der rottehuller i vores have. Vi har små børn.'],
    ['Skadedyr', 'Jeg har set en stor rotte ved affaldsspanden i gården. Kan kommunen komme og sætte giftkasser op?'],
  ],
  [BYGGETILLADELSE]: [
    ['Ansøgning om tilladelse til carport og udestue', 'Jeg vil gerne bygge en carport og en udestue på min grund. Tegninger er vedhæftet.'],
    ['Byggetilladelse', 'Skal jeg have byggetilladelse til en tilbygning på 25 m2 til mit parcelhus?'],
    ['', 'Vi har søgt byggetilladelse til en ny garage i Byg og Miljø for to måneder siden. Hvornår får vi svar?'],
    ['Tilbygning', 'Vi ønsker at bygge en tilbygning med et ekstra værelse og har brug for en byggetilladelse. Hvilke tegninger skal vi indsende?'],
    ['Anneks', 'Jeg vil opføre et anneks i haven. Må jeg det uden tilladelse, og hvad er bebyggelsesprocenten for grunden?'],
    ['Ansøgning om byggetilladelse til sommerhus', 'Jeg ansøger om byggetilladelse til et nyt sommerhus. Situationsplan og facadetegninger er vedlagt.'],
  ],
  [KONTANTHJAELP]: [
    ['Kontanthjælp', 'Jeg har mistet mit arbejde og har ingen penge. Kan jeg søge kontanthjælp?'],
    ['', 'Jeg er 32 år og har ingen indtægt. Min kæreste og jeg vil gerne vide, om vi kan få kontanthjælp, når hun har en opsparing.'],
    ['Udbetaling af kontanthjælp', 'Min kontanthjælp er ikke kommet ind på kontoen den første. Hvad er der sket?'],
    ['Hjælp til forsørgelse', 'Jeg er gået fra min mand og har ikke noget at leve af. Jeg har brug for hjælp til forsørgelse, indtil jeg finder arbejde.'],
    ['Ansøgning om kontanthjælp', 'Jeg søger hermed om kontanthjælp. Mine dagpenge fra a-kassen er opbrugt. Cpr.nr. 010190-1234'],
    ['Nedsat kontanthjælp', 'Hvorfor er min kontanthjælp blevet nedsat denne måned? Jeg har ikke fået noget brev om det.'],
  ],
  [STORSKRALD]: [
    ['Storskrald', 'Hvornår bliver der hentet storskrald på Lindevej? Jeg har en gammel sofa og en madras.'],
    ['', 'Jeg har bestilt afhentning af storskrald, men ingen kom i tirsdags. Møblerne står stadig ved vejen.'],
    ['Afhentning af storskrald', 'Kan I hente et køleskab og en vaskemaskine som storskrald? Hvordan bestiller jeg det?'],
    ['Storskrald ikke hentet', 'Vores storskrald blev ikke taget med. Skraldemanden sagde, at madrassen ikke måtte være med.'],
    ['Bestilling af storskraldsafhentning', 'Jeg flytter og har en seng, et skab og nogle reoler, som skal hentes som storskrald.'],
    ['', 'Må man stille elektronik og gamle møbler ud sammen med storskraldet, eller skal det køres på genbrugspladsen?'],
  ],
  [DAGTILBUD]: [
    ['Vuggestueplads', 'Vi vil gerne skrive vores datter op til en vuggestueplads fra august. Hvor lang er ventetiden?'],
    ['', 'Min søn skal starte i vuggestue, når min barsel slutter. Kan vi få plads i vuggestuen tæt på, hvor vi bor?'],
    ['Opsigelse af børnehaveplads', 'Vi flytter til en anden kommune og vil opsige pladsen i børnehaven fra 1. marts.'],
    ['Pasningsgaranti', 'Vi har ikke fået tilbudt en plads i dagtilbud, selvom vi har skrevet vores barn op i god tid. Hvad med pasningsgarantien?'],
    ['Skift fra dagpleje', 'Vi ønsker at flytte vores datter fra dagplejen til en vuggestue i nærheden af vores arbejde.'],
    ['Ansøgning om plads i børnehave', 'Vores dreng fylder tre år i maj og skal overflyttes fra vuggestue til børnehave. Vi ønsker Solsikken.'],
  ],
  [PARKERINGSAFGIFT]: [
    ['Parkeringsafgift', 'Jeg har fået en parkeringsafgift på Torvet, men p-skiven var sat korrekt. Jeg vil gerne klage.'],
    ['Klage over p-afgift', 'Jeg fik en afgift for at holde i en handicapbås, men jeg har et gyldigt parkeringskort. Billede vedlagt.'],
    ['', 'Parkeringsvagten gav mig en afgift, mens jeg læssede varer af foran butikken. Det må være en fejl.'],
    ['Indsigelse mod parkeringsafgift', 'Jeg gør indsigelse mod afgiften. Skiltningen ved parkeringspladsen var dækket af en busk.'],
    ['Parkering', 'Min bil fik en parkeringsafgift, selvom jeg havde betalt i appen. Kvittering vedhæftet.'],
    ['Betaling af parkeringsafgift', 'Hvordan betaler jeg en parkeringsafgift, og hvad sker der, hvis jeg betaler for sent?'],
  ],
  [UNDERRETNING]: [
    ['Underretning', 'Jeg er bekymret for min nabos børn. De er ofte alene hjemme om aftenen og virker sultne.'],
    ['Bekymring for et barn', 'Som pædagog vil jeg underrette om en dreng i vores børnehave, som ofte har blå mærker.'],
    ['', 'Jeg vil gerne lave en underretning om en pige i min datters klasse. Hun fortæller, at hendes far slår hende.'],
    ['Underretning om barn', 'Vi hører tit råb og skrig fra lejligheden ovenover og et lille barn, der græder i timevis.'],
    ['Anonym underretning', 'Jeg ønsker at være anonym. Moren til to små børn drikker meget og passer dem ikke.'],
    ['Skolens underretning', 'Skolen underretter hermed om en elev med stort fravær, som er i mistrivsel og ikke får madpakke med.'],
  ],
};

/** Other phrasings of the same topics, never trained on. */
const HELD_OUT: Record<string, readonly Phrasing[]> = {
  [SYGEDAGPENGE]: [
    ['', 'Jeg er blevet syg med stress, og min arbejdsgiver har stoppet lønnen. Kan jeg få sygedagpenge?'],
    ['Dagpenge ved sygdom', 'Hvornår udbetales sygedagpengene? Jeg har været sygemeldt i en måned.'],
  ],
  [ROTTER]: [
    ['', 'Der løber rotter rundt i kælderen under opgangen, vi har set to i denne uge.'],
    ['Rotter ved åen', 'Mine børn har set rotter ved legepladsen nær åen. Kan der sættes fælder op?'],
  ],
  [BYGGETILLADELSE]: [
    ['', 'Kræver det tilladelse fra kommunen at bygge en overdækket udestue til huset?'],
    ['Garage', 'Jeg påtænker at opføre en dobbeltgarage og vil gerne vide, om der skal søges byggetilladelse.'],
  ],
  [KONTANTHJAELP]: [
    ['', 'Min a-kasse siger, at jeg ikke længere har ret til dagpenge. Kan jeg så få kontanthjælp af kommunen?'],
    ['Økonomisk hjælp', 'Jeg står uden indtægt og kan ikke betale husleje. Kan jeg søge om kontanthjælp?'],
  ],
  [STORSKRALD]: [
    ['Gamle møbler', 'Jeg har en reol og en lænestol, der skal ud. Kan de hentes som storskrald ved huset?'],
    ['', 'Hvilken dag kommer storskraldsbilen i vores område? Vi har et gammelt spisebord og en madras.'],
  ],
  [DAGTILBUD]: [
    ['', 'Hvornår kan vi forvente svar på vores ansøgning om vuggestuepladsen til vores lille pige?'],
    ['Dagtilbud', 'Vi er nye i kommunen og søger plads i dagpleje eller vuggestue til vores søn på 10 måneder.'],
    ['Venteliste', 'Står vores søn stadig på ventelisten til en plads i børnehaven, og hvornår kan han begynde?'],
    ['Plads i dagpleje', 'Vores barn bliver et år i oktober. Kan vi få en dagplejer i nærheden, når barselsorloven slutter?'],
  ],
  [PARKERINGSAFGIFT]: [
    ['Afgift', 'Der sad en parkeringsafgift på forruden i morges, men jeg havde licens til beboerparkering.'],
    ['', 'Jeg vil klage over en p-afgift, jeg fik ved stationen. Parkeringsautomaten virkede ikke.'],
  ],
  [UNDERRETNING]: [
    ['', 'Jeg er bekymret for en dreng i opgangen. Han går alene rundt sent om aftenen og virker forsømt.'],
    ['Bekymring', 'Jeg vil underrette kommunen om et barn, der har fortalt om vold i hjemmet.'],
  ],
};

/** Scanned letters with the errors OCR makes ("l" read as "I", "n" as "u", "e" as "o"). */
export const OCR_NOISY: readonly LabelledContent[] = [
  { nr: SYGEDAGPENGE, content: scanned('Jeg har været syg siden mandag og søger sygedagpeuge. Jeg er sygemeIdt fra mit arbeide.') },
  { nr: ROTTER, content: scanned('Der er rottor i haveu ved skuret og store huIler under terrassen.') },
  { nr: BYGGETILLADELSE, content: scanned('Ansøgning om byggetilladeIse til en tiIbygning. Tegniuger er vedIagt.') },
  { nr: DAGTILBUD, content: scanned('Vi søger en vuggestuepIads til vores datter fra august.') },
];

function labelled(phrasings: Record<string, readonly Phrasing[]>): LabelledContent[] {
  return Object.entries(phrasings).flatMap(([nr, list]) => list.map(([subject, body]) => ({ nr, content: letter(subject, body) })));
}

export const TRAINING: readonly LabelledContent[] = labelled(TRAIN);
export const HELD_OUT_LETTERS: readonly LabelledContent[] = labelled(HELD_OUT);
