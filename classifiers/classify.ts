// The first KLE classifier: trusted channel metadata, else OS2KLE terms and emne titles found in the text
// (with a Danish dictionary: also through compound parts and the heads of compound terms).
import type { Classification, ExtractedContent, KleCandidate, Reason } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { textFields } from './fields.js';
import { createKleCatalog, groupOf, type KleCatalog, type KleData } from './kle-catalog.js';
import { languageReason, textLanguage, type Language, type LanguageVerdict } from './language.js';
import { readMetadataKle, type FormToKle, type MetadataSignal } from './metadata.js';
import { dropChanceMatches, gateConfidence, ocrQualityOf, type OcrQuality } from './ocr-gate.js';
import { emnePrior } from './prior.js';
import { confidenceOf, rankEmner, type RankedEmne, type RankOptions } from './rank.js';
import type { Lexicon } from './morphology/index.js';
import { matchTerms } from './term-matcher.js';
import { independentEvidence, isLongWord, isPhrase, scoreTerms, termReasons, type TermScores } from './term-scorer.js';
import { compileTermIndex, type ExtraTerms } from './terms.js';

export interface KleClassifierOptions extends Partial<RankOptions> {
  /** Below this emne score the text says too little: abstain. */
  minScore?: number;
  /** Confidence of a current emne from channel metadata that the text supports (less when it does not). */
  metadataConfidence?: number;
  /** Text confidence from which a metadata emne the text does not support at all is overruled. */
  overruleConfidence?: number;
  maxCandidates?: number;
  /** Vocabulary beside OS2KLE's terms and the emne titles (a tenant's own words); none by default. */
  extraTerms?: ExtraTerms;
  /**
   * Danish dictionary stems (worker/adapters/kle-data.ts loadDanishLexicon): compound terms also index
   * their heads, and compounds in the text are split where both parts are words. Without it, compound
   * parts are found by length only.
   */
  lexicon?: Lexicon;
  /**
   * Highest confidence for a text that is not recognisably Danish. Below overruleConfidence, so such a
   * text never overrules MeMo metadata.
   */
  foreignConfidence?: number;
  /** Weight of single words and compound parts, against phrases, in a text that is not Danish. */
  foreignWordFactor?: number;
  /** FORM task key → KLE emner, for MeMo FORMdata without KLEdata. */
  formToKle?: FormToKle;
}

const DEFAULTS: Required<Omit<KleClassifierOptions, 'lexicon'>> = {
  groupWeight: 0.5,
  hintBoost: 0.5,
  strengthScale: 60,
  minScore: 3,
  metadataConfidence: 0.95,
  overruleConfidence: 0.3,
  maxCandidates: 10,
  extraTerms: [],
  foreignConfidence: 0.25,
  foreignWordFactor: 0.25,
  formToKle: new Map(),
};
/** A weight this low is an ordinary OS2KLE term; one of them alone, outside the subject, is not evidence. */
const WEAK_WEIGHT = 5;

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

function candidate(catalog: KleCatalog, ranked: RankedEmne): KleCandidate {
  return { nr: ranked.nr, title: catalog.title(ranked.nr), score: round(ranked.score), reasons: termReasons(ranked.contributions) };
}

/**
 * Whether a text not known to be Danish says enough for an answer. A phrase does: its words agree in
 * order, as a stray English word cannot. When there are no function words to tell the language by,
 * so will two independent terms or a long word ("pladsanvisning"), which is most likely Danish; in
 * a text known to be English, "installation" is English.
 */
function enoughBeyondDanish(top: RankedEmne, language: Language, evidence: number): boolean {
  const found = top.contributions.filter((c) => !c.match.term.generic).map((c) => c.match);
  if (found.some(isPhrase)) return true;
  return language === 'unknown' && (evidence >= 2 || found.some(isLongWord));
}

/** One weak word in the body ("bad" from "jeg bad om") is not enough to name a topic. */
function tooLittle(top: RankedEmne, scores: TermScores): boolean {
  return scores.termsFound <= 1 && top.contributions.every((c) => c.weight <= WEAK_WEIGHT && c.match.field !== 'subject');
}

export function createKleClassifier(data: KleData, options: KleClassifierOptions = {}): KleClassifier {
  const settings = { ...DEFAULTS, ...options };
  const catalog = createKleCatalog(data);
  const index = compileTermIndex(catalog, settings.extraTerms, options.lexicon);
  const prior = (nr: string): number => emnePrior(catalog, nr);

  /** A current metadata emne, unless the text contradicts it outright. */
  function fromMetadata(signal: Extract<MetadataSignal, { kind: 'emne' }>, ranked: RankedEmne[], text: Classification): Classification {
    const group = groupOf(signal.nr);
    const supported = ranked.slice(0, settings.maxCandidates).some((entry) => groupOf(entry.nr) === group);
    const reasons = [...signal.reasons];
    if (!supported && text.nr !== null && text.confidence >= settings.overruleConfidence) {
      reasons.push({
        code: 'classify.metadata_kle_overruled',
        message: `the text does not support MeMo KLE ${signal.nr} at all and clearly points at ${text.nr}`,
        data: { subjectKey: signal.nr, nr: text.nr, confidence: text.confidence },
      });
      return { ...text, reasons: [...reasons, ...text.reasons] };
    }
    const own: KleCandidate = { nr: signal.nr, title: catalog.title(signal.nr), score: 1, reasons: signal.reasons };
    const others = text.candidates.filter((entry) => entry.nr !== signal.nr);
    return {
      nr: signal.nr,
      confidence: supported ? settings.metadataConfidence : round(settings.metadataConfidence * 0.85),
      source: 'metadata',
      candidates: [own, ...others].slice(0, settings.maxCandidates),
      reasons,
    };
  }

  /** A gruppe key and no usable text: its "i almindelighed" emne, weakly. */
  function fromGroupHint(prefix: string, reasons: Reason[], candidates: KleCandidate[]): Classification | undefined {
    const general = `${prefix}.00`;
    if (prefix.length !== 5 || !catalog.isCurrentEmne(general)) return undefined;
    reasons.push({ code: 'classify.metadata_group_general', message: `no text evidence; using ${general} of the MeMo gruppe ${prefix}`, data: { nr: general } });
    return { nr: general, confidence: 0.3, source: 'metadata', candidates, reasons };
  }

  function fromText(ranked: RankedEmne[], scores: TermScores, language: LanguageVerdict, reasons: Reason[], ocr: OcrQuality | undefined): Classification {
    const candidates = ranked.slice(0, settings.maxCandidates).map((entry) => candidate(catalog, entry));
    const top = ranked[0];
    const abstain = (reason: Reason): Classification => {
      reasons.push(reason);
      return { nr: null, confidence: 0, source: 'none', candidates, reasons };
    };
    if (!top || tooLittle(top, scores)) {
      return abstain({
        code: 'classify.no_evidence',
        message: top ? 'only one weak term found in the text; abstaining' : 'no KLE term of substance found in the text; abstaining',
        data: { termsFound: scores.termsFound },
      });
    }
    const evidence = independentEvidence(top.contributions);
    const unsure = languageReason(language);
    if (unsure) reasons.push(unsure);
    // In English "test" is a test: single words of a text that may not be Danish are only suggestions.
    if (unsure && !enoughBeyondDanish(top, language.language, evidence)) {
      return abstain({
        code: 'classify.words_of_other_language',
        message: 'the matched words may be words of another language, not Danish terms; the candidates are suggestions',
        data: { nr: top.nr, independentEvidence: evidence },
      });
    }
    reasons.push({
      code: 'classify.terms',
      message: `${top.nr} (${catalog.title(top.nr)}) has the strongest term evidence`,
      data: { nr: top.nr, emneScore: round(top.emneScore, 1), groupScore: round(top.groupScore, 1), termsFound: scores.termsFound, independentEvidence: evidence },
    });
    let confidence = confidenceOf(ranked, evidence, settings.strengthScale);
    if (unsure) confidence = Math.min(confidence, settings.foreignConfidence);
    if (ocr) {
      const gate = gateConfidence(confidence, top.contributions, ocr);
      confidence = gate.confidence;
      if (gate.reason) reasons.push(gate.reason);
    }
    return { nr: top.nr, confidence, source: 'classifier', candidates, reasons };
  }

  return (content: ExtractedContent): Classification => {
    const signal = readMetadataKle(content.metadata, catalog, settings.formToKle);
    const fields = textFields(content);
    const language = textLanguage(fields);
    // Poor OCR: short words found only in garbage are chance, and what rests on it is less certain.
    const ocr = ocrQualityOf(content);
    const found = ocr ? dropChanceMatches(matchTerms(index, fields), ocr) : { matches: matchTerms(index, fields), reasons: [] };
    const scores = scoreTerms(found.matches, prior, language.language === 'foreign' ? settings.foreignWordFactor : 1);
    const hint = signal.kind === 'hint' ? signal.prefix : undefined;
    const ranked = rankEmner(scores, settings, hint).filter((entry) => entry.emneScore >= settings.minScore);
    const text = fromText(ranked, scores, language, [...(signal.kind === 'emne' ? [] : signal.reasons), ...found.reasons], ocr);
    if (signal.kind === 'emne') return fromMetadata(signal, ranked, text);
    if (text.nr === null && hint !== undefined) return fromGroupHint(hint, text.reasons, text.candidates) ?? text;
    return text;
  };
}
