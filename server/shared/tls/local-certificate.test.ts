import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ensureLocalCertificate } from './local-certificate.js';

describe('local TLS certificate', () => {
  it('generates a usable certificate for localhost and 127.0.0.1 once, then reuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-tls-'));
    const files = await ensureLocalCertificate(dataDir);
    const certificate = new X509Certificate(readFileSync(files.certFile));
    expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(certificate.subjectAltName).toContain('DNS:localhost');
    expect(() =>
      createSecureContext({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) }),
    ).not.toThrow();

    const firstWrite = statSync(files.certFile).mtimeMs;
    await ensureLocalCertificate(dataDir);
    expect(statSync(files.certFile).mtimeMs).toBe(firstWrite);
  });

  it('renews a certificate that is about to expire', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-tls-'));
    const files = await ensureLocalCertificate(dataDir);
    const before = new X509Certificate(readFileSync(files.certFile)).serialNumber;
    const nearExpiry = new Date(Date.now() + 390 * 24 * 3600 * 1000);
    await ensureLocalCertificate(dataDir, nearExpiry);
    expect(new X509Certificate(readFileSync(files.certFile)).serialNumber).not.toBe(before);
  });
});
