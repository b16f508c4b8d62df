// The emulator's gate, as the real service has one: every incoming request is validated by KOMBIT's
// XSDs (the shared libxml2 validator in tools/sf2900-schema/) before any behaviour runs, and a request
// that fails gets the fault the service gives — soap:Client with a TransportKvittering FEJL whose FejlListe
// carries the validator's messages. The messages name elements, never values (a value may be a CPR
// number or a whole document), are capped in number and length, and drop the namespace URIs.
import { transportFault, type Fejl } from '../../sf2900/index.js';
import { maskCpr } from '../../worker/adapters/overdragelse/client.js';
import { validateEnvelope } from '../sf2900-schema/validator.js';

export const SCHEMA_FAULT_REASON = 'Anmodningen overholder ikke skemaet';
export const SCHEMA_FAULT_CODE = 'Skemavalidering';
const MAX_FEJL = 10;
const MAX_TEXT = 300;

/** The fault to answer, or undefined when the request is schema-valid. */
export function schemaFault(body: Uint8Array): string | undefined {
  const result = validateEnvelope(body);
  if (result.valid) return undefined;
  return transportFault('Client', SCHEMA_FAULT_REASON, fejlFrom(result.errors));
}

export function fejlFrom(errors: string[]): Fejl[] {
  const shown = errors.slice(0, MAX_FEJL).map((message) => ({ kode: SCHEMA_FAULT_CODE, tekst: withoutValues(message) }));
  if (errors.length > MAX_FEJL) shown.push({ kode: SCHEMA_FAULT_CODE, tekst: `… og ${errors.length - MAX_FEJL} fejl mere` });
  return shown.length ? shown : [{ kode: SCHEMA_FAULT_CODE, tekst: 'Ukendt skemafejl' }];
}

/** libxml2's message with the offending value cut out: "Element 'X': [facet 'pattern'] The value is not accepted …". */
export function withoutValues(message: string): string {
  const text = message
    .replace(/\{[a-z][a-z0-9+.-]*:[^}]*\}/gi, '') // {namespace URI}Name → Name
    .replace(/The value '[\s\S]*?'(?= is not | has )/g, 'The value')
    .replace(/(Element '[^']*': )'[\s\S]*?'(?= is not a valid value)/g, '$1The value')
    .replace(/\s+/g, ' ')
    .trim();
  return maskCpr(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
}
