// The one SMTP connection setup (nodemailer) for everything that mails: smtp destinations and alerts.
// The password is named by an environment variable, never written in the config; a plain connection
// must upgrade with STARTTLS except on loopback (a local relay or the test sink).
import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../handover/destination-config.js';

export type SmtpTransport = Transporter;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

export function createSmtpTransport(config: SmtpConfig, env: NodeJS.ProcessEnv = process.env): SmtpTransport {
  const password = config.passwordEnv ? env[config.passwordEnv] : undefined;
  if (config.passwordEnv && !password) throw new Error(`SMTP: environment variable ${config.passwordEnv} (password) is not set or empty`);
  const loopback = LOOPBACK.has(config.host) || (isIP(config.host) !== 0 && config.host.startsWith('127.'));
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && !loopback,
    ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
    // A small pool: alerts and forwards share it; connections are reused, not opened per mail.
    pool: true,
    maxConnections: 2,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
    logger: false,
  });
}
