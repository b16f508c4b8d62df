import { describe, expect, it } from 'vitest';
import { parseSoap } from './envelope.js';
import {
  listReceiversRequest, listReceiversResponse, parseReceipt, parseSystems, receiptCallbackRequest, receiptCallbackResponse, sendResponse, type ContextEcho,
} from './messages.js';
import { obj, text0, type XmlObject } from './xml.js';

const CVR = '29189404';
const CONTEXT: ContextEcho = {
  transactionId: '11111111-2222-4333-8444-555555555555', distributionTransactionId: '99999999-2222-4333-8444-555555555555',
  senderCvr: CVR, routingCvr: CVR, kle: '32.30.04', handlingFacet: 'G01',
};

function body(xml: string, name: string): XmlObject {
  const parsed = parseSoap(xml);
  if (parsed.kind !== 'body' || parsed.name !== name) throw new Error(`expected ${name}`);
  return parsed.content;
}

describe('FordelingsmodtagerList', () => {
  it('asks for a KLE emne and facet on behalf of the municipality', () => {
    const content = body(listReceiversRequest(CVR, '32.30.04', 'G01'), 'FordelingsmodtagerListRequest');
    expect(text0(obj(content.AuthorityContext).MunicipalityCVR)).toBe(CVR);
    expect(obj(content.Routing)).toEqual({ AfsendendeMyndighed: CVR, RoutingMyndighed: CVR, RoutingKLEEmne: '32.30.04', RoutingHandlingFacet: 'G01' });
    expect(obj(body(listReceiversRequest(CVR, '32.30.04'), 'FordelingsmodtagerListRequest').Routing).RoutingHandlingFacet).toBeUndefined();
  });

  it('reads back the systems the answer lists: none, one, or many', () => {
    const systems = [
      { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD & co', kle: '32.30.*' },
      { uuid: '0b8e4f5a-3d2c-4e1b-8f7a-9c6d5e4f3a02', name: 'DUBU', kle: '34.10.30', handlingFacet: 'G01' },
    ];
    for (const some of [[], systems.slice(0, 1), systems]) {
      expect(parseSystems(body(listReceiversResponse(some, CVR), 'FordelingsmodtagerListResponse'))).toEqual(some);
    }
  });
});

describe('receipts', () => {
  it('reads the technical receipt of a hand-over and echoes its context', () => {
    const content = body(sendResponse({ code: 'MODTAGET', kind: 'Teknisk' }, CONTEXT), 'FordelingsobjektAfsendResponse');
    expect(parseReceipt(content.ForretningsKvittering)).toEqual({ code: 'MODTAGET', kind: 'Teknisk', fejl: [] });
    const context = obj(content.DistributionContext);
    expect(text0(context.AnvenderTransaktionsID)).toBe(CONTEXT.transactionId);
    expect(text0(context.DistributionTransktionsID)).toBe(CONTEXT.distributionTransactionId);
    expect(obj(obj(context.RoutingValg).RoutingKLEEmneHandling)).toEqual({ RoutingKLEEmne: '32.30.04', RoutingHandlingFacet: 'G01' });
  });

  it('carries a business receipt and its reason in the callback, routed to one system when no KLE routed it', () => {
    const receiverUuid = '7a1c9e2d-4b3f-4e5a-8c6d-0f1e2d3c4b5a';
    const { kle: _kle, handlingFacet: _facet, ...byReceiver } = CONTEXT;
    const xml = receiptCallbackRequest({ code: 'AFVIST', kind: 'Forretning', reason: 'Hører ikke til <her>' }, { ...byReceiver, receiverUuid });
    const content = body(xml, 'FordelingskvitteringModtagAnvenderRequest');
    expect(parseReceipt(content.Forretningskvittering)).toEqual({ code: 'AFVIST', kind: 'Forretning', reason: 'Hører ikke til <her>', fejl: [] });
    expect(text0(obj(obj(content.DistributionContext).RoutingValg).RoutingModtagerAktoer)).toBe(receiverUuid);
    expect(text0(obj(content.DistributionContext).AfsendendeMyndighed)).toBe(CVR);
  });

  it('answers a receipt it has taken with the empty FordelingskvitteringModtagAnvenderResponse', () => {
    expect(body(receiptCallbackResponse(), 'FordelingskvitteringModtagAnvenderResponse')).toEqual({});
  });

  it('echoes the DigitalPostMeddelelsesID after the transaction ids, where the XSD puts it', () => {
    const xml = sendResponse({ code: 'MODTAGET', kind: 'Teknisk' }, { ...CONTEXT, digitalPostMessageId: 'f0e1d2c3-0000-4000-8000-000000000001' });
    expect(xml).toMatch(/DistributionTransktionsID>.*<ds2:DigitalPostMeddelelsesID>f0e1d2c3-0000-4000-8000-000000000001<\/ds2:DigitalPostMeddelelsesID><ds2:AfsendendeMyndighed>/);
  });

  it('reads an absent receipt as an empty code, which callers treat as no receipt', () => {
    expect(parseReceipt(undefined)).toEqual({ code: '', kind: '', fejl: [] });
  });
});
