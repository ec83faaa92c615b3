/**
 * The calls component with real peers in this process, for the calls tests: Tandem's SIP stack and a real
 * rtpengine, a trunk, a carrier (the outbound trunk) and two agents' phones that are SIP stacks of their own
 * on loopback, and RTP peers sending tones.
 *
 *   const h = useCallsHarness(); // registers the vitest hooks
 *   h.register('alice'); const outcome = await h.call(h.trunk, (await h.rtpPeer()).sdp()).outcome;
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { startTestMediaPlane } from '../../sfu/testing/media-plane.fixture.js';
import { RtpPeer } from '../../sfu/testing/rtp-peer.fixture.js';
import type { IncomingInvite } from '../../sip/dialog/incoming-invite.js';
import type { SipStack } from '../../sip/sip-stack.js';
import { portOf, startTestStack } from '../../sip/sip-stack.fixture.js';
import { seedDemoTenant } from '../../store/seed-demo-tenant.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { CallsService } from '../calls-service.js';

type MediaFixture = Awaited<ReturnType<typeof startTestMediaPlane>>;
type Answer = (invite: IncomingInvite) => void;

export interface CallsHarness {
  readonly store: SqliteStore;
  readonly media: MediaFixture;
  readonly tandem: SipStack;
  readonly calls: CallsService;
  readonly trunk: SipStack;
  readonly carrier: SipStack;
  readonly phones: Record<'alice' | 'bob', { stack: SipStack; answer: Answer }>;
  /** What the carrier (the outbound trunk) does with the next INVITE. */
  onCarrierInvite: Answer;
  /** The agent's phone is registered (the registrar itself is tested with real clients elsewhere). */
  register(name: 'alice' | 'bob'): void;
  rtpPeer(): Promise<RtpPeer>;
  call(from: SipStack, body: string, number?: string): ReturnType<SipStack['dialogs']['invite']>;
  lastRecord(): { record: ReturnType<SqliteStore['calls']['find']> & object; events: string[] };
}

/** An answer SDP for an agent that does not need to hear anything. */
export function peersSdp(invite: IncomingInvite): string {
  return invite.request.bodyText.replace(/^o=.*$/m, 'o=agent 1 1 IN IP4 127.0.0.1');
}

export function useCallsHarness(): CallsHarness {
  const peers: RtpPeer[] = [];
  const state = {} as { -readonly [K in keyof CallsHarness]: CallsHarness[K] };
  state.onCarrierInvite = (invite) => invite.reject(503);

  beforeAll(async () => {
    const store = SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'tandem-calls-')), 'tandem.db'));
    seedDemoTenant(store, 'tandem');
    const tenantId = store.tenants.list()[0]!.id;
    store.numbers.upsert({
      e164: '+15550199',
      tenantId,
      label: 'Sales',
      target: { kind: 'queue', name: 'sales' },
    });
    const media = await startTestMediaPlane();
    const tandem = await startTestStack({ protocols: ['udp'] });
    const calls = new CallsService({
      sip: tandem,
      media: media.plane,
      store,
      logger: createRootLogger({ level: (process.env.TANDEM_TEST_LOG as 'debug') ?? 'silent' }),
      ringTimeoutMs: 1_000,
      // Phones that register are ready at once, and ready again right after a call (no wrap-up).
      routing: { stateAfterLogin: 'Available', wrapUpMs: 0 },
      maxQueueWaitMs: 5_000,
      domain: 'tandem.local',
      dataDir: media.dataDir,
      recording: {
        trunks: [],
        queues: ['sales'],
        recordingDir: join(media.dataDir, 'recordings'),
        outputDir: join(media.dataDir, 'recordings', 'calls'),
      },
    });
    const carrier = await startTestStack({ protocols: ['udp'] });
    carrier.core.onInvite((invite) => state.onCarrierInvite(invite));
    store.trunks.create({
      tenantId,
      name: 'carrier',
      kind: 'pstn',
      allowedSources: ['127.0.0.3'],
      outboundUri: `sip:127.0.0.1:${portOf(carrier, 'udp')}`,
    });
    await calls.start();
    const phones = {} as CallsHarness['phones'];
    for (const name of ['alice', 'bob'] as const) {
      const stack = await startTestStack({ protocols: ['udp'] });
      phones[name] = { stack, answer: (invite) => invite.reject(480) };
      stack.core.onInvite((invite) => phones[name].answer(invite), ['INFO']);
    }
    Object.assign(state, { store, media, tandem, calls, carrier, phones });
    state.trunk = await startTestStack({ protocols: ['udp'] });
  });

  afterAll(async () => {
    await state.calls?.stop();
    const stacks = [
      state.tandem,
      state.trunk,
      state.carrier,
      state.phones?.alice.stack,
      state.phones?.bob.stack,
    ];
    await Promise.all(stacks.map((stack) => stack?.stop()));
    await state.media?.plane.stop();
    state.store?.close();
  });

  afterEach(() => {
    state.onCarrierInvite = (invite) => invite.reject(503);
    for (const peer of peers.splice(0)) peer.close();
    for (const name of ['alice', 'bob'] as const) {
      state.tandem.location.replace(name, []);
      state.phones[name].answer = (invite) => invite.reject(480);
    }
  });

  state.register = (name) => {
    const { tandem, phones } = state;
    const port = portOf(phones[name].stack, 'udp');
    tandem.location.replace(name, [
      {
        aor: name,
        contact: `sip:${name}@127.0.0.1:${port}`,
        callId: `reg-${name}`,
        cseq: 1,
        expiresAt: Date.now() + 600_000,
        registeredAt: Date.now(),
        // The flow id Tandem's UDP transport gives the phone's packets, so its INVITEs are known as the agent's.
        flow: {
          id: `udp:127.0.0.1:${portOf(tandem, 'udp')}>127.0.0.1:${port}`,
          protocol: 'udp',
          local: { host: '127.0.0.1', port: portOf(tandem, 'udp') },
          remote: { host: '127.0.0.1', port },
          reliable: false,
        },
      },
    ]);
  };
  state.rtpPeer = async () => {
    const peer = await RtpPeer.open();
    peers.push(peer);
    return peer;
  };
  state.call = (from, body, number = '+15550101') =>
    from.dialogs.invite({
      uri: `sip:${number}@127.0.0.1:${portOf(state.tandem, 'udp')}`,
      from: '"Ada Caller" <sip:+4930111222@127.0.0.1>',
      to: `<sip:${number}@tandem.local>`,
      body,
    });
  state.lastRecord = () => {
    const [record] = state.store.calls.changedSince(0, 1_000).slice(-1);
    if (!record) throw new Error('no call record');
    return { record, events: state.store.calls.events(record.id).map((event) => event.kind) };
  };
  return state;
}
