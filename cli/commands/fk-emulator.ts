// `fordeler fk-emulator [--port <n>] [--host <h>] [--config <file>]`: runs the local SF2900
// Fordelingskomponent emulator until SIGTERM/SIGINT. The config file is JSON with the
// startFkEmulator options (receivers, delays, reject, fail, seed, receiptCallbackUrl, filudvekslingDir,
// tls, callbackTls). In `tls` and `callbackTls`, cert, key and ca name PEM files (relative to the config
// file) or hold the PEM text itself.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { startFkEmulator, type FkEmulatorOptions } from '../../tools/fk-emulator/emulator.js';

export interface FkEmulatorCommandOptions {
  port?: number | string;
  host?: string;
  config?: string;
}

/** Used when no config is given: the two systems of the Danish examples (sygedagpenge, børn og unge). */
const DEFAULT_RECEIVERS: FkEmulatorOptions['receivers'] = [
  { kle: '32.30.*', system: { uuid: '6f2d1c1e-7c1b-4c9a-9a36-2f1f6c0d5a01', name: 'KSD' } },
  { kle: '34.10.*', system: { uuid: '0b8e4f5a-3d2c-4e1b-8f7a-9c6d5e4f3a02', name: 'DUBU' } },
];

type PemFields = { cert?: unknown; key?: unknown; ca?: unknown };

/** PEM text as given, or the file it names (relative to the config file's folder). */
async function pem(value: unknown, base: string, field: string): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value) throw new Error(`"${field}" must be a PEM file name or PEM text`);
  return value.includes('-----BEGIN') ? value : readFile(resolve(base, value), 'utf8');
}

async function pemFields<T extends PemFields>(fields: T | undefined, base: string, name: string): Promise<T | undefined> {
  if (fields === undefined) return undefined;
  const cert = await pem(fields.cert, base, `${name}.cert`);
  const key = await pem(fields.key, base, `${name}.key`);
  if (!cert || !key) throw new Error(`"${name}" needs cert and key`);
  const ca = await pem(fields.ca, base, `${name}.ca`);
  return { ...fields, cert, key, ...(ca ? { ca } : {}) };
}

export async function fkEmulatorCommand(options: FkEmulatorCommandOptions): Promise<number> {
  const fromFile = options.config ? (JSON.parse(await readFile(options.config, 'utf8')) as Partial<FkEmulatorOptions>) : {};
  if (fromFile.receivers !== undefined && !Array.isArray(fromFile.receivers)) {
    process.stderr.write(`${options.config}: "receivers" must be an array\n`);
    return 2;
  }
  const port = options.port === undefined ? fromFile.port : Number(options.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    process.stderr.write(`invalid port ${String(options.port)}\n`);
    return 2;
  }
  const base = options.config ? dirname(resolve(options.config)) : process.cwd();
  let tls: FkEmulatorOptions['tls'];
  let callbackTls: FkEmulatorOptions['callbackTls'];
  try {
    tls = await pemFields(fromFile.tls, base, 'tls');
    callbackTls = await pemFields(fromFile.callbackTls, base, 'callbackTls');
  } catch (error) {
    process.stderr.write(`${options.config}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const emulator = await startFkEmulator({
    ...fromFile,
    receivers: fromFile.receivers ?? DEFAULT_RECEIVERS,
    ...(port === undefined ? {} : { port }),
    ...(options.host ? { host: options.host } : {}),
    ...(tls ? { tls } : {}),
    ...(callbackTls ? { callbackTls } : {}),
  });
  process.stdout.write(`fk-emulator listening: ${emulator.endpoint}  (GET ${emulator.url}/stats, GET ${emulator.url}/receipts?since=0, GET ${emulator.url}/received)\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await emulator.close();
  return 0;
}
