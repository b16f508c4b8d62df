// Runs pdf-child.mjs in a short-lived child process with a heap limit and an inactivity timeout,
// and turns its replies and failures into specific BadInputError/LimitExceededError codes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';

export interface PdfChildLimits {
  /** Kill the child when it sends nothing for this long (per page while rendering). */
  timeoutMs: number;
  /** V8 heap of the child; native canvas memory is bounded by rendering few pages per child. */
  heapMb: number;
}

export interface PdfPageText {
  num: number;
  text: string;
  /** Page size in points (1/72 inch). */
  width: number;
  height: number;
}

type Reply =
  | { type: 'text'; total: number; pages: PdfPageText[]; maxRssKb: number }
  | { type: 'page'; num: number; pgm: Uint8Array }
  | { type: 'done'; maxRssKb: number }
  | { type: 'error'; name: string; message: string };

type Request =
  | { op: 'text'; path: string; maxPages: number }
  | { op: 'render'; path: string; pages: number[]; scale: number; maxPixels: number };

const childPath = fileURLToPath(new URL('./pdf-child.mjs', import.meta.url));

function toError(reply: { name: string; message: string }): BadInputError {
  if (reply.name === 'PasswordException') return new BadInputError('pdf_encrypted', 'PDF is password-protected');
  return new BadInputError('pdf_malformed', `PDF could not be read: ${reply.message}`, { parser: reply.name });
}

/** Sends one request; `onReply` sees every reply; resolves on the final one (`text` or `done`). */
function runChild(request: Request, limits: PdfChildLimits, onReply: (reply: Reply) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(childPath, [], {
      execArgv: [`--max-old-space-size=${limits.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve();
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => settle(new LimitExceededError('pdf_timeout', `PDF parser made no progress for ${limits.timeoutMs} ms`)),
        limits.timeoutMs,
      );
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4_000) stderr += chunk.toString('utf8');
    });
    child.on('message', (reply: Reply) => {
      arm();
      if (reply.type === 'error') return settle(toError(reply));
      try {
        onReply(reply);
      } catch (error) {
        return settle(error as Error);
      }
      if (reply.type === 'text' || reply.type === 'done') settle();
    });
    child.on('error', (error) => settle(error));
    // 'close' (not 'exit'): it comes after the IPC channel has delivered every message.
    child.on('close', (code, signal) => {
      if (/heap out of memory|Allocation failed/i.test(stderr)) {
        settle(new LimitExceededError('pdf_memory_limit', `PDF parser exceeded its memory limit (${limits.heapMb} MB heap)`));
      } else {
        settle(new BadInputError('pdf_parser_crashed', `PDF parser stopped unexpectedly (${signal ?? `exit ${code}`})`));
      }
    });
    arm();
    child.send(request);
  });
}

/** The text layer of the first `maxPages` pages, parsed out of process. */
export async function readPdfText(
  path: string,
  maxPages: number,
  limits: PdfChildLimits,
): Promise<{ total: number; pages: PdfPageText[]; maxRssKb: number }> {
  let result = { total: 0, pages: [] as PdfPageText[], maxRssKb: 0 };
  await runChild({ op: 'text', path, maxPages }, limits, (reply) => {
    if (reply.type === 'text') result = { total: reply.total, pages: reply.pages, maxRssKb: reply.maxRssKb };
  });
  return result;
}

export interface RenderOptions {
  dpi: number;
  /** Pages declared larger are rendered at a lower resolution to stay within this many pixels. */
  maxPixels: number;
}

/** Renders `pages` (1-based) to greyscale PGM in one child; `onPage` is called per page as it arrives. */
export async function renderPdfPagesWithPdfjs(
  path: string,
  pages: number[],
  render: RenderOptions,
  limits: PdfChildLimits,
  onPage: (num: number, pgm: Uint8Array) => void,
): Promise<{ maxRssKb: number }> {
  const request = { op: 'render' as const, path, pages, scale: render.dpi / 72, maxPixels: render.maxPixels };
  let maxRssKb = 0;
  await runChild(request, limits, (reply) => {
    if (reply.type === 'page') onPage(reply.num, reply.pgm);
    if (reply.type === 'done') maxRssKb = reply.maxRssKb;
  });
  return { maxRssKb };
}
