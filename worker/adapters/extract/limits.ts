// Bounds for every extractor. Defaults are generous for real post and tight enough that hostile input
// is rejected before it costs much memory or time (measurements in README.md in this folder).

export interface ExtractLimits {
  /** Largest .eml accepted, in bytes. */
  maxEmailBytes: number;
  /** Largest MeMo file accepted, in bytes (base64 documents inside are streamed to the blob store). */
  maxMemoBytes: number;
  /** Largest scanning-bureau sidecar accepted, in bytes. */
  maxSidecarBytes: number;
  /**
   * Largest XML structure handed to the XML parser: the document without its big base64 contents.
   * fast-xml-parser needs ~0.5 s and ~150 MB per MB of dense markup, so this is kept small.
   */
  maxXmlStructureBytes: number;
  /** Deepest XML element nesting accepted. */
  maxXmlDepth: number;
  /** Most attachments (or MeMo documents) per item, nested ones included; the rest are skipped. */
  maxAttachments: number;
  /** Deepest nesting of attached messages (message/rfc822) that is opened. */
  maxMessageDepth: number;
  /** Longest text kept for the body and for each attachment, in characters. */
  maxTextChars: number;
  /** Longest HTML converted to text, in characters. */
  maxHtmlChars: number;
  /** Time allowed for parsing one MIME message (stall guard; parsing itself is linear). */
  parseTimeoutMs: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  // Files up to 250 MB arrive from sending systems; base64 makes the message ~37 % bigger. Parsing streams,
  // so the limit bounds disk and time, not memory.
  maxEmailBytes: 400 * 1024 * 1024,
  maxMemoBytes: 400 * 1024 * 1024,
  maxSidecarBytes: 1024 * 1024,
  maxXmlStructureBytes: 2 * 1024 * 1024,
  maxXmlDepth: 64,
  maxAttachments: 100,
  maxMessageDepth: 3,
  maxTextChars: 2_000_000,
  maxHtmlChars: 10_000_000,
  parseTimeoutMs: 120_000,
};

export function resolveLimits(limits: Partial<ExtractLimits> = {}): ExtractLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
