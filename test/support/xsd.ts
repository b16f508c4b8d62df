// The test oracle for the SF2900 wire format: libxml2's XSD validator against KOMBIT's official contract
// files (sf2900/xsd/). The validator itself lives in tools/sf2900-schema/, because the FK emulator uses the
// same judge at run time; this file keeps the oracle's test-facing API (async, as the tests await it).
import { expect } from 'vitest';
import { validateEnvelope as validateNow, type SchemaResult } from '../../tools/sf2900-schema/validator.js';

export type { SchemaResult };

/** Validates a rendered SOAP envelope (text or bytes as sent) against the SF2900 DistributionService schemas. */
export async function validateEnvelope(xml: string | Uint8Array): Promise<SchemaResult> {
  return validateNow(xml);
}

/** Asserts that the envelope is schema-valid, showing libxml2's messages when it is not. */
export async function expectValid(xml: string | Uint8Array): Promise<void> {
  const result = await validateEnvelope(xml);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}
