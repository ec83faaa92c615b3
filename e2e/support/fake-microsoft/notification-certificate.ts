/** An RSA certificate for Graph to encrypt notification resource data with, made with openssl. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RsaCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  dispose(): Promise<void>;
}

export async function makeNotificationCertificate(): Promise<RsaCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-notification-cert-'));
  const certFile = join(dir, 'notifications.pem');
  const keyFile = join(dir, 'notifications-key.pem');
  await run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=Tandem notifications',
    ],
    { timeout: 30_000 },
  );
  const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { certPem, keyPem, certFile, keyFile, dispose: () => rm(dir, { recursive: true, force: true }) };
}
