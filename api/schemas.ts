// The API's request and response shapes as zod schemas: Fastify validates requests and serializes
// responses with them (fastify-type-provider-zod) and the OpenAPI 3.1 document is generated from them, so
// the document cannot drift from what the routes do. Dates travel as ISO 8601 strings.
import { z } from 'zod';
import { ITEM_STATES } from '../core/lifecycle.js';
import { ReasonSchema, RuleTraceSchema } from '../core/outcomes.js';

export const ChannelSchema = z.enum(['email', 'digitalpost', 'scan']);
export const ItemStateSchema = z.enum(ITEM_STATES);
export const ItemIdParams = z.object({ id: z.string().min(1).max(100).describe('Forsendelsens id (uuid)') });
const IsoDate = z.string().describe('ISO 8601');
const KlePrefix = z.string().regex(/^\d\d(\.\d\d){0,2}$/, 'KLE: NN, NN.NN eller NN.NN.NN');
const Destination = z.string().min(1).max(100);
const KleEmne = z.string().regex(/^\d\d\.\d\d\.\d\d$/, 'KLE-emne: NN.NN.NN');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('`next` fra forrige side'),
});

export const ItemListQuery = PageQuery.extend({
  state: ItemStateSchema.optional(),
  channel: ChannelSchema.optional(),
  destination: Destination.optional(),
  kle: KlePrefix.optional(),
  sender: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  q: z.string().min(1).max(200).optional().describe('Fritekst: dansk ordsøgning (bøjninger) og trigram på emne og afsender'),
});

export const ItemSummarySchema = z.object({
  id: z.string(),
  channel: ChannelSchema,
  state: ItemStateSchema,
  fileName: z.string().describe('CPR-numre maskeret'),
  subject: z.string().nullable().describe('CPR-numre maskeret'),
  sender: z.string().nullable(),
  kleNr: z.string().nullable(),
  kleConfidence: z.number().nullable(),
  destination: z.string().nullable(),
  sensitive: z.array(z.string()),
  receivedAt: IsoDate,
  stateChangedAt: IsoDate,
});

export const ItemPageSchema = z.object({ items: z.array(ItemSummarySchema), next: z.string().nullable() });

export const SuggestionViewSchema = z.object({ rank: z.number().int(), kle: z.string(), title: z.string().optional(), score: z.number(), destination: z.string().nullable() });
export const RestItemSchema = ItemSummarySchema.extend({ suggestions: z.array(SuggestionViewSchema).max(3) });
export const RestPageSchema = z.object({ items: z.array(RestItemSchema), next: z.string().nullable() });

export const ItemDetailSchema = z.object({
  item: ItemSummarySchema.extend({ source: z.string(), size: z.number(), round: z.number().int(), error: ReasonSchema.nullable() }),
  classification: z
    .object({
      nr: z.string().nullable(),
      confidence: z.number(),
      source: z.string(),
      candidates: z.array(z.object({ nr: z.string(), title: z.string().optional(), score: z.number(), reasons: z.array(ReasonSchema) })),
      sensitive: z.array(z.string()),
      facet: z.object({ name: z.string(), code: z.string().nullable(), confidence: z.number() }).nullable().optional(),
      reasons: z.array(ReasonSchema),
    })
    .nullable(),
  route: z
    .object({
      status: z.string(),
      destination: z.string().nullable(),
      ruleId: z.string().nullable(),
      ruleSetVersion: z.string().nullable(),
      manual: z.boolean(),
      by: z.string().nullable(),
      trace: z.array(RuleTraceSchema),
      suggestions: z.array(SuggestionViewSchema),
      reasons: z.array(ReasonSchema),
      explanation: z.string().describe('Forklaringen som tekst (som `fordeler explain`)'),
    })
    .nullable(),
  timeline: z.array(z.object({ stage: z.string(), type: z.string(), at: IsoDate, data: z.record(z.string(), z.unknown()).optional() })),
});

export const ItemTextSchema = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  bodySource: z.string().nullable(),
  attachments: z.array(z.object({ name: z.string(), mimeType: z.string().nullable(), textSource: z.string().nullable(), text: z.string().nullable() })),
});

export const AcceptBody = z.object({ suggestion: z.number().int().min(1).max(3).describe('Forslagets nummer, 1–3') });
export const PlaceBody = z.object({ destination: Destination, kle: KleEmne.optional() });
export const BulkBody = z.object({
  items: z
    .array(z.union([z.object({ id: z.string().min(1).max(100), suggestion: z.number().int().min(1).max(3) }), z.object({ id: z.string().min(1).max(100), destination: Destination, kle: KleEmne.optional() })]))
    .min(1)
    .max(100),
});
export const RedistributedSchema = z.object({
  id: z.string(),
  status: z.enum(['redistributed', 'already_recorded']),
  from: z.string().nullable().optional(),
  to: z.string().optional(),
  round: z.number().int().optional(),
  kle: z.string().nullable().optional(),
});
export const BulkResultSchema = z.object({
  results: z.array(z.object({ id: z.string(), status: z.enum(['redistributed', 'already_recorded', 'not_found', 'refused']), problem: z.string().optional() })),
});

export const FailedItemSchema = ItemSummarySchema.extend({ stage: z.string().nullable(), failedAt: IsoDate.nullable(), error: ReasonSchema.nullable() });
export const FailedPageSchema = z.object({ items: z.array(FailedItemSchema), next: z.string().nullable() });
export const RetriedSchema = z.object({ id: z.string(), state: ItemStateSchema, queued: z.boolean() });

export const AccessLogQuery = z.object({
  actor: z.string().min(1).max(200).optional(),
  item: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'uuid').optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});
export const AccessEntrySchema = z.object({
  id: z.number().int(),
  at: IsoDate,
  actor: z.string(),
  actorName: z.string(),
  via: z.string(),
  action: z.string(),
  itemId: z.string().nullable(),
  shown: z.array(z.string()),
  purpose: z.string().nullable(),
  requestId: z.string().nullable(),
});
export const AccessLogPageSchema = z.object({ entries: z.array(AccessEntrySchema) });

/** Who may not know whether an id exists: shared by the per-item routes. */
export const PurposeQuery = z.object({ purpose: z.string().min(1).max(200).optional().describe('Formål med opslaget (ellers X-Purpose)') });
