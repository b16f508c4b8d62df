// The item and the world of the stage-crash test: an e-mail with a scanned PDF (so it goes through the
// ocr queue), a scan reader that needs OCR for text, a fixed classifier and router, and a receiver that,
// like SF2900, takes each transaction id once however often it is called.
import type { Classification } from '../../core/model.js';
import type { Clock, DocumentTextExtractor, Handover, HandoverRequest, Router } from '../../core/ports.js';

/** The receiver: every call is seen; a transaction id it already took is acknowledged, not taken again. */
export function receiver(clock: Clock) {
  const calls: HandoverRequest[] = [];
  const accepted: string[] = [];
  const handover: Handover = {
    async deliver(request) {
      calls.push(request);
      if (!accepted.includes(request.transactionId)) accepted.push(request.transactionId);
      return { code: 'MODTAGET', reference: 'KY-2026-0042', at: clock.now() };
    },
  };
  return { calls, accepted, handover };
}

/** PDFs are scans: without OCR they report a page to OCR, with OCR they have text. */
export const scannedDocuments: DocumentTextExtractor = {
  async extractText(_doc, options) {
    if (options?.ocr === false) return { text: '', source: 'none', pages: 1, warnings: [], ocrPagesNeeded: 1 };
    return { text: 'Lejekontrakt Algade 12, boligstøtte', source: 'ocr', pages: 1, ocrConfidence: 88, warnings: [] };
  },
};

export const classification: Classification = {
  nr: '32.06.08',
  confidence: 0.91,
  source: 'classifier',
  candidates: [
    { nr: '32.06.08', title: 'Boligstøtte', score: 0.91, reasons: [{ code: 'classify.term', message: 'boligstøtte' }] },
    { nr: '32.06.00', score: 0.4, reasons: [] },
  ],
  reasons: [{ code: 'classify.top', message: 'Bedste emne' }],
};

export const router: Router = {
  version: 'crash-1',
  destinations: ['Ydelse'],
  route: async () => ({ status: 'routed', destination: 'Ydelse', ruleId: 'kle-32-06', ruleSetVersion: 'crash-1', reasons: [{ code: 'route.rule_matched', message: 'kle-32-06' }], trace: [] }),
  destinationForKle: () => ({ destination: 'Ydelse', ruleId: 'kle-32-06' }),
};

export const MAIL = [
  'From: =?utf-8?q?S=C3=B8ren?= <soeren@example.dk>',
  'To: post@norrea.dk',
  'Subject: =?utf-8?q?Ans=C3=B8gning_om_boligst=C3=B8tte?=',
  'Message-ID: <crash-1@example.dk>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Jeg søger om boligstøtte. Lejekontrakten er vedhæftet.',
  '--b1',
  'Content-Type: application/pdf; name="lejekontrakt.pdf"',
  'Content-Disposition: attachment; filename="lejekontrakt.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4\n% scanned page\n').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

export async function* once(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}
