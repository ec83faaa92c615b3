/**
 * A callback the routing engine offered to an agent: Tandem rings the agent first (with a short spoken
 * note of who is being called back, from our IVR endpoint), and once the agent answers it dials the
 * customer's number through the tenant's trunk; when the customer answers, the agent's leg is moved to
 * the customer by re-INVITE and the two talk through rtpengine.
 *
 *   RingingAgent --agent answers--> DialingCustomer --customer answers--> Connected --BYE either side--> Ended
 *        |                               |
 *        +-- withdrawn, refused ---------+-- no answer, busy, no route: the agent is told, then BYE --> Ended
 */
import type { Logger } from '../shared/logger.js';
import type { MediaPlane } from '../sfu/media-plane.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import { IvrEndpoint, type PromptMaker } from '../sfu/ivr/index.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { PlacedInvite } from './teams-trunk-types.js';
import type { CallRecordWriter } from './call-record-writer.js';
import type { CallEndReason, HangupBy } from './call-types.js';
import type { CallTarget } from './callee-placer.js';
import { audioAddressOf } from './ivr-finder.js';
import { answerToward, offerToward } from './media-profiles.js';

export enum CallbackState {
  RingingAgent = 'ringing-agent',
  DialingCustomer = 'dialing-customer',
  Connected = 'connected',
  Ended = 'ended',
}

export interface CallbackCallDeps {
  readonly media: MediaPlane;
  readonly prompts: PromptMaker | null;
  readonly voice: string;
  readonly record: CallRecordWriter;
  readonly logger: Logger;
  readonly ringTimeoutMs: number;
  /** The engine accepted the agent's answer (false: the offer had ended meanwhile). */
  readonly agentAnswered: () => boolean;
  /** The agent refused or did not answer the offer. */
  readonly agentRefused: () => void;
  /** The callback is over; `served` when the agent had taken it (else routing offers it again). */
  readonly ended: (reason: CallEndReason, served: boolean) => void;
}

export class CallbackCall {
  private currentState = CallbackState.RingingAgent;
  private session: MediaSession | null = null;
  private endpoint: IvrEndpoint | null = null;
  private agentInvite: PlacedInvite | null = null;
  private agentDialog: Dialog | null = null;
  private customerInvite: PlacedInvite | null = null;
  private customerDialog: Dialog | null = null;
  private withdrawn = false;
  private accepted = false;

  constructor(
    readonly id: string,
    private readonly customerNumber: string,
    private readonly agent: CallTarget,
    private readonly customer: () => Promise<CallTarget | null>,
    private readonly deps: CallbackCallDeps,
  ) {}

  get state(): CallbackState {
    return this.currentState;
  }

  start(): void {
    this.run().catch((error: Error) => {
      this.deps.logger.warn({ err: error, callId: this.id }, 'callback failed');
      this.end('failed', 'system');
    });
  }

  /** The engine took the offer back (rang out, the agent went away): stop ringing the agent. */
  withdraw(): void {
    if (this.currentState !== CallbackState.RingingAgent) return;
    this.withdrawn = true;
    if (this.agentInvite) this.agentInvite.cancel('SIP;cause=480;text="No answer"');
    else this.end('no-answer', 'system');
  }

  hangup(reason: CallEndReason): void {
    this.end(reason, 'system');
  }

  private async run(): Promise<void> {
    const session = this.deps.media.createSession({ callId: this.id });
    this.session = session;
    const endpoint = await IvrEndpoint.open({ logger: this.deps.logger, id: this.id });
    this.endpoint = endpoint;
    const endpointLeg = session.addLeg({ label: 'ivr' });
    const agentLeg = session.addLeg({ label: this.agent.label });
    const offer = await endpointLeg.offer(endpoint.sdp(), { to: agentLeg, ...offerToward(this.agent.media) });
    if (this.ended) return;
    this.deps.record.event('offered', { target: this.agent.label, agentId: this.agent.agentId });
    const invite = this.agent.place(offer.sdp, null, this.id);
    this.agentInvite = invite;
    const timer = setTimeout(() => invite.cancel('SIP;cause=480;text="No answer"'), this.deps.ringTimeoutMs);
    timer.unref();
    const outcome = await invite.outcome;
    clearTimeout(timer);
    if (this.ended) {
      if (outcome.kind === 'answered') void outcome.dialog.bye();
      return;
    }
    if (outcome.kind === 'failed') {
      this.deps.record.event('offer-failed', { target: this.agent.label, status: outcome.response.status });
      // Ended first: routing may offer the callback again at once, to another agent.
      this.end('no-answer', 'system');
      if (!this.withdrawn) this.deps.agentRefused();
      return;
    }
    if (!this.deps.agentAnswered()) {
      void outcome.dialog.bye();
      this.end('failed', 'system');
      return;
    }
    this.accepted = true;
    this.agentDialog = outcome.dialog;
    this.watch(outcome.dialog, 'callee');
    const towardEndpoint = await agentLeg.answer(outcome.response.bodyText, {
      to: endpointLeg,
      ...answerToward('rtp'),
    });
    endpoint.setRemote(audioAddressOf(towardEndpoint.sdp));
    this.deps.record.update({
      answeredAt: new Date().toISOString(),
      agentId: this.agent.agentId ?? undefined,
    });
    this.deps.record.event('answered', { agentId: this.agent.agentId });
    void this.say(`Calling back ${spoken(this.customerNumber)}.`);
    await this.dialCustomer(agentLeg, outcome.response.bodyText, endpointLeg);
  }

  private async dialCustomer(agentLeg: MediaLeg, agentSdp: string, endpointLeg: MediaLeg): Promise<void> {
    this.currentState = CallbackState.DialingCustomer;
    const target = await this.customer();
    if (this.ended) return;
    if (!target) return this.tellAgentAndEnd('No route to the customer.', 'unavailable');
    const customerLeg = this.session!.addLeg({ label: target.label });
    const offer = await agentLeg.offer(agentSdp, { to: customerLeg, ...offerToward(target.media) });
    if (this.ended) return;
    this.deps.record.event('dialing', { target: target.label });
    const invite = target.place(offer.sdp, null, this.id);
    this.customerInvite = invite;
    const timer = setTimeout(() => invite.cancel('SIP;cause=480;text="No answer"'), this.deps.ringTimeoutMs);
    timer.unref();
    const outcome = await invite.outcome;
    clearTimeout(timer);
    this.customerInvite = null;
    if (this.ended) {
      if (outcome.kind === 'answered') void outcome.dialog.bye();
      return;
    }
    if (outcome.kind === 'failed') {
      this.deps.record.event('customer-not-reached', { status: outcome.response.status });
      const busy = outcome.response.status === 486 || outcome.response.status === 600;
      return this.tellAgentAndEnd(
        busy ? 'The customer is busy.' : 'The customer did not answer.',
        busy ? 'busy' : 'no-answer',
      );
    }
    this.customerDialog = outcome.dialog;
    this.watch(outcome.dialog, 'caller');
    const towardAgent = await customerLeg.answer(outcome.response.bodyText, {
      to: agentLeg,
      ...answerToward(this.agent.media),
    });
    const moved = await this.agentDialog!.reinvite({ body: towardAgent.sdp });
    if (moved.status >= 300) {
      this.deps.logger.warn(
        { callId: this.id, status: moved.status },
        'agent refused the move to the customer',
      );
      this.end('failed', 'system');
      return;
    }
    this.currentState = CallbackState.Connected;
    this.deps.record.event('customer-answered');
    void endpointLeg.close();
    void this.endpoint?.close();
  }

  private async tellAgentAndEnd(text: string, reason: CallEndReason): Promise<void> {
    await this.say(text);
    await new Promise((resolve) => setTimeout(resolve, 2_500).unref());
    this.end(reason, 'system');
  }

  /** Speaks a short note to the agent (while the customer is dialled); silence without prompts. */
  private async say(text: string): Promise<void> {
    if (!this.deps.prompts || !this.endpoint || this.endpoint.isClosed) return;
    const { audio } = await this.deps.prompts.load({ text, voice: this.deps.voice });
    if (!this.ended && !this.endpoint.isClosed) this.endpoint.play([audio]);
  }

  private watch(dialog: Dialog, side: 'caller' | 'callee'): void {
    dialog.delegate = {
      onTerminated: (reason) => {
        if (reason === 'local-bye' || reason === 'shutdown') return;
        this.end(side === 'caller' ? 'caller-hangup' : 'callee-hangup', side);
      },
      onReinvite: (reinvite) => reinvite.reject(488),
      onRequest: (_request, transaction) => transaction.respond(200),
    };
  }

  private get ended(): boolean {
    return this.currentState === CallbackState.Ended;
  }

  private end(reason: CallEndReason, by: HangupBy): void {
    if (this.ended) return;
    this.currentState = CallbackState.Ended;
    this.agentInvite?.cancel();
    this.customerInvite?.cancel();
    for (const dialog of [this.agentDialog, this.customerDialog]) void dialog?.bye();
    void this.endpoint?.close();
    void this.session?.close();
    this.deps.record.finish(reason, by);
    this.deps.ended(reason, this.accepted);
  }
}

/** "+4930111222" read digit by digit: "plus 4 9 3 0 ...". */
function spoken(number: string): string {
  return number.replace(/^\+/, 'plus ').replace(/(\d)/g, '$1 ').trim();
}
