/**
 * Direct Routing failover time: from the 503 the first Microsoft proxy answers an INVITE with to the
 * call answered through the second, measured at the SBC (DirectRoutingTrunk.placeCall, the path the
 * calls layer uses) against scripted TLS proxies on 127.0.0.1 with a test CA. For reference, in the same
 * run: the same call answered by the first proxy at once. Bounded: 60 calls each, one at a time, over
 * the TLS connections the OPTIONS keep-alive opened at start.
 *
 *   npm run bench:teams
 */
import { directRoutingSchema } from '../../server/shared/config/direct-routing-config-schema.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { DirectRoutingTrunk } from '../../server/trunks/direct-routing/direct-routing-trunk.js';
import { TeamsCallee } from '../../e2e/support/fake-microsoft/fake-teams-callee.js';
import { FakeTeamsSipProxy } from '../../e2e/support/fake-microsoft/fake-teams-sip-proxy.js';
import { makeNamedCertificateAuthority } from '../../e2e/support/fake-microsoft/named-test-certificates.js';
import { percentile } from '../support/percentiles.js';

const CALLS = 60;
const PROXY_NAMES = ['sip.pstnhub.microsoft.com', 'sip2.pstnhub.microsoft.com', 'sip3.pstnhub.microsoft.com'];
const TENANT = 'sbc.contoso.test';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** An SDES offer as rtpengine makes it toward Teams (the trunk shapes it on the way out). */
const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/SAVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoZ',
  'a=sendrecv',
  '',
].join('\r\n');

async function main(): Promise<void> {
  const ca = await makeNamedCertificateAuthority();
  const proxies: FakeTeamsSipProxy[] = [];
  let trunk: DirectRoutingTrunk | null = null;
  try {
    const proxyCertificate = await ca.issue('pstnhub', PROXY_NAMES);
    const tenant = { fqdn: TENANT, ...(await ca.issue(TENANT, [TENANT])) };
    for (const name of PROXY_NAMES) {
      const proxy = new FakeTeamsSipProxy(name, proxyCertificate, ca.caFile);
      await proxy.start();
      proxies.push(proxy);
    }
    const [first, second] = proxies.map((proxy) => new TeamsCallee(proxy)) as [TeamsCallee, TeamsCallee];
    const config = directRoutingSchema.parse({
      enabled: true,
      tenants: [tenant],
      caFile: ca.caFile,
      proxies: proxies.map((proxy) => `${proxy.name}:${proxy.port}`),
      optionsIntervalSeconds: 3600,
    });
    config.listen.port = 0;
    trunk = new DirectRoutingTrunk({
      config,
      version: 'bench',
      logger: createRootLogger({ level: 'silent' }),
      resolve: async () => '127.0.0.1',
    });
    await trunk.start();

    const answer = { kind: 'answer', forks: [], answerFrom: 'teams', sdp: () => OFFER } as const;
    let refusedAt = 0;
    // 503 without Retry-After: the proxy is not held off, so every call meets the 503 first.
    const refuse = () => {
      refusedAt = performance.now();
      return { kind: 'refuse', status: 503 } as const;
    };

    /** `from(startedAt)`: where a call's time starts (its INVITE, or the 503 it met). */
    const run = async (label: string, from: (startedAt: number) => number) => {
      const times: number[] = [];
      const whole: number[] = [];
      for (let index = 0; index < CALLS; index++) {
        const startedAt = performance.now();
        const placed = trunk!.placeCall({
          number: '+14255550100',
          caller: { user: '+15550100', displayName: 'Bench' },
          offer: OFFER,
          callId: `bench-${label}-${index}`,
        });
        const outcome = await placed.outcome;
        const answeredAt = performance.now();
        if (outcome.kind !== 'answered') throw new Error(`${label}: ${outcome.response.status}`);
        times.push(answeredAt - from(startedAt));
        whole.push(answeredAt - startedAt);
        await outcome.dialog.bye();
      }
      return { times, whole };
    };

    first.script = () => answer;
    const { times: direct } = await run('direct', (startedAt) => startedAt);
    first.script = refuse;
    second.script = () => answer;
    const { times: failover, whole } = await run('failover', () => refusedAt);

    const row = (label: string, values: number[]) =>
      `| ${label} | ${percentile(values, 50).toFixed(2)} ms | ${percentile(values, 95).toFixed(2)} ms | ${Math.max(...values).toFixed(2)} ms |`;
    say(`Direct Routing failover, ${CALLS} calls each, one at a time (TLS on 127.0.0.1)`);
    say('| measured | p50 | p95 | max |');
    say('|---|---|---|---|');
    say(row('503 at sip → answered via sip2', failover));
    say(row('INVITE → 503 at sip → answered via sip2 (whole setup)', whole));
    say(row('reference: INVITE → answered by sip at once', direct));
    say(
      `Ratio p50 whole setup with failover / direct call: ${(percentile(whole, 50) / percentile(direct, 50)).toFixed(2)}x`,
    );
  } finally {
    await trunk?.stop();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await ca.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
