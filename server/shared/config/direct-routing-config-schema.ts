/**
 * `teams.directRouting:` in tandem.yaml: Tandem as the SBC of a Teams Direct Routing trunk. Off by
 * default. Each tenant is one customer's Teams, paired with one SBC FQDN whose certificate (from a
 * public CA, Microsoft's requirement) and key are given as files; Microsoft's SIP proxies are
 * reached by name over TLS 1.2+.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const fqdnPattern =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const fqdn = z.string().refine((value) => isIP(value) === 0 && fqdnPattern.test(value), {
  error: 'expected a fully qualified domain name (Microsoft refuses IP addresses here)',
});

const filePath = z.string().min(1, { error: 'expected a file path' });

/**
 * `sip.pstnhub.microsoft.com` or `sip.pstnhub.microsoft.com:5061`; `localhost` too, the one name
 * that is not fully qualified, for a stand-in proxy on this machine (tests, a lab).
 */
const proxy = z.string().refine(
  (value) => {
    const [name, port, ...rest] = value.split(':');
    const known = name !== undefined && (name.toLowerCase() === 'localhost' || fqdnPattern.test(name));
    if (rest.length > 0 || name === undefined || isIP(name) !== 0 || !known) return false;
    return port === undefined || (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
  },
  { error: 'expected a proxy name, optionally with :port (never an IP address)' },
);

const tenant = z.strictObject({
  /** The SBC FQDN paired in this tenant's Teams admin center; Contact carries it. */
  fqdn,
  /** PEM certificate for the FQDN (chain included), from a CA Microsoft trusts. */
  certFile: filePath,
  keyFile: filePath,
});

export const directRoutingSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** Where Microsoft's proxies connect to (the "SIP signaling port" set in the Teams admin center). */
    listen: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(5067),
      })
      .prefault({}),
    tenants: z.array(tenant).default([]),
    /** PEM bundle of the roots Microsoft's proxies chain to; the system roots when absent. Re-read on change. */
    caFile: filePath.optional(),
    /** Microsoft's proxies in failover order, by name. */
    proxies: z
      .array(proxy)
      .min(1)
      .default(['sip.pstnhub.microsoft.com', 'sip2.pstnhub.microsoft.com', 'sip3.pstnhub.microsoft.com']),
    /** Port of a proxy given without one. */
    proxyPort: z.number().int().min(1).max(65535).default(5061),
    /** OPTIONS keep-alive toward each proxy (Microsoft expects about one a minute). */
    optionsIntervalSeconds: z.number().min(1).max(3600).default(60),
    /** OPTIONS in a row without a 2xx before a proxy is marked down (one fewer marks it warning). */
    downAfterFailures: z.number().int().min(1).max(20).default(3),
    /**
     * Teams users' numbers (E.164, or a prefix of them such as `+1425555`): calls and transfers to
     * these go out over the trunk instead of a carrier trunk.
     */
    teamsNumbers: z
      .array(
        z.string().regex(/^\+\d{1,15}$/, { error: 'expected +digits (a number or a prefix of numbers)' }),
      )
      .default([]),
    /** The model in `X-MS-SBC: Tandem/<model>/<version>`. */
    model: z
      .string()
      .regex(/^[A-Za-z0-9._+-]+$/, { error: 'expected a token (letters, digits, . _ + -)' })
      .default('ContactCenter'),
  })
  .superRefine((value, context) => {
    if (value.enabled && value.tenants.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['tenants'],
        message:
          'expected at least one tenant (fqdn, certFile, keyFile) when teams.directRouting.enabled is true',
      });
    }
    const seen = new Set<string>();
    value.tenants.forEach((entry, index) => {
      const key = entry.fqdn.toLowerCase();
      if (seen.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['tenants', index, 'fqdn'],
          message: `${entry.fqdn} is listed twice`,
        });
      }
      seen.add(key);
    });
  });

export type DirectRoutingConfig = z.output<typeof directRoutingSchema>;
