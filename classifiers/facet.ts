// The handlingsfacet: what kind of action a letter asks for (aktindsigt, klage, ansøgning …), beside
// the emne it is about. The procedure, not the topic, often decides where a letter goes: a request for
// aktindsigt in a neighbour's building case belongs to whoever handles aktindsigt, not to the building
// department. The words come from general knowledge of Danish administrative language (the names of the
// procedures and their inflections), not from any corpus. Pure: no I/O.
import type { HandlingFacet, Reason } from '../core/model.js';
import { textFields, type TextField } from './fields.js';
import type { ExtractedContent } from '../core/model.js';
import { normaliseText } from './normalise.js';

export type FacetKind = HandlingFacet['kind'];

interface FacetDefinition {
  kind: FacetKind;
  /** Staff-facing name. */
  name: string;
  /**
   * KLE's handlingsfacet code, where KL's own guidance names one: KLE's guidance on aktindsigt
   * (kle-online.dk, "Vejledning i brug af KLE til aktindsigtssager") journalises a concrete request for
   * aktindsigt with the emne + facet A53, and a complaint about a decision with facet K02 (a klage that
   * names no decision — noise from a neighbour — gets no code). For the others
   * no machine-readable KLE facet list was available, so no code is guessed: null (never handed over).
   */
  code: string | null;
  /** Word patterns on normalised (lower-cased, aa→å) text; each names the procedure itself. */
  patterns: RegExp[];
}

// \p{L}* lets an inflection or compound ending follow ("aktindsigtsanmodning", "klagen", "ansøgningen").
export const FACETS: readonly FacetDefinition[] = [
  {
    kind: 'aktindsigt',
    name: 'Aktindsigt',
    code: 'A53',
    patterns: [
      /(?<!\p{L})(?:parts|sags)?aktindsigt\p{L}*/gu,
      /(?<!\p{L})(?:sagsindsigt|indsigtsanmodning|indsigtsbegæring)\p{L}*/gu,
      /(?<!\p{L})(?:indsigt|kopi) i (?:sagen|sagens|mine|min|de|alle|dokumenter)(?!\p{L})/gu,
      /(?<!\p{L})(?:begæring|anmodning) om indsigt(?!\p{L})/gu,
    ],
  },
  {
    kind: 'klage',
    name: 'Klage',
    code: 'K02',
    patterns: [
      /(?<!\p{L})(?:på)?klage(?:n|r|rne|s|t|de|sag|sagen|skrivelse|skrivelsen)?(?!\p{L})/gu,
      /(?<!\p{L})(?:på)?klager? (?:over|hermed)(?!\p{L})/gu,
      /(?<!\p{L})anke(?:n|r)?(?!\p{L})/gu,
    ],
  },
  {
    kind: 'indsigelse',
    name: 'Indsigelse',
    code: null,
    patterns: [/(?<!\p{L})indsigelse(?:n|r|rne)?(?!\p{L})/gu, /(?<!\p{L})gør(?:e)? indsigelse(?!\p{L})/gu],
  },
  {
    kind: 'ansoegning',
    name: 'Ansøgning',
    code: null,
    patterns: [
      /(?<!\p{L})ansøgning(?:en|er|erne|sskema|sskemaet)?(?!\p{L})/gu,
      /(?<!\p{L})(?:an)?søge(?:r|s)? (?:om|hermed)(?!\p{L})/gu,
      /(?<!\p{L})ansøgt om(?!\p{L})/gu,
    ],
  },
  {
    kind: 'anmeldelse',
    name: 'Anmeldelse',
    code: null,
    patterns: [/(?<!\p{L})anmeldelse(?:n|r|rne)?(?!\p{L})/gu, /(?<!\p{L})anmelde(?:r|s)?(?!\p{L})/gu, /(?<!\p{L})anmeldt(?!\p{L})/gu],
  },
  {
    kind: 'partshoering',
    name: 'Partshøring',
    code: null,
    patterns: [/(?<!\p{L})partshøring\p{L}*/gu, /(?<!\p{L})høringssvar\p{L}*/gu],
  },
];

export interface FacetOptions {
  /** Below this confidence the facet is not named (a single passing mention in an attachment is not enough). */
  minConfidence?: number;
}

/**
 * The municipality's own boilerplate quoted back in a reply ("Du kan klage over afgørelsen …",
 * "Klagevejledning") names a procedure the writer is not asking for: such lines are left out.
 */
const BOILERPLATE = /(?:klagevejledning|(?:du|de|I) kan (?:på)?klage|kan (?:på)?klages|kan søge om aktindsigt|ret til aktindsigt)/iu;

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** A field's text without boilerplate lines, normalised. */
function readable(field: TextField): string {
  return normaliseText(
    field.text
      .split(/\r?\n/)
      .filter((line) => !BOILERPLATE.test(line))
      .join('\n'),
  );
}

interface Evidence {
  score: number;
  reasons: Reason[];
  /** A klage about a decision (afgørelse, afslag …): only that is KLE's K02; a klage over noise is not. */
  aboutDecision?: boolean;
}

const DECISION = /(?<!\p{L})(?:afgørelse\p{L}*|afslag\p{L}*|beslutning\p{L}*|påklage\p{L}*|anke\p{L}*)/u;

function fieldLabel(field: TextField): string {
  return field.name ? `${field.kind} (${field.name})` : field.kind;
}

/** Each facet's score: per field, its weight if any pattern is found there (once per field: repetition is one fact). */
function collect(fields: readonly TextField[]): Map<FacetKind, Evidence> {
  const found = new Map<FacetKind, Evidence>();
  for (const field of fields) {
    const text = readable(field);
    const inField = FACETS.map((facet) => ({ facet, words: facet.patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0])) }));
    // "Klage over afslag på aktindsigt" is a klage (KLE's guidance: facet K02): where a field names a
    // klage, the procedure complained about does not count as a facet of its own.
    const complaint = inField.some(({ facet, words }) => facet.kind === 'klage' && words.length > 0);
    for (const { facet, words } of inField) {
      if (words.length === 0 || (complaint && facet.kind !== 'klage')) continue;
      const entry = found.get(facet.kind) ?? { score: 0, reasons: [] };
      entry.score += field.weight;
      if (facet.kind === 'klage' && DECISION.test(text)) entry.aboutDecision = true;
      const unique = [...new Set(words)].slice(0, 3);
      entry.reasons.push({
        code: 'classify.facet_word',
        message: `${unique.map((w) => `"${w}"`).join(', ')} found in ${fieldLabel(field)}`,
        data: { facet: facet.kind, words: unique, field: field.kind, ...(field.name ? { fieldName: field.name } : {}), weight: round(field.weight) },
      });
      found.set(facet.kind, entry);
    }
  }
  return found;
}

/**
 * The handlingsfacet of a letter, or null with a reason when it names none or is unsure. Confidence
 * grows with the weight of where the words were found (the subject says most, poor OCR least) and
 * falls when another facet is named as strongly ("klage over afslag på aktindsigt" is mostly a klage).
 */
export function detectFacet(content: ExtractedContent, options: FacetOptions = {}): { facet: HandlingFacet | null; reasons: Reason[] } {
  const minConfidence = options.minConfidence ?? 0.45;
  const found = collect(textFields(content));
  const ranked = [...found.entries()].sort((a, b) => b[1].score - a[1].score);
  const [top, second] = ranked;
  if (!top) return { facet: null, reasons: [] };
  const [kind, evidence] = top;
  const strength = 1 - Math.exp(-evidence.score / 1.2);
  const share = evidence.score / (evidence.score + (second?.[1].score ?? 0));
  const confidence = round(strength * share);
  const known = FACETS.find((f) => f.kind === kind)!;
  // A complaint about noise or a neighbour names the topic's own emne, not KLE's facet for complaints about decisions.
  const definition = kind === 'klage' && !evidence.aboutDecision ? { ...known, code: null } : known;
  if (confidence < minConfidence) {
    return {
      facet: null,
      reasons: [
        {
          code: 'classify.facet_unsure',
          message: `handlingsfacet not named: ${definition.name.toLowerCase()} is only weakly indicated (confidence ${confidence})`,
          data: { facet: kind, confidence, ...(second ? { other: second[0] } : {}) },
        },
      ],
    };
  }
  const reasons: Reason[] = [
    {
      code: 'classify.facet',
      message: `handlingsfacet ${definition.name}${definition.code ? ` (${definition.code})` : ''}, confidence ${confidence}`,
      data: { facet: kind, code: definition.code, confidence, ...(second ? { other: second[0], otherScore: round(second[1].score) } : {}) },
    },
    ...evidence.reasons,
  ];
  return { facet: { kind, code: definition.code, name: definition.name, confidence, reasons: evidence.reasons }, reasons };
}
