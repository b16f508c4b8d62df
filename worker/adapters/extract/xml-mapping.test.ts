import { describe, expect, it } from 'vitest';
import { MAX_FACTS_PER_MAPPING, parseXmlMappings } from './xml-mapping.js';

// A new scanning bureau, a sender's AdditionalContentData and OIOUBL invoices, as an operator writes them.
const SIDECAR = {
  id: 'skanning-vest',
  appliesTo: 'sidecar',
  document: { namespace: 'urn:example:skanningvest:3', root: 'Leverance' },
  facts: [
    { name: 'sagsnummer', path: 'Brev/Sag/@nummer', type: 'string' },
    { name: 'sider', path: 'Brev/@sider', type: 'integer' },
  ],
};
const MEMO = {
  id: 'ydelsesdata',
  appliesTo: 'memo-additional-content',
  contentDataType: 'Ydelse',
  facts: [{ name: 'ydelse', contentDataName: 'Ydelsestype', type: 'string' }],
};
const INVOICE = {
  id: 'oioubl-faktura',
  appliesTo: 'xml-attachment',
  document: { namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', root: 'Invoice' },
  namespaces: {
    cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
    cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  },
  facts: [
    { name: 'fakturanummer', path: 'cbc:ID', type: 'string' },
    { name: 'leverandoerCvr', path: 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID', type: 'cvr' },
  ],
};

const withFact = (fact: Record<string, unknown>) => ({ ...SIDECAR, facts: [fact] });

describe('parseXmlMappings', () => {
  it('accepts the three kinds of mapping as configuration (JSON round trip)', () => {
    const mappings = [SIDECAR, MEMO, INVOICE];
    expect(parseXmlMappings(JSON.parse(JSON.stringify(mappings)))).toEqual(mappings);
    expect(parseXmlMappings([])).toEqual([]);
  });

  it.each([
    [[SIDECAR, MEMO, { ...INVOICE, facts: [{ name: 'x', path: '/Invoice/cbc:ID', type: 'string' }] }], /xmlMappings\[2\]\.facts\[0\]\.path: element names below the root/],
    [[withFact({ name: 'sider', path: 'Brev/@sider', type: 'heltal' })], /xmlMappings\[0\]\.facts\[0\]\.type: unknown type; use one of string, number, .* list-of-kle/],
    [[withFact({ name: 'flag', path: 'Brev/@flag', type: 'list-of-boolean' })], /facts\[0\]\.type: unknown type/],
    [[withFact({ name: 'sags.nummer', path: 'Brev/Sag/@nummer', type: 'string' })], /xmlMappings\[0\]\.facts\[0\]\.name: a letter or "_" followed by/],
    [[withFact({ name: 'løbenummer', path: 'Brev/@nr', type: 'string' })], /facts\[0\]\.name: /],
    [[withFact({ name: '__proto__', path: 'Brev/@nr', type: 'string' })], /facts\[0\]\.name: /],
    [[withFact({ name: 'x', path: 'Brev/Sag/@nummer/@x', type: 'string' })], /facts\[0\]\.path: /],
    [[withFact({ name: 'x', path: 'Brev/Sag/@a:nummer', type: 'string' })], /facts\[0\]\.path: /],
    [[withFact({ name: 'x', path: 'sv:Brev/sv:Sag', type: 'string' })], /xmlMappings\[0\]\.facts\[0\]\.path: the prefix "sv" is not declared in `namespaces`/],
    [[withFact({ name: 'x', type: 'string' })], /xmlMappings\[0\]\.facts\[0\]\.path: /],
    [[withFact({ name: 'x', path: 'Brev', type: 'string', default: 'y' })], /xmlMappings\[0\]\.facts\[0\]: Unrecognized key: "default"/],
    [[{ ...SIDECAR, facts: [...SIDECAR.facts, { name: 'sagsnummer', path: 'Brev/@sag', type: 'string' }] }], /xmlMappings\[0\]\.facts\[2\]\.name: duplicate fact name "sagsnummer": this mapping gives it too/],
    [[SIDECAR, { ...MEMO, facts: [{ name: 'sagsnummer', contentDataName: 'Sag', type: 'string' }] }], /xmlMappings\[1\]\.facts\[0\]\.name: duplicate fact name "sagsnummer": mapping "skanning-vest" gives it too/],
    [[SIDECAR, { ...INVOICE, id: 'skanning-vest' }], /xmlMappings\[1\]\.id: "skanning-vest" is also the id of xmlMappings\[0\]/],
    [[{ ...SIDECAR, appliesTo: 'attachment' }], /xmlMappings\[0\]\.appliesTo: unknown appliesTo; use one of sidecar, xml-attachment, memo-additional-content/],
    [[{ ...SIDECAR, document: { namespace: 'urn:x', root: 'sv:Leverance' } }], /xmlMappings\[0\]\.document\.root: the root element's name without prefix/],
    [[{ ...SIDECAR, document: undefined }], /xmlMappings\[0\]\.document: /],
    [[{ ...SIDECAR, facts: [] }], /xmlMappings\[0\]\.facts: a mapping gives at least one fact/],
    [[{ ...MEMO, facts: [{ name: 'ydelse', path: 'Ydelsestype', type: 'string' }] }], /xmlMappings\[0\]\.facts\[0\]\.contentDataName: .*; xmlMappings\[0\]\.facts\[0\]: Unrecognized key: "path"/],
    [[{ ...MEMO, facts: [{ name: 'ydelse', contentDataName: '  ', type: 'string' }] }], /facts\[0\]\.contentDataName: /],
    [[{ ...SIDECAR, id: 'Skanning Vest' }], /xmlMappings\[0\]\.id: lower-case letters/],
    [[{ ...SIDECAR, facts: Array.from({ length: MAX_FACTS_PER_MAPPING + 1 }, (_, i) => ({ name: `f${i}`, path: 'Brev', type: 'string' })) }], /xmlMappings\[0\]\.facts: at most 100 facts/],
    [{ id: 'x' }, /xmlMappings: /],
  ])('names the field that is wrong (%#)', (input, message) => {
    expect(() => parseXmlMappings(input)).toThrow(message);
  });

  it('lists every problem, not just the first', () => {
    const input = [withFact({ name: 'a b', path: '/x', type: 'tal' })];
    expect(() => parseXmlMappings(input)).toThrow(/facts\[0\]\.name: .*; .*facts\[0\]\.path: .*; .*facts\[0\]\.type: /);
  });
});
