import type { Reason } from './model.js';

/**
 * Bad input: the item itself is malformed, encrypted, too big, … Retrying cannot help, so the item
 * is parked with this reason instead of failing. `code` is stable (e.g. `pdf_encrypted`).
 */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  constructor(
    readonly code: string,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }

  toReason(stage: string): Reason {
    return { code: `${stage}.${this.code}`, message: this.message, ...(this.data ? { data: this.data } : {}) };
  }
}

/** A limit was exceeded (time, size, pixels, pages). Also bad input: the item is parked with the limit. */
export class LimitExceededError extends BadInputError {}

export function isBadInput(error: unknown): error is BadInputError {
  return error instanceof BadInputError;
}

/** A readable one-line description of any thrown value, for reasons and logs (never message bodies). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
