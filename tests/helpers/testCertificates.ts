import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, as PEM files and their contents. */
export interface PemPair {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A throw-away PKI for one test file: CAs and the certificates they sign, made by the openssl CLI. */
export interface TestPki {
  /** A self-signed CA; `subject` in openssl's form, e.g. `/O=Acme/CN=Acme Test CA`. */
  authority(name: string, subject: string): PemPair;
  /** A leaf certificate signed by `issuer`; server certificates are valid for 127.0.0.1 and localhost. */
  issue(issuer: PemPair, name: string, subject: string, usage: 'server' | 'client'): PemPair;
  remove(): void;
}

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pki-'));
  const pair = (name: string): PemPair => {
    const certFile = join(dir, `${name}.crt`);
    const keyFile = join(dir, `${name}.key`);
    return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
  };
  return {
    authority(name, subject) {
      openssl(dir, [
        'req', '-x509', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', subject,
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      return pair(name);
    },
    issue(issuer, name, subject, usage) {
      openssl(dir, ['req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
      const extensions =
        usage === 'server' ? 'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' : 'extendedKeyUsage=clientAuth\n';
      writeFileSync(join(dir, `${name}.ext`), extensions);
      openssl(dir, [
        'x509', '-req', '-in', `${name}.csr`, '-CA', issuer.certFile, '-CAkey', issuer.keyFile,
        '-set_serial', `0x${randomBytes(8).toString('hex')}`,
        '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`,
      ]);
      return pair(name);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
