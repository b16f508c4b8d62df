// The emulator's listening side: plain HTTP, or HTTPS (node:https) with the emulator's server certificate,
// and with `requireClientCert` mutual TLS as Serviceplatformen demands it — a client without a certificate
// signed by `ca` is refused in the handshake. For each accepted request the client certificate's subject
// CN and SHA-256 fingerprint are handed on, so tests can see who called. Also reads request bodies with a
// size limit and writes the small JSON and SOAP answers.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface EmulatorTls {
  cert: Buffer | string;
  key: Buffer | string;
  ca?: Buffer | string;
  /** Refuse any TLS client that does not present a certificate signed by `ca`. */
  requireClientCert?: boolean;
}

/** The certificate a TLS client presented. */
export interface ClientIdentity {
  subjectCn: string;
  /** As Node's X509Certificate.fingerprint256: "AB:CD:…". */
  fingerprint256: string;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, client: ClientIdentity | undefined) => void;

export interface Listening {
  server: http.Server;
  /** `http://host:port` or `https://host:port`. */
  base: string;
}

export async function listen(handler: Handler, host: string, port: number, tls?: EmulatorTls): Promise<Listening> {
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => handler(req, res, clientIdentity(req));
  const server = tls
    ? https.createServer({
      cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca } : {}),
      requestCert: Boolean(tls.requireClientCert), rejectUnauthorized: Boolean(tls.requireClientCert),
    }, onRequest)
    : http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, base: `${tls ? 'https' : 'http'}://${hostPart}:${address.port}` };
}

function clientIdentity(req: http.IncomingMessage): ClientIdentity | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || !peer.fingerprint256) return undefined;
  const cn = peer.subject?.CN;
  return { subjectCn: Array.isArray(cn) ? cn.join(',') : (cn ?? ''), fingerprint256: peer.fingerprint256 };
}

/** The whole body, or undefined when it passed `limit` bytes (the connection is then dropped). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

export function soap(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
