// Real X.509 certificates for the TLS tests, made with the `openssl` CLI into a throwaway folder, so both
// directions of the SF2900 traffic are exercised with genuine handshakes instead of mocked sockets:
// our FOCES-style system certificate towards Fordelingskomponenten, FK's certificate towards our receipt
// listener, a server certificate for localhost, and a stranger signed by a different CA (which must be refused).
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One certificate: PEM text and files, and its SHA-256 fingerprint as Node reports it ("AB:CD:…"). */
export interface TestCert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  fingerprint256: string;
  subjectCn: string;
}

export interface TestPki {
  dir: string;
  /** The test CA; signs the server cert, fordeler-foces and fk-callback. */
  ca: TestCert;
  /** CN=localhost, SAN IP:127.0.0.1, IP:::1, DNS:localhost (serverAuth). */
  server: TestCert;
  /** CN=fordeler-foces: our system certificate towards FK (clientAuth). */
  focesClient: TestCert;
  /** CN=fk-callback: FK's certificate towards our receipt listener (clientAuth). */
  fkCallback: TestCert;
  /** A second, unrelated CA. */
  strangerCa: TestCert;
  /** CN=fk-callback too, but signed by strangerCa: same name, wrong issuer. */
  stranger: TestCert;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function load(dir: string, name: string, cn: string): TestCert {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  const cert = readFileSync(certFile, 'utf8');
  return { cert, key: readFileSync(keyFile, 'utf8'), certFile, keyFile, fingerprint256: new X509Certificate(cert).fingerprint256, subjectCn: cn };
}

function makeCa(dir: string, name: string, cn: string): TestCert {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '2',
    '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.crt`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return load(dir, name, cn);
}

function makeLeaf(dir: string, name: string, cn: string, issuer: string, extensions: string): TestCert {
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256',
    '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
  return load(dir, name, cn);
}

const CLIENT_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=clientAuth\n';
const SERVER_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=serverAuth\n'
  + 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n';

/** Make a fresh PKI in `dir` (created if missing). Takes well under a second (EC P-256 keys). */
export function makeTestPki(dir: string): TestPki {
  mkdirSync(dir, { recursive: true });
  const ca = makeCa(dir, 'ca', 'Fordeler Test CA');
  const strangerCa = makeCa(dir, 'stranger-ca', 'Stranger Test CA');
  return {
    dir,
    ca,
    server: makeLeaf(dir, 'server', 'localhost', 'ca', SERVER_EXT),
    focesClient: makeLeaf(dir, 'fordeler-foces', 'fordeler-foces', 'ca', CLIENT_EXT),
    fkCallback: makeLeaf(dir, 'fk-callback', 'fk-callback', 'ca', CLIENT_EXT),
    strangerCa,
    stranger: makeLeaf(dir, 'stranger', 'fk-callback', 'stranger-ca', CLIENT_EXT),
  };
}
