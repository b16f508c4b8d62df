// Is the text Danish? Cheaply, from very common function words: OS2KLE's terms are Danish, and many of
// them are also everyday English words ("test", "problem", "design"), which in an English text say
// nothing about a Danish topic.
import type { Reason } from '../core/model.js';
import type { TextField } from './fields.js';
import { words } from './normalise.js';

export type Language = 'danish' | 'foreign' | 'unknown';

export interface LanguageVerdict {
  language: Language;
  /** Danish function words seen. */
  danish: number;
  /** English or German function words, and words in a non-Latin script, seen. */
  foreign: number;
}

// Only words that are frequent in one language and rare in the others: not "i", "for", "at", "to",
// "by", "is", "have", "it", "min", "der", "den", "en", "et", which Danish shares with English or German.
const DANISH = new Set(
  `og ikke jeg det på med af har vi kan til som fra mig vores hvis skal vil også eller hvad hvor når være
  blev jer dig hej venlig hilsen tak mvh`.split(/\s+/),
);
const FOREIGN = new Set(
  `the and of are was were be been this that with you your has not will would from which what there they
  their its we our please thank thanks hello dear regards should could
  und ist nicht ich sie wir das die ein eine auf bitte`.split(/\s+/),
);
const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}]+$/u;
/** Enough to tell the language by (some 500 words); bounds the work on a long text. */
const CHARS_PER_FIELD = 4000;
/** "Clearly not Danish": foreign markers outnumber Danish ones more than this many times. */
const FOREIGN_RATIO = 2;

function count(fields: readonly TextField[]): LanguageVerdict {
  let danish = 0;
  let foreign = 0;
  for (const field of fields) {
    for (const word of words(field.text.slice(0, CHARS_PER_FIELD))) {
      if (DANISH.has(word)) danish += 1;
      else if (FOREIGN.has(word) || !LATIN_OR_DIGIT.test(word)) foreign += 1;
    }
  }
  const language: Language = danish + foreign === 0 ? 'unknown' : foreign > FOREIGN_RATIO * danish ? 'foreign' : 'danish';
  return { language, danish, foreign };
}

/**
 * Danish unless the function words clearly say otherwise; unknown when there are none at all. The
 * item's own subject and body decide (an English attachment to a Danish letter is still Danish post);
 * attachments only when those are silent. Attachments and subject lines found in a text carry a name.
 */
export function textLanguage(fields: readonly TextField[]): LanguageVerdict {
  const own = count(fields.filter((field) => field.name === undefined));
  return own.language === 'unknown' ? count(fields) : own;
}

/** Why the terms of a text that is not recognisably Danish count for less; undefined for Danish. */
export function languageReason(verdict: LanguageVerdict): Reason | undefined {
  if (verdict.language === 'danish') return undefined;
  const data = { danishWords: verdict.danish, foreignWords: verdict.foreign };
  return verdict.language === 'foreign'
    ? {
        code: 'classify.not_danish',
        message: `the text is not Danish (${verdict.foreign} English or German function words and non-Latin words against ${verdict.danish} Danish function words): its words are weak evidence`,
        data,
      }
    : { code: 'classify.language_unknown', message: 'no function word tells the language of the text: its words are weak evidence', data };
}
