/**
 * The shape of `tandem.yaml`, with the embedded defaults that let Tandem run with no file at all.
 * Every object is strict: an unknown key is an error that names the key (typos must not pass
 * silently in a contact center's configuration).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { teamsConfigSchema } from './teams-config-schema.js';

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
      limits: z
        .strictObject({
          maxConnections: z.number().int().min(1).default(20_000),
          maxConnectionsPerSource: z.number().int().min(1).default(12_000),
          /** Connections without traffic for this long are closed (SIP.js re-registers every few minutes). */
          idleTimeoutSeconds: z.number().int().min(5).default(900),
        })
        .prefault({}),
      registrar: z
        .strictObject({
          minExpires: z.number().int().min(1).default(60),
          maxExpires: z.number().int().min(1).default(3600),
          defaultExpires: z.number().int().min(1).default(600),
          /** A nonce older than this is answered with a new challenge marked stale=true (RFC 2617). */
          nonceLifetimeSeconds: z.number().int().min(10).default(300),
          maxContactsPerAor: z.number().int().min(1).max(100).default(10),
          /**
           * Digest challenges offered, most preferred first (RFC 8760). MD5 leads by default because
           * SIPp 3.6 reads only the first challenge and only does MD5; SIP.js 0.21 keeps only the
           * last one, so the registrar repeats MD5 at the end when it is offered but not last. Put
           * SHA-256 first where every client supports it.
           */
          digestAlgorithms: z
            .array(z.enum(['MD5', 'SHA-256']))
            .min(1)
            .default(['MD5', 'SHA-256']),
        })
        .refine(
          (value) => value.minExpires <= value.defaultExpires && value.defaultExpires <= value.maxExpires,
          {
            error: 'expected minExpires <= defaultExpires <= maxExpires',
            path: ['defaultExpires'],
          },
        )
        .prefault({}),
      protection: z
        .strictObject({
          /** Requests per second accepted from one source address (token bucket), and the burst above it. */
          requestsPerSecond: z.number().int().min(1).default(200),
          burst: z.number().int().min(1).default(400),
          /** Failed authentications from one source (or for one user) before a lockout. */
          maxAuthFailures: z.number().int().min(1).default(10),
          authFailureWindowSeconds: z.number().int().min(1).default(60),
          lockoutSeconds: z.number().int().min(1).default(300),
          /** Sources never rate-limited or locked out (trunks, monitoring), as addresses or CIDR ranges. */
          trustedSources: z.array(z.string().min(1)).default([]),
          /** Requests whose User-Agent contains one of these (case-insensitive) are dropped. */
          blockedUserAgents: z
            .array(z.string().min(1))
            .default([
              'friendly-scanner',
              'sipvicious',
              'sipcli',
              'sip-scan',
              'vaxsipuseragent',
              'iwar',
              'sundayddr',
            ]),
        })
        .prefault({}),
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
          /** rtpengine's own log level (0 emergencies only ... 7 debug); its lines join Tandem's log. */
          logLevel: z.number().int().min(0).max(7).default(5),
          /** Where `start recording` writes pcap files (embedded mode); defaults to <dataDir>/recordings. */
          recordingDir: filePath.optional(),
          /** Each ng request waits this long for an answer, then is sent again up to ngRetries times. */
          ngTimeoutMs: z.number().int().min(10).max(60_000).default(1000),
          ngRetries: z.number().int().min(0).max(10).default(2),
          /** Embedded: how long rtpengine may take to answer its first ping. */
          startTimeoutMs: z.number().int().min(100).default(5000),
          /** Embedded: how long rtpengine gets after SIGTERM before SIGKILL. */
          stopTimeoutMs: z.number().int().min(100).default(3000),
          /**
           * Embedded: restart delays double from initialDelayMs up to maxDelayMs; a run of
           * stableAfterMs without a crash resets them.
           */
          restart: z
            .strictObject({
              initialDelayMs: z.number().int().min(10).default(250),
              maxDelayMs: z.number().int().min(10).default(10_000),
              stableAfterMs: z.number().int().min(100).default(30_000),
            })
            .refine((value) => value.initialDelayMs <= value.maxDelayMs, {
              error: 'expected initialDelayMs <= maxDelayMs',
              path: ['initialDelayMs'],
            })
            .prefault({}),
          /**
           * External: each instance is pinged this often; healthCheckFailures misses in a row take
           * it out of use until it answers again.
           */
          healthCheckIntervalMs: z.number().int().min(100).default(2000),
          healthCheckFailures: z.number().int().min(1).max(100).default(2),
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
  calls: z
    .strictObject({
      /** How long one agent's phone rings before the next agent is tried. */
      ringTimeoutSeconds: z.number().int().min(5).max(300).default(20),
      /** Calls arriving on these trunks, or for these queues, are recorded (WAVs in <dataDir>/recordings/calls). */
      recording: z
        .strictObject({
          trunks: z.array(z.string().min(1)).default([]),
          queues: z.array(z.string().min(1)).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  routing: z
    .strictObject({
      /**
       * Where an agent lands when their phone or client registers: Available suits desk phones and the
       * demo; NotReady makes agents press Ready first.
       */
      stateAfterLogin: z.enum(['Available', 'NotReady']).default('Available'),
      /** Wrap-up after a routed call, unless a queue or agent says otherwise; 0: none. */
      wrapUpSeconds: z.number().int().min(0).max(3600).default(0),
      /** Unanswered offers in a row that set an agent Not ready (reason "rona"). */
      ronaLimit: z.number().int().min(1).max(100).default(2),
      /** How long a caller waits in a queue before being turned away (or sent to the queue's overflow). */
      maxWaitSeconds: z.number().int().min(10).max(86_400).default(600),
      /** Reasons an agent may pick for Not ready. */
      notReadyReasons: z
        .array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/))
        .min(1)
        .default(['break', 'lunch', 'training', 'meeting', 'coaching']),
    })
    .prefault({}),
  teams: teamsConfigSchema,
  demo: z
    .strictObject({
      /** Seed the demo tenant (trunk, numbers, queue, agents) into an empty database. */
      seed: z.boolean().default(true),
    })
    .prefault({}),
});

export type TandemConfig = z.output<typeof configSchema>;
export type TandemConfigInput = z.input<typeof configSchema>;
