/**
 * The shape of `tandem.yaml`, with the embedded defaults that let Tandem run with no file at all.
 * Every object is strict: an unknown key is an error that names the key (typos must not pass
 * silently in a contact center's configuration).
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const hostnamePattern =
  /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const host = z.string().refine((value) => isIP(value) !== 0 || hostnamePattern.test(value), {
  error: 'expected an IP address or a host name',
});

const port = z
  .number({ error: 'expected a port number (an integer from 1 to 65535)' })
  .int({ error: 'expected a port number (an integer from 1 to 65535)' })
  .min(1, { error: 'expected a port number (an integer from 1 to 65535)' })
  .max(65535, { error: 'expected a port number (an integer from 1 to 65535)' });

const filePath = z.string().min(1, { error: 'expected a file path' });

function listener(defaultPort: number) {
  return z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      port: port.default(defaultPort),
    })
    .prefault({});
}

/** A listener that needs a certificate; without one a self-signed certificate is generated in dataDir. */
function tlsListener(defaultPort: number) {
  return z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      port: port.default(defaultPort),
      certFile: filePath.optional(),
      keyFile: filePath.optional(),
    })
    .refine((value) => (value.certFile === undefined) === (value.keyFile === undefined), {
      error: 'expected certFile and keyFile together, or neither (a self-signed certificate is generated)',
      path: ['certFile'],
    })
    .prefault({});
}

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const rtpengineInstance = z.strictObject({ host, port });

export const configSchema = z.strictObject({
  node: z.strictObject({ name: z.string().min(1).default('tandem-1') }).prefault({}),
  /** Where the SQLite database, generated certificates and recordings live. */
  dataDir: filePath.default('./data'),
  log: z.strictObject({ level: logLevel.default('info') }).prefault({}),
  http: z
    .strictObject({
      host: host.default('127.0.0.1'),
      port: port.default(8080),
      /** The built web client; defaults to dist/renderer next to the server build. */
      webRoot: filePath.optional(),
    })
    .prefault({}),
  sip: z
    .strictObject({
      /** Digest realm. Changing it invalidates stored credentials (their hashes include it). */
      realm: z.string().min(1).default('tandem'),
      /** Domains this server is responsible for (AORs user@domain). */
      domains: z.array(z.string().min(1)).min(1).default(['tandem.local', '127.0.0.1', 'localhost']),
      udp: listener(5060),
      tcp: listener(5060),
      tls: tlsListener(5061),
      ws: listener(8088),
      wss: tlsListener(8089),
      maxMessageBytes: z.number().int().min(1024).max(1_048_576).default(65_536),
    })
    .prefault({}),
  media: z
    .strictObject({
      rtpengine: z
        .strictObject({
          /** `embedded`: Tandem runs and supervises rtpengine; `external`: use the listed instances. */
          mode: z.enum(['embedded', 'external']).default('embedded'),
          binary: filePath.default('/usr/bin/rtpengine'),
          interface: host.default('127.0.0.1'),
          ngHost: host.default('127.0.0.1'),
          ngPort: port.default(22222),
          portMin: port.default(30000),
          portMax: port.default(30999),
          instances: z.array(rtpengineInstance).default([]),
        })
        .refine((value) => value.portMin < value.portMax, {
          error: 'expected portMin to be below portMax',
          path: ['portMin'],
        })
        .refine((value) => value.mode === 'embedded' || value.instances.length > 0, {
          error: 'expected at least one instance when mode is external',
          path: ['instances'],
        })
        .prefault({}),
    })
    .prefault({}),
  demo: z
    .strictObject({
      /** Seed the demo tenant (trunk, numbers, queue, agents) into an empty database. */
      seed: z.boolean().default(true),
    })
    .prefault({}),
});

export type TandemConfig = z.output<typeof configSchema>;
export type TandemConfigInput = z.input<typeof configSchema>;
