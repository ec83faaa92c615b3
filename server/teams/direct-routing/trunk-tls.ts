/**
 * TLS of the Direct Routing trunk (Microsoft: TLS 1.2 or later, a certificate with the SBC FQDN).
 * One secure context per tenant, holding that tenant's SBC certificate and key and the CA bundle
 * Microsoft's proxies are checked against:
 * - toward Microsoft, a connection opened for a tenant presents that tenant's certificate and checks
 *   the proxy's certificate against the bundle, by the proxy's name (SNI = proxy name);
 * - from Microsoft, the SNI of the incoming connection picks the tenant's certificate (several
 *   tenants, one FQDN each, on one Tandem), and the proxy must present a certificate the bundle trusts.
 * The files are polled and re-read when they change, so a new CA bundle (Microsoft changes its roots
 * in 2026) or a renewed certificate needs no release and no restart; a change that does not load
 * keeps the previous contexts and is logged.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { createSecureContext, type ConnectionOptions, type SecureContext, type TlsOptions } from 'node:tls';
import type { Logger } from '../../shared/logger.js';
import type { SbcTenant } from './direct-routing-types.js';

export interface TrunkTlsOptions {
  tenants: readonly SbcTenant[];
  /** PEM bundle of the roots Microsoft's proxies chain to; the system roots when absent. */
  caFile?: string;
  logger: Logger;
  /** How often the files are polled for changes. */
  watchIntervalMs?: number;
}

interface TenantContext {
  readonly fqdn: string;
  readonly context: SecureContext;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export class TrunkTls {
  private contexts = new Map<string, TenantContext>();
  private ca: Buffer | undefined;
  private readonly watched = new Set<string>();
  private generation = 0;

  /** Loads every file now; throws TypeError naming the file and the problem. */
  constructor(private readonly options: TrunkTlsOptions) {
    if (options.tenants.length === 0)
      throw new TypeError('the Direct Routing trunk needs at least one tenant');
    this.load();
  }

  /** How many times the files were loaded (1 after construction). */
  get loads(): number {
    return this.generation;
  }

  /** Options for `tls.connect` toward a Microsoft proxy on behalf of one tenant. */
  clientOptions(tenantFqdn: string, proxyName: string): ConnectionOptions {
    const tenant = this.contexts.get(tenantFqdn.toLowerCase());
    if (!tenant) throw new TypeError(`no Direct Routing tenant ${tenantFqdn}`);
    return {
      secureContext: tenant.context,
      servername: proxyName,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    };
  }

  /** Options for the trunk's TLS listener: SNI picks the tenant; Microsoft's proxy must show a trusted certificate. */
  serverOptions(): TlsOptions {
    const first = this.contexts.values().next().value as TenantContext;
    return {
      cert: first.cert,
      key: first.key,
      ca: this.ca,
      minVersion: 'TLSv1.2',
      requestCert: true,
      rejectUnauthorized: true,
      SNICallback: (servername, callback) => callback(null, this.contextFor(servername)),
    };
  }

  /** The secure context for an SNI name: that tenant's, or the first tenant's when none matches. */
  contextFor(servername: string | undefined): SecureContext {
    const match = servername ? this.contexts.get(servername.toLowerCase()) : undefined;
    return (match ?? (this.contexts.values().next().value as TenantContext)).context;
  }

  /** Starts polling the files; changes reload them. */
  watch(): void {
    const interval = this.options.watchIntervalMs ?? 5_000;
    const files = [this.options.caFile, ...this.options.tenants.flatMap((t) => [t.certFile, t.keyFile])];
    for (const file of files) {
      if (file === undefined || this.watched.has(file)) continue;
      this.watched.add(file);
      watchFile(file, { interval, persistent: false }, (current: Stats, previous: Stats) => {
        if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
        this.reload(file);
      });
    }
  }

  /** Idempotent. */
  unwatch(): void {
    for (const file of this.watched) unwatchFile(file);
    this.watched.clear();
  }

  /** Reloads every file; keeps the current contexts when the new files do not load. */
  reload(changed = 'a trunk TLS file'): boolean {
    try {
      this.load();
      this.options.logger.info(
        { file: changed, loads: this.generation },
        'Direct Routing TLS files reloaded',
      );
      return true;
    } catch (error) {
      this.options.logger.error(
        { err: error, file: changed },
        'Direct Routing TLS files changed but do not load; keeping the previous ones',
      );
      return false;
    }
  }

  private load(): void {
    const ca = this.options.caFile === undefined ? undefined : readCaBundle(this.options.caFile);
    const contexts = new Map<string, TenantContext>();
    for (const tenant of this.options.tenants) {
      const fqdn = tenant.fqdn.toLowerCase();
      const cert = readPem(tenant.certFile, 'certificate');
      const key = readPem(tenant.keyFile, 'private key');
      const leaf = new X509Certificate(cert);
      if (leaf.checkHost(fqdn) === undefined) {
        throw new TypeError(
          `${tenant.certFile} is not a certificate for ${tenant.fqdn} (it names ${leaf.subjectAltName ?? leaf.subject})`,
        );
      }
      let context: SecureContext;
      try {
        context = createSecureContext({ cert, key, ca, minVersion: 'TLSv1.2' });
      } catch (error) {
        throw new TypeError(
          `${tenant.certFile} and ${tenant.keyFile} do not make a TLS identity: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      contexts.set(fqdn, { fqdn, context, cert, key });
    }
    this.contexts = contexts;
    this.ca = ca;
    this.generation++;
  }
}

function readPem(file: string, what: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    throw new TypeError(
      `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (!data.includes('-----BEGIN ')) throw new TypeError(`${file} is not a PEM ${what}`);
  return data;
}

/** A bundle must hold at least one certificate that parses: an empty or truncated file would trust nothing. */
function readCaBundle(file: string): Buffer {
  const data = readPem(file, 'CA bundle');
  const blocks =
    data.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new TypeError(`${file} holds no CA certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new TypeError(`${file} holds a certificate that does not parse: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return data;
}
