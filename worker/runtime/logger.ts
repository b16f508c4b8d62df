// Structured logs on stderr (stdout is reserved for command output such as JSON Lines).
// Log ids, codes and sizes only: never message bodies, subjects or CPR numbers.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { app: 'fordeler' },
      // A guard for mistakes: these fields may carry personal data and are never written.
      redact: { paths: ['body', 'text', 'subject', 'cpr', '*.body', '*.text', '*.subject', '*.cpr'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
