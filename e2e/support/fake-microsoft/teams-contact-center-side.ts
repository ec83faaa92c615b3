/**
 * Microsoft's side of the Teams contact-center journey, for a SPAWNED Tandem server: one scripted Teams SIP
 * proxy on 127.0.0.1 reached by name (`localhost:<port>`, certificate for `localhost` from a test CA), the
 * Teams users behind it (a caller dialling in, an expert taking transfers), each with an SDES-SRTP media
 * peer that keeps talking a tone while the call lasts and follows Tandem's re-INVITEs, as a phone would.
 *
 *   const side = await startTeamsSide();
 *   const tandem = await startTandem({ env: side.tandemEnv(listenPort) });
 *   side.connectCaller(listenPort) ... side.expertAnswers() ... await side.close();
 */
import { mediaAddressOf, type MediaAddress } from '../../../server/sfu/testing/rtp-peer.fixture.js';
import { SrtpPeer, toneShare } from '../../../server/sfu/testing/srtp-peer.fixture.js';
import { TeamsCallee } from './fake-teams-callee.js';
import type { SipText, TeamsCallLeg } from './fake-teams-calls.js';
import { TeamsCaller } from './fake-teams-caller.js';
import { FakeTeamsSipProxy } from './fake-teams-sip-proxy.js';
import {
  makeNamedCertificateAuthority,
  type NamedCertificate,
  type NamedCertificateAuthority,
} from './named-test-certificates.js';

export const SBC_FQDN = 'sbc.contoso.test';
export const PROXY_NAME = 'localhost';

/**
 * A Teams user's media: sends a tone every 20 ms while the call lasts, to wherever Tandem's latest SDP says;
 * takes Tandem's key from each SDP; answers a re-INVITE following its direction (`a=inactive` stays inactive).
 */
export class TalkingTeamsUser {
  /** The direction of every re-INVITE offer Tandem sent this user, in order. */
  readonly reinviteDirections: string[] = [];
  private remote: MediaAddress | null = null;
  private talking = true;
  private readonly talk: Promise<void>;

  constructor(
    readonly peer: SrtpPeer,
    toneHz: number,
  ) {
    this.talk = this.keepTalking(toneHz);
  }

  /** Tandem's SDP (its answer, offer or re-INVITE): where to send, and its key. */
  follow(sdp: string): void {
    this.peer.useRemoteCrypto(sdp);
    this.remote = mediaAddressOf(sdp);
  }

  /** Answers Tandem's re-INVITEs on `leg` from now on. */
  answerReinvitesOn(leg: TeamsCallLeg): void {
    leg.onReinvite = (offer: SipText) => {
      const direction = /^a=(sendonly|recvonly|inactive|sendrecv)\r?$/m.exec(offer.body)?.[1] ?? 'sendrecv';
      this.reinviteDirections.push(direction);
      this.follow(offer.body);
      return this.peer.sdp(direction === 'inactive' ? 'inactive' : 'sendrecv');
    };
  }

  /** A position in what this user heard, for `hears`. */
  mark(): number {
    return this.peer.received.length;
  }

  /** What this user heard in the next `ms`: packets, and the share of `toneHz` in them. */
  async hears(
    toneHz: number,
    ms = 1_000,
  ): Promise<{ packets: number; toneShare: number; authFailures: number }> {
    const mark = this.mark();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const payloads = this.peer.received
      .slice(mark)
      .filter((packet) => packet.payloadType === 0)
      .map((packet) => packet.payload);
    return {
      packets: payloads.length,
      toneShare: Number(toneShare(payloads, toneHz).toFixed(3)),
      authFailures: this.peer.authFailures,
    };
  }

  async stop(): Promise<void> {
    this.talking = false;
    await this.talk;
    this.peer.close();
  }

  private async keepTalking(toneHz: number): Promise<void> {
    while (this.talking) {
      if (this.remote) await this.peer.sendTone(this.remote, 5, { toneHz });
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export interface TeamsSide {
  readonly proxy: FakeTeamsSipProxy;
  readonly callee: TeamsCallee;
  readonly caFile: string;
  /** Tandem's configuration for this side: its Direct Routing trunk listening on `listenPort`. */
  tandemEnv(listenPort: number, teamsNumbers: readonly string[]): Record<string, string>;
  /** A Teams user (through the proxy) connected to Tandem's trunk listener. */
  connectCaller(listenPort: number): Promise<TeamsCaller>;
  /** A media peer for a Teams user, talking `toneHz`. */
  talkingUser(toneHz: number): Promise<TalkingTeamsUser>;
  /** The Teams user called next answers, talking `toneHz` (its media peer). */
  expertAnswers(toneHz: number): Promise<TalkingTeamsUser>;
  close(): Promise<void>;
}

export async function startTeamsSide(): Promise<TeamsSide> {
  const ca: NamedCertificateAuthority = await makeNamedCertificateAuthority('Tandem Teams journey CA');
  const proxyCertificate: NamedCertificate = await ca.issue('proxy', [PROXY_NAME]);
  const tenant = { fqdn: SBC_FQDN, ...(await ca.issue('sbc', [SBC_FQDN])) };
  const proxy = new FakeTeamsSipProxy(PROXY_NAME, proxyCertificate, ca.caFile);
  await proxy.start();
  const callee = new TeamsCallee(proxy);
  const users: TalkingTeamsUser[] = [];
  const callers: TeamsCaller[] = [];
  const talkingUser = async (toneHz: number) => {
    const user = new TalkingTeamsUser(await SrtpPeer.open(), toneHz);
    users.push(user);
    return user;
  };
  return {
    proxy,
    callee,
    caFile: ca.caFile,
    tandemEnv: (listenPort, teamsNumbers) => ({
      TANDEM_TEAMS_DIRECT_ROUTING_ENABLED: 'true',
      TANDEM_TEAMS_DIRECT_ROUTING_LISTEN_HOST: '127.0.0.1',
      TANDEM_TEAMS_DIRECT_ROUTING_LISTEN_PORT: String(listenPort),
      TANDEM_TEAMS_DIRECT_ROUTING_TENANTS: JSON.stringify([tenant]),
      TANDEM_TEAMS_DIRECT_ROUTING_CA_FILE: ca.caFile,
      TANDEM_TEAMS_DIRECT_ROUTING_PROXIES: JSON.stringify([`${PROXY_NAME}:${proxy.port}`]),
      TANDEM_TEAMS_DIRECT_ROUTING_OPTIONS_INTERVAL_SECONDS: '3600',
      TANDEM_TEAMS_DIRECT_ROUTING_TEAMS_NUMBERS: JSON.stringify(teamsNumbers),
    }),
    connectCaller: async (listenPort) => {
      const caller = await TeamsCaller.connect({
        sbc: { host: '127.0.0.1', port: listenPort },
        tenant: SBC_FQDN,
        proxyName: PROXY_NAME,
        certificate: proxyCertificate,
        caFile: ca.caFile,
      });
      callers.push(caller);
      return caller;
    },
    talkingUser,
    expertAnswers: async (toneHz) => {
      const expert = await talkingUser(toneHz);
      callee.script = () => ({
        kind: 'answer',
        forks: [],
        answerFrom: 'expert',
        sdp: (offer) => {
          expert.follow(offer.body);
          // The callee makes the call's leg right after taking this answer, in the same turn.
          queueMicrotask(() => expert.answerReinvitesOn(callee.legs.at(-1)!));
          return expert.peer.sdp();
        },
      });
      return expert;
    },
    close: async () => {
      callee.script = () => ({ kind: 'refuse', status: 480 });
      for (const caller of callers) caller.close();
      await Promise.all(users.map((user) => user.stop()));
      await proxy.stop();
      await ca.dispose();
    },
  };
}
