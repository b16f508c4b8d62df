// A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives, parsed; it can
// be stopped and started again on the same port, to play an outage.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An SMTP sink that can be stopped and started again on the same port (an outage). */
export function smtpSink(port: number) {
  const received: ParsedMail[] = [];
  let server: SMTPServer | undefined;
  return {
    received,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        closeTimeout: 50,
        logger: false,
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((mail) => received.push(mail))
            .then(() => callback(), callback);
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}

