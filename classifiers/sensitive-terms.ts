// The tables behind sensitive-topic detection (classifiers/sensitive.ts): which KLE emner and which
// Danish terms, strong or weak, point at children's welfare, health or criminal matters.
import type { Reason } from '../core/model.js';

export type SensitiveFlag = 'children' | 'health' | 'criminal';

export interface SensitiveTopics {
  /** In the order children, health, criminal; each at most once. */
  flags: SensitiveFlag[];
  reasons: Reason[];
}

export const FLAGS: readonly SensitiveFlag[] = ['children', 'health', 'criminal'];
export const FLAG_NAMES: Record<SensitiveFlag, string> = {
  children: "children's and young people's welfare",
  health: 'health',
  criminal: 'criminal matters',
};

export interface KleRule {
  prefix: string;
  flag: SensitiveFlag;
  why: string;
  except?: string[];
}

export const KLE_RULES: readonly KleRule[] = [
  { prefix: '34', flag: 'children', why: 'hjælp og støtte efter barnets lov', except: ['34.05'] },
  { prefix: '27.29', flag: 'children', why: 'ungdomskriminalitet' },
  { prefix: '27.29', flag: 'criminal', why: 'ungdomskriminalitet' },
  { prefix: '27.25.12', flag: 'children', why: 'individuel kriminalpræventiv indsats (SSP)' },
  { prefix: '27.25.12', flag: 'criminal', why: 'individuel kriminalpræventiv indsats (SSP)' },
  { prefix: '29', flag: 'health', why: 'sundhed', except: ['29.00.04', '29.03', '29.06', '29.30'] },
  { prefix: '32.30', flag: 'health', why: 'dagpenge ved sygdom', except: ['32.30.08', '32.30.10', '32.30.16'] },
  { prefix: '15.17.06', flag: 'health', why: 'sygedagpengeopfølgning' },
  { prefix: '15.17.18', flag: 'health', why: 'rehabilitering' },
  { prefix: '15.17.22', flag: 'health', why: 'ressourceforløb' },
  { prefix: '15.17.26', flag: 'health', why: 'jobafklaringsforløb' },
  { prefix: '32.15.40', flag: 'health', why: 'bidrag i forbindelse med sygdom' },
  { prefix: '32.16.40', flag: 'health', why: 'bidrag i forbindelse med sygdom' },
  { prefix: '27.51', flag: 'health', why: 'behandling efter serviceloven' },
  { prefix: '27.57.20', flag: 'health', why: 'særlige pladser på psykiatrisk afdeling' },
  { prefix: '27.60.36', flag: 'health', why: 'hastigt fremadskridende sygdom' },
  { prefix: '27.63.04', flag: 'health', why: 'pasning af nærtstående med alvorlig sygdom' },
  { prefix: '27.12.26', flag: 'health', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '27.12.30', flag: 'health', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '34.15.53', flag: 'health', why: 'lægelig undersøgelse og behandling uden samtykke' },
  { prefix: '14.07.07', flag: 'health', why: 'helbredsundersøgelser' },
  { prefix: '81.28', flag: 'health', why: 'sygdom og fravær, personale' },
  { prefix: '81.29', flag: 'health', why: 'arbejdsskader og erhvervssygdomme, personale' },
  { prefix: '27.12.26', flag: 'criminal', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '27.12.30', flag: 'criminal', why: 'politi, socialforvaltning og psykiatri (PSP)' },
  { prefix: '27.12.34', flag: 'criminal', why: 'kriminalforsorg, socialforvaltning og politi (KSP)' },
  { prefix: '27.12.38', flag: 'criminal', why: 'exit-programmer' },
  { prefix: '27.69.36', flag: 'criminal', why: 'kriminalpræventivt tilsyn' },
  { prefix: '32.03.56', flag: 'criminal', why: 'udgifter ved fængsling' },
  { prefix: '34.15.57', flag: 'criminal', why: 'ungdomssanktion' },
  { prefix: '34.15.65', flag: 'criminal', why: 'udslusning af løsladte unge' },
  { prefix: '14.07.08', flag: 'criminal', why: 'straffesager' },
];

export type Strength = 'strong' | 'weak';

/**
 * [label, pattern, excluded words]. A pattern is words separated by spaces (a phrase), each word
 * alternatives separated by "|", "*" standing for any letters at the start or end; "~" lets up to
 * three other words stand between two words of a phrase.
 */
export type TermSpec = readonly [label: string, pattern: string, not?: string];

export const TERMS: Record<SensitiveFlag, Record<Strength, readonly TermSpec[]>> = {
  children: {
    strong: [
      ['underretningspligt', 'underretningspligt*|underretningssag*'],
      ['børnefaglig undersøgelse', 'børnefaglig*|ungefaglig*'],
      ['tvangsfjernelse', 'tvangsfjern*|tvangsanbring*'],
      ['anbringelse uden for hjemmet', 'anbring*|anbragt* uden for hjemmet'],
      ['anbringelsessted', 'anbringelsessted*|anbringelsessag*|akutanbring*|døgnanbring*|netværksanbring*'],
      ['plejefamilie', '*plejefamilie*|plejebarn*|plejebørn*|plejeforæld*|plejemor*|plejefar|plejefaren|plejefars'],
      ['omsorgssvigt', 'omsorgssvigt*'],
      ['mistrivsel', 'mistrivsel*|mistrives|mistrivedes'],
      ['døgninstitution', 'døgninstitution*|familiebehandling*'],
      ['børne- og ungeudvalget', 'børne og ungeudvalg*'],
      ['barnets lov', 'barnets lov|loven|lovs'],
      ['forældrepålæg', 'forældrepålæg*|børnepålæg*|ungepålæg*'],
      ['børnesamtale', 'børnesamtale*'],
      ['ungdomskriminalitetsnævnet', 'ungdomskriminalitetsnævn*'],
    ],
    weak: [
      ['underretning', 'underretning*'],
      ['anbringelse', 'anbring*|anbragt*'],
      ['bekymring', 'bekymr*'],
      ['familieafdelingen', 'familieafdeling*|familieafsnit*|børnerådgiv*|familierådgiv*'],
      ['aflastning', 'aflastning*'],
      ['støtteperson', 'støtteperson*'],
      ['skolefravær', 'skolefravær*'],
      ['udsatte børn', 'udsat|udsatte barn|barnet|børn|børnene|unge'],
    ],
  },
  health: {
    strong: [
      ['lægeerklæring', '*lægeerklæring*|*lægeattest*'],
      ['diagnose', 'diagnos*'],
      ['psykiatri', 'psykiat*'],
      ['sygemelding', 'sygemeld*'],
      ['sygedagpenge', '*sygedagpenge*'],
      ['genoptræning', 'genoptræning*'],
      ['epikrise', 'epikrise*|patientjournal*|lægejournal*|journaloplysning*'],
      ['speciallæge', 'speciallæge*'],
      ['helbredsoplysninger', 'helbredsoplysning*|helbredsmæssig*|uarbejdsdygtig*'],
      ['navngiven diagnose', 'kræft*|cancer*|depression*|depressiv*|demens*|dement|demente|adhd|autisme*|autist*|epilepsi*|sklerose*|diabetes|parkinson*|skizofreni*|bipolar*|angstlidelse*|spiseforstyrrelse*'],
      ['misbrugsbehandling', 'stofmisbrug*|alkoholmisbrug*|misbrugsbehandling*|alkoholbehandling*|misbrugscent*'],
    ],
    weak: [
      ['syg', 'syg|syge|sygt|sygere|sygeste'],
      ['sygdom', 'sygdom*'],
      ['læge', 'læge|lægen|lægens|læger|lægerne|lægelig*|lægebesøg*|lægetid*|praktiserende'],
      ['hospital', 'hospital*|sygehus*|indlæggelse*|indlagt|indlagte|skadestue*'],
      ['medicin', 'medicin*'],
      ['behandling', 'behandling for'],
      ['behandling', 'i behandling'],
      ['behandling', 'behandlingsforløb*|behandlingsplan*'],
      ['operation', 'operation|operationen|opereret|opereres'],
      ['fysioterapi', 'fysioterap*'],
      ['psykolog', 'psykolog*'],
      ['handicap', 'handicap*|funktionsnedsættelse*'],
      ['sygepleje', 'sygepleje*|sundhedspleje*'],
      ['graviditet', 'gravid*|graviditet*'],
      ['patient', 'patient|patienten|patientens|patienter|patienterne'],
      ['helbred', 'helbred|helbredet|helbreds'],
      ['misbrug', 'misbrug|misbruget|misbruger*'],
      ['smerter', 'smerte|smerter|smerterne'],
      ['arbejdsskade', 'arbejdsskade*'],
    ],
  },
  criminal: {
    strong: [
      ['straffeattest', 'straffeattest*|politiattest*'],
      ['fængsel', 'fængsel*|fængsl*|varetægt*', 'fængslende*'],
      ['dom', 'dømt|dømte|domfæld*|domsudskrift*|fængselsdom*|straffedom*'],
      ['dom', 'betinget|ubetinget dom|dommen'],
      ['sigtelse', 'sigtelse*'],
      ['tiltale', 'tiltale|tiltalen|tiltalt|tiltalte|tiltalerejst*|anklageskrift*'],
      ['anholdelse', 'anholdt|anholdte|anholdelse*'],
      ['vold', 'vold|volden|voldelig*|voldsudøv*|voldsoffer*|voldsofre*|partnervold*|voldsepisode*', 'voldsom*'],
      ['forbrydelse', 'voldtægt*|røveri*|drab|drabet|narkotikakriminalitet*'],
      ['kriminalforsorgen', 'kriminalforsorg*'],
      ['ungdomskriminalitet', 'ungdomskriminalitet*'],
      ['straffesag', 'straffesag*|strafferet*|straffelov*'],
    ],
    weak: [
      // "anmeldt det til politiet" is common in a noise complaint: one weak term, not two.
      ['politianmeldelse', 'anmeld* ~ politi|politiet'],
      ['politianmeldelse', 'politi|politiet ~ anmeld*'],
      ['politi', 'politi|politiet|politiets|politibetjent*|politimand|politimanden|politimænd*|politikreds*|politistation*|politiassistent*'],
      ['politianmeldelse', 'politianmeld*'],
      ['anmeldelse', 'anmeld*'],
      ['tyveri', 'tyveri*|indbrud*|stjål*|stjæle*'],
      ['sigtet', 'sigtet'],
      ['dom', 'dom|domme|dommene'],
      ['straf', 'straf|straffen|straffe|strafbar*|strafansvar*|bødeforlæg*'],
      ['kriminalitet', 'kriminel*|kriminalitet*'],
      ['anklage', 'anklage*'],
      ['retten', 'retsmøde*|byret*|landsret*|dommer|dommeren|grundlovsforhør*'],
      ['gerningsmand', 'gerningsmand*|gerningsperson*|forurettede|forurettet'],
      ['narkotika', 'narkotika*|narko|hash|kokain'],
      ['børneattest', 'børneattest*'],
      ['hærværk', 'hærværk*'],
    ],
  },
};
