/**
 * The browser agent that call journeys will use: SIP.js 0.21 in headless Chromium with real WebRTC media
 * from the fake microphone (a 440 Hz tone).
 *
 * With Tandem: the agent registers over wss and ws, a wrong password is refused where the agent can see it,
 * and the binding goes when the agent un-registers or its page closes. What the server holds is read from
 * its /metrics.
 *
 * Without Tandem (its calls layer is not there yet): two agents call each other over a plain SIP wire, so
 * that the media checks are proven able to pass and to fail: each side hears the other's tone, a muted
 * microphone is heard as silence, hold silences the held party, DTMF goes by INFO and by RFC 4733, and both
 * hang-up and refusal end the call on both sides.
 */
import type { Browser } from '@playwright/test';
import { expect, test, type BrowserAgentFixtures } from '../support/browser-agent/agent-fixtures.node.js';
import { NoAudioError } from '../support/browser-agent/audio-checks.node.js';
import { openBrowserAgent, RegistrationRefusedError } from '../support/browser-agent/browser-agent.node.js';
import type { BrowserCall } from '../support/browser-agent/browser-call.node.js';
import { startSipWire, type SipWire } from '../support/browser-agent/sip-wire.node.js';
import { pollUntil, readMetric } from '../support/metrics.js';
import type { TandemServer } from '../support/tandem-server.js';

type OpenAgent = BrowserAgentFixtures['openAgent'];

const sipMetric = (tandem: TandemServer, name: string) => readMetric(tandem.baseUrl, `tandem_sip_${name}`);

const bindingsBecome = (tandem: TandemServer, count: number) =>
  pollUntil(
    () => sipMetric(tandem, 'bindings'),
    (value) => value === count,
  );

test.describe('an agent in Chromium registers with Tandem', () => {
  for (const transport of ['wss', 'ws'] as const) {
    test(`over ${transport}: registered, shown as such, and un-registering removes the binding`, async ({
      openAgent,
      tandem,
    }) => {
      const alice = await openAgent({ tandem, username: 'alice', transport });

      await alice.registered();

      await expect(alice.page.getByTestId('registration')).toHaveText('Registered as sip:alice@tandem.local');
      expect(await sipMetric(tandem, 'bindings')).toBe(1);
      expect(await sipMetric(tandem, 'registered_aors')).toBe(1);
      // The REGISTER really went over this transport: SIP.js names it in its Via (RFC 7118 section 5).
      expect(alice.log.join('\n')).toMatch(new RegExp(`^Via: SIP/2\\.0/${transport.toUpperCase()} `, 'm'));

      const accepted = await sipMetric(tandem, 'registrations_accepted');

      await alice.unregister();

      expect(await bindingsBecome(tandem, 0)).toBe(0);
      expect(await sipMetric(tandem, 'registrations_accepted')).toBe(accepted + 1); // REGISTER, expires 0
      await expect(alice.page.getByTestId('registration')).toHaveText('Not registered (Unregistered)');
    });
  }

  test('a wrong password is refused: the agent shows why and holds no binding', async ({
    openAgent,
    tandem,
  }) => {
    const refusedBefore = await sipMetric(tandem, 'auth_failures');
    const alice = await openAgent({ tandem, username: 'alice', password: 'not-demo' });

    const refusal = await alice.registered().then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(RegistrationRefusedError);
    expect((refusal as RegistrationRefusedError).statusCode).toBe(403);
    await expect(alice.page.getByTestId('registration')).toHaveText(/^Registration refused: 403 /);
    expect((await alice.registration()).state).not.toBe('Registered');
    expect(await sipMetric(tandem, 'auth_failures')).toBe(refusedBefore + 1);
    expect(await sipMetric(tandem, 'bindings')).toBe(0);
  });

  test('closing the page without un-registering removes the binding with its WebSocket', async ({
    openAgent,
    tandem,
  }) => {
    const bob = await openAgent({ tandem, username: 'bob' });
    await bob.registered();
    expect(await sipMetric(tandem, 'bindings')).toBe(1);
    const accepted = await sipMetric(tandem, 'registrations_accepted');

    await bob.page.close(); // as a closed tab or a crashed browser would: no REGISTER with expires 0

    // The binding belongs to its flow (RFC 5626 5.2): it goes with the connection, not after 600 s.
    expect(await bindingsBecome(tandem, 0)).toBe(0);
    expect(await sipMetric(tandem, 'connections')).toBe(0);
    expect(await sipMetric(tandem, 'registrations_accepted')).toBe(accepted);
  });

  test('a browser that does not accept the certificate cannot connect over wss', async ({
    browser,
    tandem,
  }) => {
    const strict = await browser.newContext({ ignoreHTTPSErrors: false });
    try {
      await expect(openBrowserAgent(strict, { tandem, username: 'alice', transport: 'wss' })).rejects.toThrow(
        /alice could not connect to wss:\/\/127\.0\.0\.1:\d+ \(for wss, the browser context needs/,
      );
      expect(await sipMetric(tandem, 'bindings')).toBe(0);
    } finally {
      await strict.close();
    }
  });
});

test.describe('two agents in Chromium call each other over a plain SIP wire (no Tandem)', () => {
  let wire: SipWire;

  test.beforeEach(async () => {
    wire = await startSipWire();
  });

  test.afterEach(async () => {
    await wire.close();
  });

  /** Alice in the test's context calls Bob in a context of his own; Bob answers. */
  async function connectedCall({ openAgent, browser }: { openAgent: OpenAgent; browser: Browser }) {
    const alice = await openAgent({ server: wire.url, username: 'alice', register: false });
    const bobContext = await browser.newContext();
    const bob = await openAgent({ server: wire.url, username: 'bob', register: false }, bobContext);
    const aliceCall = await alice.call('sip:bob@tandem.local');
    const bobCall = await bob.nextIncomingCall();
    expect(bobCall.remoteUri).toBe('sip:alice@tandem.local');
    await expect.poll(() => wire.messagesLike(/^SIP\/2\.0 180 Ringing\r$/m)).toHaveLength(1);
    await bobCall.answer();
    await aliceCall.established();
    return { alice, bob, aliceCall, bobCall, bobContext };
  }

  /** `waitForAudio` must fail on a silent stream: what it heard is returned for the test to look at. */
  async function expectNoAudio(call: BrowserCall) {
    const outcome = await call.waitForAudio({ timeoutMs: 1_500 }).then(
      (heard) => heard,
      (failure: unknown) => failure,
    );
    expect(outcome, JSON.stringify(outcome)).toBeInstanceOf(NoAudioError);
    return (outcome as NoAudioError).heard;
  }

  test('each hears the other over 127.0.0.1, and a muted microphone is heard as silence', async ({
    openAgent,
    browser,
  }) => {
    const { aliceCall, bobCall, bobContext } = await connectedCall({ openAgent, browser });
    try {
      const bobHears = await bobCall.waitForAudio();
      const aliceHears = await aliceCall.waitForAudio();

      expect(bobHears.energy).toBeGreaterThan(0.001);
      expect(aliceHears.energy).toBeGreaterThan(0.001);
      expect(bobHears.stats.inbound?.codec).toBe('audio/opus');
      expect(bobHears.stats.source?.totalAudioEnergy).toBeGreaterThan(0);
      // Media ran on loopback both ways: each side's local address is the one the other saw (STUN).
      for (const stats of [bobHears.stats, aliceHears.stats]) {
        expect(stats.selectedPair).toMatchObject({ localAddress: '127.0.0.1', remoteAddress: '127.0.0.1' });
      }
      // The offer and the answer name no address but loopback.
      const descriptions = wire.messagesLike(/^(INVITE |SIP\/2\.0 200 OK)/).filter((m) => m.includes('v=0'));
      expect(descriptions).toHaveLength(2);
      for (const sdp of descriptions) {
        const addresses = [...sdp.matchAll(/^(?:c=IN IP4|a=candidate:\S+ \d+ \S+ \d+) (\S+)/gm)].map(
          (m) => m[1],
        );
        expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
      }

      await aliceCall.setMicrophoneEnabled(false);

      const silence = await bobCall.waitForSilence();
      expect(silence.packets).toBeGreaterThanOrEqual(25); // packets keep coming: silence, not a dead stream
      const muted = await expectNoAudio(bobCall);
      expect(muted.packets).toBeGreaterThan(25);
      expect(muted.energy).toBeLessThan(0.0001);

      await aliceCall.setMicrophoneEnabled(true);

      await bobCall.waitForAudio();
    } finally {
      await bobContext.close();
    }
  });

  test('hold silences the held party, DTMF goes by INFO and by RFC 4733, and a BYE ends both sides', async ({
    openAgent,
    browser,
  }) => {
    const { aliceCall, bobCall, bobContext } = await connectedCall({ openAgent, browser });
    try {
      await bobCall.waitForAudio();

      await aliceCall.hold();

      expect(await aliceCall.snapshot()).toMatchObject({ held: true, audioDirection: 'sendonly' });
      expect((await bobCall.snapshot()).audioDirection).toBe('recvonly');
      expect(wire.messagesLike(/^INVITE /).at(-1)).toMatch(/^a=sendonly\r$/m);
      await bobCall.waitForSilence(); // the held party gets packets of silence
      expect((await expectNoAudio(aliceCall)).packets).toBeLessThan(3); // and sends none, being recvonly

      await aliceCall.unhold();

      expect(await aliceCall.snapshot()).toMatchObject({ held: false, audioDirection: 'sendrecv' });
      await bobCall.waitForAudio();
      await aliceCall.waitForAudio();

      await aliceCall.sendDtmf('5', { method: 'info' });

      expect(await bobCall.receivedDtmf()).toEqual([
        { tone: '5', durationMs: 160, contentType: 'application/dtmf-relay' },
      ]);
      expect(wire.messagesLike(/^INFO /)).toHaveLength(1);

      await aliceCall.sendDtmf('19#', { method: 'rfc4733', durationMs: 100 });

      expect((await aliceCall.snapshot()).dtmfPlayed).toBe('19#');
      expect((await aliceCall.descriptions()).remote).toMatch(/^a=rtpmap:\d+ telephone-event\/8000\r$/m);
      expect(wire.messagesLike(/^INFO /)).toHaveLength(1); // RFC 4733 stays in the media

      expect(await bobCall.hangup()).toEqual({ by: 'local', cause: 'bye' });
      expect(await aliceCall.ended()).toEqual({ by: 'remote', cause: 'bye' });
      expect(wire.messagesLike(/^BYE /)).toHaveLength(1);
    } finally {
      await bobContext.close();
    }
  });

  test('a refused call and a cancelled one end on both sides with their cause', async ({
    openAgent,
    browser,
  }) => {
    const alice = await openAgent({ server: wire.url, username: 'alice', register: false });
    const bobContext = await browser.newContext();
    try {
      const bob = await openAgent({ server: wire.url, username: 'bob', register: false }, bobContext);

      const refused = await alice.call('bob');
      expect(await (await bob.nextIncomingCall()).reject(486)).toEqual({
        by: 'local',
        cause: 'rejected',
        statusCode: 486,
      });
      expect(await refused.ended()).toMatchObject({ by: 'remote', cause: 'rejected', statusCode: 486 });

      const cancelled = await alice.call('bob');
      const ringing = await bob.nextIncomingCall();
      expect(await cancelled.hangup()).toEqual({ by: 'local', cause: 'cancel' });
      expect(await ringing.ended()).toEqual({ by: 'remote', cause: 'cancel' });
      expect(wire.messagesLike(/^CANCEL /)).toHaveLength(1);
    } finally {
      await bobContext.close();
    }
  });
});
