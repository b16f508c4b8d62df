// Writes the large-file benchmark's e-mail: a building case ("byggesag") with one big PDF of drawings.
// Streamed to disk piece by piece — the point of the benchmark is memory, so the generator must not
// hold the message (or the attachment) whole either.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface BenchEmail {
  path: string;
  /** Size and sha256 of the whole .eml: the IMAP phase checks the stored blob against them. */
  bytes: number;
  sha256: string;
  /** Size and sha256 of the decoded PDF: the extract phase checks the attachment blob against them. */
  attachmentBytes: number;
  attachmentSha256: string;
  messageId: string;
  subject: string;
}

export const BENCH_SUBJECT = 'Byggesag 2026-1234: tegninger og bilag – Nørregade 12';

// 57 input bytes are one 76-character base64 line (RFC 2045's maximum).
const BYTES_PER_LINE = 57;
const PAD_CHUNK = 1024 * 1024;
const IMAGE_WIDTH = 4096;

export async function writeBenchEmail(path: string, attachmentBytes: number): Promise<BenchEmail> {
  const stamp = `${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
  const messageId = `<byggesag-2026-1234.${stamp}@noergaard-arkitekter.test>`;
  const boundary = `=_fordeler_bench_${stamp}`;
  const emailHash = createHash('sha256');
  const pdfHash = createHash('sha256');
  let emailBytes = 0;
  let pdfBytes = 0;

  const head = [
    'From: =?UTF-8?B?' + Buffer.from('Nørgaard Arkitekter ApS').toString('base64') + '?= <tegnestue@noergaard-arkitekter.test>',
    'To: Byggesagsafdelingen <jobcenter@noerreaa.test>',
    `Subject: =?UTF-8?B?${Buffer.from(BENCH_SUBJECT).toString('base64')}?=`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Kære byggesagsafdeling',
    '',
    'Hermed tegninger og bilag til ansøgningen om byggetilladelse for Nørregade 12 (byggesag 2026-1234).',
    'Facadetegningerne er samlet i én PDF, da portalen ikke kunne modtage så store filer.',
    '',
    'Med venlig hilsen',
    'Søren Østergaard, Nørgaard Arkitekter ApS',
    `--${boundary}`,
    'Content-Type: application/pdf; name="tegninger-2026-1234.pdf"',
    'Content-Disposition: attachment; filename="tegninger-2026-1234.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');

  function* pdf(): Generator<Buffer> {
    for (const piece of drawingsPdf(attachmentBytes)) {
      pdfHash.update(piece);
      pdfBytes += piece.length;
      yield piece;
    }
  }

  function* email(): Generator<Buffer> {
    yield Buffer.from(head, 'utf8');
    yield* base64Lines(pdf());
    yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
  }

  const counted = function* (): Generator<Buffer> {
    for (const piece of email()) {
      emailHash.update(piece);
      emailBytes += piece.length;
      yield piece;
    }
  };
  await pipeline(Readable.from(counted()), createWriteStream(path));
  return {
    path,
    bytes: emailBytes,
    sha256: emailHash.digest('hex'),
    attachmentBytes: pdfBytes,
    attachmentSha256: pdfHash.digest('hex'),
    messageId,
    subject: BENCH_SUBJECT,
  };
}

/** Base64 in 76-character CRLF lines, carrying the bytes that do not fill a line over to the next piece. */
function* base64Lines(pieces: Iterable<Buffer>): Generator<Buffer> {
  let rest = Buffer.alloc(0);
  for (const piece of pieces) {
    const data = rest.length > 0 ? Buffer.concat([rest, piece]) : piece;
    const whole = data.length - (data.length % BYTES_PER_LINE);
    rest = Buffer.from(data.subarray(whole));
    const encoded = data.subarray(0, whole).toString('base64');
    const lines: string[] = [];
    for (let at = 0; at < encoded.length; at += 76) lines.push(encoded.slice(at, at + 76));
    if (lines.length > 0) yield Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
  }
  if (rest.length > 0) yield Buffer.from(`${rest.toString('base64')}\r\n`, 'latin1');
}

/**
 * A valid one-page PDF of about `totalBytes`: a text layer (so no OCR is wanted) and a large greyscale
 * image standing in for the scanned drawings. The page never draws the image, and text extraction
 * never decodes it, so its bytes only need to be there; one random chunk is repeated to fill it.
 */
function* drawingsPdf(totalBytes: number): Generator<Buffer> {
  const height = Math.max(1, Math.floor((totalBytes - 4096) / IMAGE_WIDTH));
  const imageBytes = IMAGE_WIDTH * height;
  // WinAnsiEncoding is latin1 for the Danish letters, so the content stream is written as latin1.
  const text = 'BT /F1 20 Tf 72 520 Td (Byggesag 2026-1234: tegninger og bilag) Tj 0 -30 Td (Facadetegning A101, Nørregade 12, 8000 Nørreå) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const offsets: number[] = [];
  let at = 0;
  const emit = (chunk: string): Buffer => {
    const bytes = Buffer.from(chunk, 'latin1');
    at += bytes.length;
    return bytes;
  };
  yield emit('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n');
  for (const [index, body] of objects.entries()) {
    offsets.push(at);
    yield emit(`${index + 1} 0 obj\n${body}\nendobj\n`);
  }
  offsets.push(at);
  yield emit(`6 0 obj\n<< /Type /XObject /Subtype /Image /Width ${IMAGE_WIDTH} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${imageBytes} >>\nstream\n`);
  const noise = randomBytes(PAD_CHUNK);
  for (let left = imageBytes; left > 0; left -= PAD_CHUNK) {
    const piece = left >= PAD_CHUNK ? noise : noise.subarray(0, left);
    at += piece.length;
    yield piece;
  }
  yield emit('\nendstream\nendobj\n');
  const xrefAt = at;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  yield emit(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
}
