/**
 * A test CA and certificates it signs for DNS names (Microsoft's proxy names, tenants' SBC FQDNs),
 * for the Direct Routing trunk tests: names are resolved to 127.0.0.1 by the test's resolver, and
 * TLS checks them as it would in production.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NamedCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface NamedCertificateAuthority {
  readonly dir: string;
  readonly caFile: string;
  /** Issues a certificate for `names` (the first is the CN), usable by servers and clients. */
  issue(label: string, names: readonly string[]): Promise<NamedCertificate>;
  dispose(): Promise<void>;
}

export async function makeNamedCertificateAuthority(
  commonName = 'Tandem Direct Routing test CA',
): Promise<NamedCertificateAuthority> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-direct-routing-'));
  const file = (name: string) => join(dir, name);
  const openssl = (args: string[]) => run('openssl', args, { timeout: 20_000 });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const caKey = file(`${commonName.replace(/\W+/g, '-')}-key.pem`);
  const caFile = file(`${commonName.replace(/\W+/g, '-')}.pem`);
  await openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return {
    dir,
    caFile,
    async issue(label, names) {
      const keyFile = file(`${label}-key.pem`);
      const certFile = file(`${label}.pem`);
      await openssl([
        'req',
        ...ecKey,
        '-keyout',
        keyFile,
        '-out',
        file(`${label}.csr`),
        '-subj',
        `/CN=${names[0]}`,
      ]);
      await writeFile(
        file(`${label}.ext`),
        `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n`,
      );
      await openssl([
        'x509',
        '-req',
        '-in',
        file(`${label}.csr`),
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-out',
        certFile,
        '-days',
        '2',
        '-extfile',
        file(`${label}.ext`),
      ]);
      return { certFile, keyFile };
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
