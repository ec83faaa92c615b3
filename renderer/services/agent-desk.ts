/**
 * The signed-in agent's desk: signs in (REST state call with Basic auth, SIP registration, event stream),
 * keeps the store's session, agent-state, calls and queues slices current, and carries out what the agent
 * asks for. The password stays in this object's memory only and is dropped at sign-out.
 *
 * Sign-in order: the REST call first, because it tells a wrong password apart from an unreachable server
 * without spending SIP authentication attempts (the registrar locks a user out after 10 wrong ones).
 */
import type { AgentChangeMessage, AgentStateView, PresenceView } from '../store/agent-state/actions.js';
import type { QueueFiguresInput } from '../store/queues/actions.js';
import type { SignInProblem } from '../store/session/initial-state.js';
import type { TandemStore } from '../store/store.js';
import {
  AgentApiError,
  createAgentApi,
  ServerUnreachableError,
  type AgentApi,
  type AgentStateCommand,
  type DirectoryEntry,
  type FetchLike,
  type WrapUpNotes,
} from './agent-api.js';
import {
  createEventStream,
  EventStreamAuthError,
  eventStreamUrl,
  type EventStream,
  type SocketFactory,
} from './event-stream.js';
import { createQualityReporter, type QualityReporter } from './call-quality/quality-report-api.js';
import { createTeamsDirectorySearch, type TeamsDirectorySearch } from './teams-directory.js';
import { selectActiveMicrophone } from '../store/devices/selectors.js';
import { isLoopbackServer } from './softphone/loopback-candidates.js';
import { RegistrationRefusedError } from './softphone/phone-link.js';
import type {
  Softphone,
  SoftphoneControls,
  SoftphoneOptions,
  SoftphoneReports,
} from './softphone/softphone-types.js';

export interface SignInForm {
  /** The server's address as typed: an origin, or a host[:port]. */
  readonly server: string;
  /** The SIP WebSocket, e.g. `wss://127.0.0.1:8089`. */
  readonly sipServer: string;
  readonly username: string;
  readonly password: string;
  /**
   * Ends what made these credentials, run once after sign-out or a failed sign-in (Microsoft sign-in: the
   * issued credentials are revoked at the server, the desktop app forgets the Microsoft account).
   */
  readonly endSession?: () => Promise<void>;
}

export interface AgentDeskDeps {
  readonly store: TandemStore;
  readonly createSoftphone: (options: SoftphoneOptions, reports: SoftphoneReports) => Softphone;
  readonly fetch?: FetchLike;
  readonly socket?: SocketFactory;
  readonly audioParent?: HTMLElement;
}

export interface AgentDesk {
  signIn(form: SignInForm): Promise<void>;
  signOut(): Promise<void>;
  setAgentState(command: AgentStateCommand): Promise<void>;
  extendWrapUp(seconds: number): Promise<void>;
  /** The current call's controls; they reject when there is no call. */
  readonly call: SoftphoneControls;
  /** Agents and queues to transfer or consult to. */
  searchDirectory(query: string): Promise<DirectoryEntry[]>;
  /** Teams users to transfer to, with presence; null when the server has no Teams directory. */
  searchTeamsDirectory?: TeamsDirectorySearch;
  /** The wrap-up codes offered by the server. */
  dispositions(): Promise<string[]>;
  /** Pauses or resumes the recording of the current call (server API). */
  setRecordingPaused(paused: boolean): Promise<void>;
  /** Adds a third party to the current call (server API): a three-way conference. */
  addToConference(target: string): Promise<void>;
  /** Saves the note and disposition of the call just ended (or current) on the server's record. */
  saveWrapUp(notes: WrapUpNotes): Promise<void>;
  /** The current call's peer connection (call quality, device switching); undefined without a call. */
  peerConnection(): RTCPeerConnection | undefined;
  /** Saves a call's quality figures with Tandem's record of it; rejects when signed out or refused. */
  reportCallQuality: QualityReporter;
}

/** `127.0.0.1:8080` -> `http://127.0.0.1:8080`; a full URL keeps its scheme. Throws TypeError when unusable. */
export function normaliseServer(typed: string): string {
  const trimmed = typed.trim();
  if (trimmed === '') throw new TypeError('no server address');
  const url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  return url.origin;
}

function problemOf(error: unknown): SignInProblem {
  if (error instanceof AgentApiError)
    return error.status === 401 ? 'wrong-credentials' : 'unexpected-response';
  if (error instanceof EventStreamAuthError) return 'wrong-credentials';
  if (error instanceof RegistrationRefusedError) return 'registration-refused';
  if (error instanceof ServerUnreachableError) return 'server-unreachable';
  return 'server-unreachable';
}

interface Signed {
  readonly api: AgentApi;
  readonly softphone: Softphone;
  readonly events: EventStream;
  agentId: string | null;
  readonly reportQuality: QualityReporter;
  readonly searchTeams: TeamsDirectorySearch;
  readonly endSession?: () => Promise<void>;
}

const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function presenceOf(value: unknown): PresenceView | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const { busy, activity } = value as Record<string, unknown>;
  return typeof busy === 'boolean' ? { busy, activity: asString(activity) } : undefined;
}

function queuesOf(value: unknown): QueueFiguresInput[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, waiting, longestWaitMs } = entry as Record<string, unknown>;
    return typeof name === 'string' && typeof waiting === 'number' && typeof longestWaitMs === 'number'
      ? [{ name, waiting, longestWaitMs }]
      : [];
  });
}

export function createAgentDesk(deps: AgentDeskDeps): AgentDesk {
  const { store } = deps;
  const actions = () => store.getState().actions;
  let signed: Signed | undefined;

  const refresh = async (api: AgentApi) => {
    const [view, queues] = await Promise.all([api.getState(), api.queues()]);
    actions().agentState.applyView(view);
    actions().queues.applyFigures(queues, Date.now());
  };

  const onAgentMessage = (message: Record<string, unknown>) => {
    if (signed?.agentId && message['agentId'] !== signed.agentId) return; // a supervisor sees everyone
    const state = asString(message['state']);
    const since = asString(message['since']);
    if (state === null || since === null) return;
    const change: AgentChangeMessage = {
      state,
      since,
      notReadyReason: asString(message['notReadyReason']),
      wrapUpEndsAt: asString(message['wrapUpEndsAt']),
      ...(presenceOf(message['presence']) === undefined ? {} : { presence: presenceOf(message['presence']) }),
    };
    actions().agentState.applyChange(change);
  };

  const requireSigned = (): Signed => {
    if (!signed) throw new Error('not signed in');
    return signed;
  };

  /** The current (or just ended) call with Tandem's id for it, which the call APIs need. */
  const serverCall = (): { id: string; serverCallId: string } => {
    const call = store.getState().calls.current;
    if (!call) throw new Error('there is no call');
    if (call.serverCallId === null) throw new Error('this call has no Tandem call id');
    return { id: call.id, serverCallId: call.serverCallId };
  };

  const command = async (run: (api: AgentApi) => Promise<AgentStateView>) => {
    const { api } = requireSigned();
    actions().agentState.requestStarted();
    try {
      actions().agentState.applyView(await run(api));
    } catch (error) {
      const refusal =
        error instanceof AgentApiError ? error.code || String(error.status) : 'server-unreachable';
      actions().agentState.requestRefused(refusal);
    }
  };

  const tearDown = async (which: Signed) => {
    which.events.close();
    await which.softphone.stop();
  };

  return {
    async signIn(form) {
      if (signed || store.getState().session.status !== 'signedOut') return;
      let server: string;
      try {
        server = normaliseServer(form.server);
      } catch {
        actions().session.signInStarted(form.username, form.server);
        actions().session.signInFailed('server-unreachable');
        return;
      }
      actions().session.signInStarted(form.username, server);
      const credentials = { username: form.username, password: form.password };
      const api = createAgentApi({
        serverBaseUrl: server,
        credentials,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      let attempt: Signed | undefined;
      try {
        const view = await api.getState();
        const softphone = deps.createSoftphone(
          {
            serverBaseUrl: server,
            sipServer: form.sipServer,
            username: form.username,
            password: form.password,
            loopbackOnly: isLoopbackServer(server),
            microphoneId: () => selectActiveMicrophone(store.getState()),
            ...(deps.audioParent ? { audioParent: deps.audioParent } : {}),
          },
          { calls: actions().calls, phoneStatus: (status) => actions().session.phoneStatusChanged(status) },
        );
        const events = createEventStream({
          url: eventStreamUrl(server),
          credentials,
          onStatus: (status) => {
            actions().session.eventsStatusChanged(status);
            // Back after a drop: what changed meanwhile is not replayed, so ask for the picture again.
            if (status === 'online' && signed === attempt && store.getState().session.status === 'signedIn') {
              void refresh(api).catch(() => undefined);
            }
          },
          handlers: {
            ready: (message) => {
              const agent = message['agent'];
              if (attempt && typeof agent === 'object' && agent !== null) {
                attempt.agentId = asString((agent as Record<string, unknown>)['id']);
              }
            },
            agent: onAgentMessage,
            stats: (message) => actions().queues.applyFigures(queuesOf(message['queues']), Date.now()),
            call: () => undefined,
          },
          ...(deps.socket ? { socket: deps.socket } : {}),
        });
        const reportQuality = createQualityReporter({
          serverBaseUrl: server,
          credentials,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        attempt = {
          api,
          softphone,
          events,
          agentId: null,
          reportQuality,
          searchTeams: createTeamsDirectorySearch({
            serverBaseUrl: server,
            credentials,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          }),
          ...(form.endSession ? { endSession: form.endSession } : {}),
        };
        actions().agentState.applyView(view);
        await Promise.all([softphone.start(), events.start()]);
        signed = attempt;
        actions().session.signInSucceeded();
        actions().preferences.rememberSignIn(server, form.username);
        // Registering may have changed the state (Available after login): read it once more.
        await refresh(api).catch(() => undefined);
      } catch (error) {
        if (attempt) await tearDown(attempt).catch(() => undefined);
        await form.endSession?.().catch(() => undefined);
        actions().agentState.reset();
        actions().session.signInFailed(problemOf(error));
      }
    },
    async signOut() {
      const which = signed;
      if (!which) return;
      signed = undefined;
      await which.api.setState({ state: 'Offline' }).catch(() => undefined);
      await tearDown(which);
      // After the phone unregistered: the credentials it registered with end here.
      await which.endSession?.().catch(() => undefined);
      actions().session.signedOut();
      actions().agentState.reset();
      actions().queues.reset();
      actions().calls.dismissed();
    },
    setAgentState: (next) => command((api) => api.setState(next)),
    extendWrapUp: (seconds) => command((api) => api.extendWrapUp(seconds)),
    call: {
      answer: () => requireSigned().softphone.answer(),
      decline: () => requireSigned().softphone.decline(),
      hangUp: () => requireSigned().softphone.hangUp(),
      setHeld: (held) => requireSigned().softphone.setHeld(held),
      setMuted: (muted) => requireSigned().softphone.setMuted(muted),
      sendDigits: (digits) => requireSigned().softphone.sendDigits(digits),
      transfer: (target) => requireSigned().softphone.transfer(target),
      consult: (target) => requireSigned().softphone.consult(target),
      completeConsult: () => requireSigned().softphone.completeConsult(),
      returnToCaller: () => requireSigned().softphone.returnToCaller(),
      dial: async (target, name) => requireSigned().softphone.dial(target, name),
      setCamera: (on) => requireSigned().softphone.setCamera(on),
      startScreenShare: () => requireSigned().softphone.startScreenShare(),
      stopScreenShare: () => requireSigned().softphone.stopScreenShare(),
      remoteVideos: () => signed?.softphone.remoteVideos() ?? [],
      selfView: () => signed?.softphone.selfView() ?? null,
    },
    searchDirectory: (query) => requireSigned().api.directory(query),
    searchTeamsDirectory: (query) => requireSigned().searchTeams(query),
    dispositions: () => requireSigned().api.dispositions(),
    async setRecordingPaused(paused) {
      const { api } = requireSigned();
      const call = serverCall();
      try {
        await api.setRecordingPaused(call.serverCallId, paused);
        actions().calls.recordingChanged(call.id, paused);
      } catch (error) {
        actions().calls.refused(call.id, 'recording');
        throw error;
      }
    },
    async addToConference(target) {
      const { api } = requireSigned();
      const call = serverCall();
      try {
        await api.addToConference(call.serverCallId, target);
        actions().calls.conferenceJoined(call.id, target);
      } catch (error) {
        actions().calls.refused(call.id, 'conference');
        throw error;
      }
    },
    async saveWrapUp(notes) {
      const { api } = requireSigned();
      await api.saveWrapUp(serverCall().serverCallId, notes);
    },
    peerConnection: () => signed?.softphone.peerConnection(),
    reportCallQuality: async (serverCallId, figures, options) =>
      requireSigned().reportQuality(serverCallId, figures, options),
  };
}
