import { describe, expect, it } from 'vitest';
import { DestinationsSchema } from '../adapters/handover/destination-config.js';
import { overdragelseDestinations } from './overdragelse.js';

describe('the overdragelse destinations a work file configures', () => {
  it('carry the receiving system, the facet and includeMemoXml to the hand-over; other kinds are not among them', () => {
    const destinations = DestinationsSchema.parse({
      ESDH: { kind: 'overdragelse', receiverSystemUuid: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99', handlingFacet: 'G01', includeMemoXml: true },
      KY: { kind: 'overdragelse' },
      BYG: { kind: 'folder' },
    });
    const found = overdragelseDestinations({ destinations });
    expect(found.get('ESDH')).toEqual({ receiverSystemUuid: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99', handlingFacet: 'G01', includeMemoXml: true });
    expect(found.get('KY')).toEqual({});
    expect(found.has('BYG')).toBe(false);
  });
});
