/**
 * SIPp, a SIP peer we did not write, against the built server over UDP and TCP, as a desk phone, a trunk and
 * an attacker would use it: REGISTER with digest authentication, OPTIONS keep-alives, a bounded flood of
 * malformed requests after which everyone is still served, the per-source rate limit, and the lockout after
 * repeated wrong passwords. Every SIPp run is bounded by its own timeout and killed past it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, readMetric, residentBytes } from '../support/metrics.js';
import { describeSipp, runSipp, scenarioDir } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

type Transport = 'udp' | 'tcp';
interface Credentials {
  readonly username: string;
  readonly password: string;
}

const alice: Credentials = { username: 'alice', password: 'demo' };
const aliceWithWrongPassword: Credentials = { username: 'alice', password: 'not-demo' };

/**
 * The per-source rate limit, stated here instead of taken from the defaults because the rate-limit test counts
 * on it. Every request of this file comes from 127.0.0.1, so the limit applies to all of them together; only
 * the flood and rate-limit tests go beyond it (a malformed request costs a token too, when it is answered), and
 * each waits for the bucket to refill before it checks that valid requests are served again.
 */
const rateLimit = { requestsPerSecond: 200, burst: 400 };

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function register(tandem: TandemServer, transport: Transport, credentials: Credentials = alice) {
  return runSipp({
    scenario: 'register-digest.xml',
    port: tandem.sip[transport],
    transport,
    service: credentials.username,
    auth: credentials,
  });
}

/** The malformed requests, per transport: on a stream, only those that keep the framing intact. */
const malformedScenario = { udp: 'malformed-flood.xml', tcp: 'malformed-stream.xml' } as const;

/** How many requests one call of a scenario sends: each must end in the server's parse errors. */
async function requestsPerCall(scenario: string): Promise<number> {
  const text = await readFile(join(scenarioDir, scenario), 'utf8');
  return text.match(/<send>/g)?.length ?? 0;
}

describe('SIPp registers, asks what Tandem supports, and floods it', () => {
  let tandem: TandemServer;
  const metric = (name: string) => readMetric(tandem.baseUrl, `tandem_sip_${name}`);

  beforeAll(async () => {
    tandem = await startTandem({
      env: {
        TANDEM_SIP_PROTECTION_REQUESTS_PER_SECOND: String(rateLimit.requestsPerSecond),
        TANDEM_SIP_PROTECTION_BURST: String(rateLimit.burst),
      },
    });
  });

  afterAll(async () => {
    await tandem?.stop();
  });

  it('registers alice with digest authentication over UDP; the binding stays', async () => {
    const accepted = await metric('registrations_accepted');
    const bindings = await metric('bindings');

    const result = await register(tandem, 'udp');

    expect(result.exitCode, describeSipp(result)).toBe(0);
    expect(await metric('registrations_accepted')).toBe(accepted + 1);
    expect(await metric('bindings')).toBe(bindings + 1);
  });

  it('registers alice over TCP; the binding goes when SIPp closes its connection', async () => {
    const accepted = await metric('registrations_accepted');
    const bindings = await metric('bindings');

    const result = await register(tandem, 'tcp');

    expect(result.exitCode, describeSipp(result)).toBe(0);
    expect(await metric('registrations_accepted')).toBe(accepted + 1);
    // RFC 5626 5.2: a binding is reached over its own flow; once that connection is gone, so is the binding.
    expect(
      await pollUntil(
        () => metric('bindings'),
        (value) => value === bindings,
      ),
    ).toBe(bindings);
    expect(await metric('connections')).toBe(0);
  });

  it('refuses a wrong password with 403', async () => {
    const refused = await metric('auth_failures');

    const result = await register(tandem, 'udp', aliceWithWrongPassword);

    expect(result.exitCode, describeSipp(result)).toBe(1);
    expect(result.errors, describeSipp(result)).toMatch(/received 'SIP\/2\.0 403 /);
    expect(await metric('auth_failures')).toBe(refused + 1);
  });

  it.each<Transport>(['udp', 'tcp'])(
    'answers OPTIONS over %s with 200 and its Allow, Supported and Server headers',
    async (transport) => {
      // The scenario checks the headers with regular expressions: a missing one fails the call.
      const result = await runSipp({ scenario: 'options.xml', port: tandem.sip[transport], transport });

      expect(result.exitCode, describeSipp(result)).toBe(0);
      expect(result.successfulCalls).toBe(1);
    },
  );

  it.each<Transport>(['udp', 'tcp'])(
    'answers every malformed request over %s that it can with 400 (505 for SIP/3.0), and drops the rest',
    async (transport) => {
      const scenario = malformedScenario[transport];
      const perCall = await requestsPerCall(scenario);
      const parseErrors = await metric('parse_errors');

      // The scenario expects each answer in turn and fails on an answer to a request without a way back.
      const result = await runSipp({ scenario, port: tandem.sip[transport], transport });

      expect(result.exitCode, describeSipp(result)).toBe(0);
      expect(perCall).toBeGreaterThanOrEqual(transport === 'udp' ? 11 : 8);
      expect(await metric('parse_errors')).toBe(parseErrors + perCall);
    },
  );

  it('keeps serving through a malformed flood: healthy, memory bounded, REGISTER still works', async () => {
    const calls = { udp: 2_000, tcp: 1_000 };
    const perCall = {
      udp: await requestsPerCall(malformedScenario.udp),
      tcp: await requestsPerCall(malformedScenario.tcp),
    };
    const parseErrors = await metric('parse_errors');
    const throttled = await metric('malformed_throttled');
    const memoryBefore = await residentBytes(tandem.pid);

    // At most 100 calls in progress, each waiting for its answers: fast, yet gentle enough on the sockets.
    const flood = (transport: Transport) =>
      runSipp({
        scenario: malformedScenario[transport],
        port: tandem.sip[transport],
        transport,
        calls: calls[transport],
        rate: 1_000,
        concurrency: 100,
        recvTimeoutMs: 1_000,
        timeoutMs: 60_000,
      });
    const udp = await flood('udp');
    const tcp = await flood('tcp');

    // Every answer that came was the right one. Answers stop when the source exceeds its rate (a flood of
    // malformed requests is throttled like any other): those calls fail with a receive timeout, never with a
    // wrong answer, and the server counts what it left unanswered.
    for (const [transport, result] of [
      ['udp', udp],
      ['tcp', tcp],
    ] as const) {
      expect(result.timedOut, describeSipp(result)).toBe(false);
      expect(result.stats['FailedUnexpectedMessage(C)'], describeSipp(result)).toBe('0');
      expect(result.successfulCalls + result.failedCalls).toBe(calls[transport]);
      expect(result.successfulCalls, describeSipp(result)).toBeGreaterThan(0);
    }
    expect(await metric('malformed_throttled')).toBeGreaterThan(throttled);
    // A call that succeeded sent all its requests (a throttled one stops at its first unanswered request).
    const sent = udp.successfulCalls * perCall.udp + tcp.successfulCalls * perCall.tcp;
    expect(await metric('parse_errors')).toBeGreaterThanOrEqual(parseErrors + sent);

    const health = await fetch(`${tandem.baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    const growth = (await residentBytes(tandem.pid)) - memoryBefore;
    expect(growth, `RSS grew by ${(growth / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(40 * 2 ** 20);
    expect(
      await pollUntil(
        () => metric('connections'),
        (count) => count === 0,
      ),
    ).toBe(0);

    // Once the source's bucket has refilled (burst / rate seconds), valid REGISTERs go through again.
    await delay((rateLimit.burst / rateLimit.requestsPerSecond) * 1000 + 500);
    for (const transport of ['udp', 'tcp'] as const) {
      const result = await register(tandem, transport);
      expect(result.exitCode, describeSipp(result)).toBe(0);
    }
  }, 120_000);

  it('throttles a source sending faster than its rate, then serves it again', async () => {
    const rateLimited = await metric('rate_limited');

    // 1,000 OPTIONS in about half a second, without retransmissions: each unanswered one fails after 2 s.
    const flood = await runSipp({
      scenario: 'options.xml',
      port: tandem.sip.udp,
      transport: 'udp',
      calls: 1_000,
      rate: 2_000,
      recvTimeoutMs: 2_000,
      extraArgs: ['-nr'],
    });

    const dropped = (await metric('rate_limited')) - rateLimited;
    expect(flood.exitCode, describeSipp(flood)).toBe(1);
    expect(dropped).toBeGreaterThan(0);
    // Over UDP a throttled request is dropped in silence: each one is a call SIPp saw fail.
    expect(flood.failedCalls).toBeGreaterThanOrEqual(dropped);
    expect(flood.successfulCalls).toBeGreaterThanOrEqual(rateLimit.burst / 2);

    // The bucket is full again after burst / rate seconds.
    await delay((rateLimit.burst / rateLimit.requestsPerSecond) * 1000 + 500);
    const result = await register(tandem, 'udp');
    expect(result.exitCode, describeSipp(result)).toBe(0);
  }, 30_000);
});

describe('SIPp guessing passwords', () => {
  /** Small numbers so that the lockout is quick to reach and to wait out. */
  const lockout = { maxFailures: 3, seconds: 2 };
  let tandem: TandemServer;

  beforeAll(async () => {
    tandem = await startTandem({
      env: {
        TANDEM_SIP_PROTECTION_MAX_AUTH_FAILURES: String(lockout.maxFailures),
        TANDEM_SIP_PROTECTION_AUTH_FAILURE_WINDOW_SECONDS: '60',
        TANDEM_SIP_PROTECTION_LOCKOUT_SECONDS: String(lockout.seconds),
      },
    });
  });

  afterAll(async () => {
    await tandem?.stop();
  });

  it('is locked out after repeated wrong passwords, even with the right one, until the lockout ends', async () => {
    for (let attempt = 1; attempt <= lockout.maxFailures; attempt++) {
      const wrong = await register(tandem, 'udp', aliceWithWrongPassword);
      expect(wrong.exitCode, describeSipp(wrong)).toBe(1);
      expect(wrong.errors).toMatch(/received 'SIP\/2\.0 403 Forbidden/);
    }

    const locked = await register(tandem, 'udp');
    expect(locked.exitCode, describeSipp(locked)).toBe(1);
    expect(locked.errors).toMatch(/received 'SIP\/2\.0 403 Too Many Failed Attempts/);

    await delay(lockout.seconds * 1000 + 500);
    const result = await register(tandem, 'udp');
    expect(result.exitCode, describeSipp(result)).toBe(0);
  }, 30_000);
});
