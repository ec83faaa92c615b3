/**
 * The trunk's TLS files: a certificate that does not name the tenant is refused at start, and the
 * CA bundle is re-read when it changes (a broken new bundle keeps the previous one).
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../server/shared/logger.js';
import { TrunkTls } from '../../server/teams/direct-routing/trunk-tls.js';
import { waitUntil } from '../support/browser-agent/wait-until.node.js';
import {
  makeNamedCertificateAuthority,
  type NamedCertificateAuthority,
} from '../support/fake-microsoft/named-test-certificates.js';

const logger = createRootLogger({ level: 'silent' });
let ca: NamedCertificateAuthority;
let otherCa: NamedCertificateAuthority;

beforeAll(async () => {
  ca = await makeNamedCertificateAuthority();
  otherCa = await makeNamedCertificateAuthority('Another test CA');
});

afterAll(async () => {
  await ca?.dispose();
  await otherCa?.dispose();
});

describe('Direct Routing TLS files', () => {
  it('refuses a certificate that does not name the tenant FQDN, and a CA bundle with no certificate', async () => {
    const wrong = await ca.issue('wrong', ['sbc.elsewhere.test']);
    expect(() => new TrunkTls({ tenants: [{ fqdn: 'sbc.contoso.test', ...wrong }], logger })).toThrow(
      /not a certificate for sbc\.contoso\.test/,
    );
    const right = await ca.issue('right', ['sbc.contoso.test']);
    const empty = join(ca.dir, 'empty.pem');
    await writeFile(empty, '-----BEGIN NOTHING-----\n');
    expect(
      () => new TrunkTls({ tenants: [{ fqdn: 'sbc.contoso.test', ...right }], caFile: empty, logger }),
    ).toThrow(/holds no CA certificate/);
  });

  it('re-reads a changed CA bundle, and keeps the previous one when the new file is broken', async () => {
    const certificate = await ca.issue('reload', ['sbc.contoso.test']);
    const bundle = join(ca.dir, 'bundle.pem');
    await copyFile(ca.caFile, bundle);
    const tls = new TrunkTls({
      tenants: [{ fqdn: 'sbc.contoso.test', ...certificate }],
      caFile: bundle,
      logger,
      watchIntervalMs: 50,
    });
    tls.watch();
    try {
      expect(tls.loads).toBe(1);
      await writeFile(bundle, 'not a bundle at all, and longer than before\n');
      expect(tls.reload('bundle.pem')).toBe(false);
      expect(tls.loads).toBe(1);
      await copyFile(otherCa.caFile, bundle);
      await waitUntil(
        async () => tls.loads,
        (loads) => loads >= 2,
        {
          timeoutMs: 5_000,
          intervalMs: 50,
          awaiting: 'the new CA bundle to be loaded',
        },
      );
    } finally {
      tls.unwatch();
    }
  });
});
