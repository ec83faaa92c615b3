/**
 * A self-signed certificate for local use (SIP over TLS on 5061, WSS on 8089) when the
 * configuration names none. Generated once with OpenSSL into `<dataDir>/tls/` and renewed when it
 * is about to expire. Production configures a certificate from a public CA instead.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

export async function ensureLocalCertificate(dataDir: string, now = new Date()): Promise<CertificateFiles> {
  const dir = join(dataDir, 'tls');
  const files = { certFile: join(dir, 'local-cert.pem'), keyFile: join(dir, 'local-key.pem') };
  if (existsSync(files.certFile) && existsSync(files.keyFile) && !expiresSoon(files.certFile, now))
    return files;

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        files.keyFile,
        '-out',
        files.certFile,
        '-days',
        '397',
        '-subj',
        '/CN=localhost/O=Tandem local',
        '-addext',
        'subjectAltName=DNS:localhost,DNS:tandem.local,IP:127.0.0.1',
      ],
      { timeout: 20_000 },
    );
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'openssl is not installed'
        : (error as Error).message;
    throw new Error(`cannot generate the local TLS certificate in ${dir}: ${reason}`, { cause: error });
  }
  return files;
}

function expiresSoon(certFile: string, now: Date): boolean {
  try {
    const certificate = new X509Certificate(readFileSync(certFile));
    return new Date(certificate.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS;
  } catch {
    return true;
  }
}
