/**
 * A Teams user being called: answers the INVITEs that reach a FakeTeamsSipProxy as scripted (refuse with
 * a status, ring without answering, or ring from one or several forks and answer from one or two).
 */
import type { TLSSocket } from 'node:tls';
import type { FakeTeamsSipProxy } from './fake-teams-sip-proxy.js';
import {
  parseSipText,
  responseTo,
  tagOf,
  TeamsCallLeg,
  token,
  uriIn,
  type SipText,
} from './fake-teams-calls.js';

/** How the Teams user answers one INVITE. */
export type CalleeScript =
  | { readonly kind: 'refuse'; readonly status: number; readonly headers?: string[] }
  /** 180 and nothing more, until Tandem cancels (answered 487). */
  | { readonly kind: 'ring' }
  /**
   * 180 from each fork tag in turn, then 200 from `answerFrom` with `sdp`; `lateAnswerFrom`: another
   * fork answers too, just after (Tandem must ACK and BYE it).
   */
  | {
      readonly kind: 'answer';
      readonly forks: readonly string[];
      readonly answerFrom: string;
      readonly sdp: (offer: SipText) => string;
      readonly lateAnswerFrom?: string;
    };

/** Orders what all callees of a test saw, across proxies (which one a call reaches depends on failover). */
let arrival = 0;

/** A Teams user being called: answers the INVITEs that reach `proxy`. */
export class TeamsCallee {
  /** INVITEs received (initial ones only). */
  readonly invites: SipText[] = [];
  readonly legs: TeamsCallLeg[] = [];
  /** When each of `invites` and `legs` arrived, in the order shared by all callees. */
  readonly inviteArrivals: number[] = [];
  readonly legArrivals: number[] = [];
  /** CANCELs received (Tandem gave up ringing). */
  readonly cancels: SipText[] = [];
  /** Forks that answered after the first: Tandem must end them. */
  readonly lateLegs: TeamsCallLeg[] = [];
  script: (invite: SipText) => CalleeScript = () => ({ kind: 'refuse', status: 480 });
  private readonly byCallId = new Map<string, TeamsCallLeg>();

  constructor(private readonly proxy: FakeTeamsSipProxy) {
    proxy.onMessage = (text, socket) => this.receive(parseSipText(text), socket);
  }

  detach(): void {
    if (this.proxy.onMessage) this.proxy.onMessage = null;
  }

  private receive(incoming: SipText, socket: TLSSocket): boolean {
    const callId = incoming.header('Call-ID') ?? '';
    // Our tag: in To of Tandem's requests, in From of its answers to ours.
    const ourTag = incoming.status > 0 ? tagOf(incoming.header('From')) : tagOf(incoming.header('To'));
    const leg = this.byCallId.get(`${callId}|${ourTag}`);
    if (leg) {
      leg.receive(incoming);
      return true;
    }
    if (incoming.method === 'ACK') return true;
    if (incoming.method === 'CANCEL') {
      this.cancels.push(incoming);
      socket.write(responseTo(incoming, 200, 'ringing'));
      const invite = this.invites.find((candidate) => candidate.header('Call-ID') === callId);
      if (invite) socket.write(responseTo(invite, 487, 'ringing'));
      return true;
    }
    if (incoming.method !== 'INVITE') return false;
    // Answers go out as written, as Microsoft's proxies send them (no Nagle delay behind a 100 Trying).
    socket.setNoDelay(true);
    this.invites.push(incoming);
    this.inviteArrivals.push(++arrival);
    const script = this.script(incoming);
    if (script.kind === 'refuse') {
      socket.write(responseTo(incoming, script.status, `refused${token()}`, script.headers));
      return true;
    }
    if (script.kind === 'ring') {
      socket.write(responseTo(incoming, 180, 'ringing'));
      return true;
    }
    socket.write(responseTo(incoming, 100, ''));
    for (const fork of script.forks) {
      socket.write(
        responseTo(incoming, 180, fork, [`Contact: <sip:${fork}@${this.proxy.name};transport=tls>`]),
      );
    }
    const sdp = script.sdp(incoming);
    const to = incoming.header('To') ?? '';
    for (const tag of [script.answerFrom, script.lateAnswerFrom]) {
      if (tag === undefined) continue;
      const forkContact = `<sip:${tag}@${this.proxy.name}:${this.proxy.port};transport=tls>`;
      socket.write(responseTo(incoming, 200, tag, [`Contact: ${forkContact}`], sdp));
      const answered = new TeamsCallLeg(
        socket,
        callId,
        `${to};tag=${tag}`,
        incoming.header('From') ?? '',
        uriIn(incoming.header('Contact')),
        `${this.proxy.name}:${this.proxy.port}`,
      );
      this.byCallId.set(`${callId}|${tag}`, answered);
      if (tag === script.answerFrom) {
        this.legs.push(answered);
        this.legArrivals.push(++arrival);
      } else this.lateLegs.push(answered);
    }
    return true;
  }
}
