// Small builders of extracted content and classifications for the routing tests.
import type { Classification, ExtractedContent } from '../core/model.js';

export function email(subject: string | undefined, overrides: Partial<ExtractedContent> = {}): ExtractedContent {
  return {
    channel: 'email',
    ...(subject !== undefined ? { subject } : {}),
    sender: { email: 'karen.holm@gmail.com', idType: 'EMAIL', name: 'Karen Holm' },
    recipients: [{ email: 'post@noerreaa.dk', idType: 'EMAIL' }],
    body: 'Kære Nørreå Kommune\n\nVenlig hilsen\nKaren Holm',
    bodySource: 'plain',
    attachments: [],
    metadata: {},
    warnings: [],
    ...overrides,
  };
}

export function classifiedAs(nr: string | null, confidence = nr === null ? 0 : 0.9): Classification {
  return {
    nr,
    confidence,
    source: nr === null ? 'none' : 'classifier',
    candidates: nr === null ? [] : [{ nr, score: confidence, reasons: [] }],
    reasons: [],
  };
}
