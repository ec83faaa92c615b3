/**
 * The agent test page: a SIP.js 0.21 user agent with real WebRTC media in Chromium, driven from Node through
 * `window.tandemAgent` (see ../browser-agent-types.ts). It shows its transport, registration and calls as
 * text, so that a screenshot of a failed test says where the agent was, and logs every SIP.js line to the
 * console, where the harness collects it.
 */
import { Invitation, Inviter, Registerer, UserAgent, type LogLevel, type Session } from 'sip.js';
import type {
  AgentPageApi,
  AgentStatus,
  AudioStats,
  PageAgentConfig,
  RegistrationSnapshot,
  SessionDescriptions,
  TransportStateName,
} from '../browser-agent-types.js';
import { readAudioStats } from './audio-stats.dom.js';
import { loopbackSessionDescriptionHandlerFactory } from './loopback-sdp.dom.js';
import { PageCall, rawMicrophone } from './page-call.dom.js';
import { TransferPage } from './call-transfer.dom.js';
import { microphoneAndCamera, VideoPage } from './video-call.dom.js';
import type { CallMedia } from '../browser-video-types.js';

/** Lines the harness reads from the console start with this, then `sip.js` or `agent`. */
const logPrefix = '[tandem-agent]';

function log(message: string): void {
  console.log(`${logPrefix} agent ${message}`);
}

function sipLog(level: LogLevel, category: string, label: string | undefined, content: string): void {
  const line = `${logPrefix} sip.js ${level} ${category}${label ? ` (${label})` : ''}: ${content}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

class AgentPage implements AgentPageApi {
  private userAgent: UserAgent | undefined;
  private registerer: Registerer | undefined;
  private aor = '';
  private registration: RegistrationSnapshot = { state: 'Initial' };
  private readonly calls = new Map<string, PageCall>();
  private callCount = 0;

  async start(config: PageAgentConfig): Promise<void> {
    if (this.userAgent) throw new Error('the agent was already started');
    const uri = UserAgent.makeURI(config.aor);
    if (!uri) throw new TypeError(`not a SIP URI: ${config.aor}`);
    this.aor = config.aor;
    const userAgent = new UserAgent({
      uri,
      transportOptions: { server: config.server, connectionTimeout: 5 },
      authorizationUsername: config.username,
      authorizationPassword: config.password,
      displayName: config.username,
      logBuiltinEnabled: false,
      logLevel: config.logLevel,
      logConnector: sipLog,
      sessionDescriptionHandlerFactory: loopbackSessionDescriptionHandlerFactory(
        config.iceGatheringTimeoutMs,
      ),
      // SIP.js answers an INVITE with 180 Ringing by itself (`sendInitialProvisionalResponse`).
      delegate: { onInvite: (invitation) => this.addCall(invitation) },
    });
    this.userAgent = userAgent;
    userAgent.transport.stateChange.addListener(() => this.render());
    this.registerer = new Registerer(userAgent, { logConfiguration: false });
    this.registerer.stateChange.addListener((state) => {
      // A refusal stays shown until the agent is registered after all.
      this.registration = state === 'Registered' ? { state } : { ...this.registration, state };
      this.render();
    });
    this.render();
    await userAgent.start();
    log(`started as ${config.aor} on ${config.server}`);
  }

  async register(): Promise<void> {
    const registerer = this.requireRegisterer();
    this.registration = { state: registerer.state };
    await registerer.register({
      requestDelegate: {
        onReject: (response) => {
          const { statusCode = 0, reasonPhrase = '' } = response.message;
          this.registration = { state: registerer.state, refusal: { statusCode, reasonPhrase } };
          log(`REGISTER refused: ${statusCode} ${reasonPhrase}`);
          this.render();
        },
      },
    });
  }

  async unregister(): Promise<void> {
    await this.requireRegisterer().unregister();
  }

  status(): AgentStatus {
    return {
      transport: this.transportState(),
      registration: this.registration,
      calls: [...this.calls.values()].map((call) => call.snapshot()),
    };
  }

  async call(target: string, media: CallMedia = 'audio'): Promise<string> {
    const userAgent = this.requireUserAgent();
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new TypeError(`not a SIP URI: ${target}`);
    const sessionDescriptionHandlerOptions = media === 'video' ? microphoneAndCamera : rawMicrophone;
    const call = this.addCall(new Inviter(userAgent, uri, { sessionDescriptionHandlerOptions }));
    await call.invite();
    return call.id;
  }

  answer(callId: string): Promise<void> {
    return this.requireCall(callId).answer();
  }

  reject(callId: string, statusCode: number): Promise<void> {
    return this.requireCall(callId).reject(statusCode);
  }

  hangup(callId: string): Promise<void> {
    return this.requireCall(callId).hangup();
  }

  hold(callId: string): Promise<void> {
    return this.requireCall(callId).setHold(true);
  }

  unhold(callId: string): Promise<void> {
    return this.requireCall(callId).setHold(false);
  }

  sendDtmf(callId: string, tones: string, method: 'info' | 'rfc4733', durationMs: number): Promise<void> {
    return this.requireCall(callId).sendDtmf(tones, method, durationMs);
  }

  setMicrophoneEnabled(callId: string, enabled: boolean): void {
    this.requireCall(callId).setMicrophoneEnabled(enabled);
    this.render();
  }

  audioStats(callId: string): Promise<AudioStats> {
    return readAudioStats(this.requireCall(callId).peerConnection());
  }

  descriptions(callId: string): SessionDescriptions {
    return this.requireCall(callId).descriptions();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.calls.values()].map((call) => call.hangup()));
    await this.userAgent?.stop();
    this.render();
  }

  private addCall(session: Session): PageCall {
    this.callCount += 1;
    const call = new PageCall(`call-${this.callCount}`, session, log, () => this.render());
    this.calls.set(call.id, call);
    session.stateChange.addListener(() => this.render());
    log(
      `${call.id}: ${call.direction} ${session instanceof Invitation ? 'from' : 'to'} ${call.snapshot().remoteUri}`,
    );
    this.render();
    return call;
  }

  private transportState(): TransportStateName {
    return this.userAgent?.transport.state ?? 'Disconnected';
  }

  private requireUserAgent(): UserAgent {
    if (!this.userAgent) throw new Error('the agent was not started');
    return this.userAgent;
  }

  private requireRegisterer(): Registerer {
    if (!this.registerer) throw new Error('the agent was not started');
    return this.registerer;
  }

  /** The call itself, for the page's video module (video-call.dom.ts). */
  pageCall(callId: string): PageCall {
    return this.requireCall(callId);
  }

  private requireCall(callId: string): PageCall {
    const call = this.calls.get(callId);
    if (!call) throw new Error(`no call ${callId}`);
    return call;
  }

  /** What a person looking at the page (or at a failure screenshot) reads. */
  private render(): void {
    const text = (testId: string, value: string) => {
      const element = document.querySelector(`[data-testid="${testId}"]`);
      if (element) element.textContent = value;
    };
    text('transport', `Connection: ${this.transportState()}`);
    const { state, refusal } = this.registration;
    text(
      'registration',
      refusal
        ? `Registration refused: ${refusal.statusCode} ${refusal.reasonPhrase}`
        : state === 'Registered'
          ? `Registered as ${this.aor}`
          : `Not registered (${state})`,
    );
    const list = document.querySelector('[data-testid="calls"]');
    list?.replaceChildren(
      ...[...this.calls.values()].map((call) => {
        const item = document.createElement('li');
        const { direction, remoteUri, state: callState, held, microphoneEnabled, ending } = call.snapshot();
        const flags = `${held ? ', held' : ''}${microphoneEnabled ? '' : ', muted'}`;
        item.textContent = `${call.id} ${direction} ${remoteUri}: ${callState}${flags}${
          ending
            ? ` (${ending.cause} by ${ending.by}${ending.statusCode ? ` ${ending.statusCode}` : ''})`
            : ''
        }`;
        return item;
      }),
    );
  }
}

const agentPage = new AgentPage();
window.tandemAgent = agentPage;
window.tandemVideo = new VideoPage((callId) => agentPage.pageCall(callId), log);
window.tandemTransfer = new TransferPage((callId) => agentPage.pageCall(callId), log);
log('page ready');
