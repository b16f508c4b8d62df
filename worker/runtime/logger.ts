// Structured logs on stderr (stdout is reserved for command output such as JSON Lines).
// Log ids, codes and sizes only: never message bodies, subjects or CPR numbers (log-masking.ts masks any
// that slip into a message or a field).
import { pino } from 'pino';
import { maskDeep, maskString } from './log-masking.js';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return createLoggerTo(level, pino.destination(2));
}

/** The logger writing to `destination` (tests read what would reach stderr). */
export function createLoggerTo(level: string, destination: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'fordeler' },
      // A guard for mistakes: these fields may carry personal data and are never written.
      redact: { paths: ['body', 'text', 'subject', 'cpr', '*.body', '*.text', '*.subject', '*.cpr'], censor: '[redacted]' },
      formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // The message (and any printf arguments) after the object: masked like the fields.
          const masked = args.map((arg) => (typeof arg === 'string' ? maskString(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    destination,
  );
}
