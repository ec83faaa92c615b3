/**
 * Watches the quality of the agent's call: once it is up, asks its peer connection for `getStats()` every
 * second, puts each sample in the store (the desk's live indicator), and when the call is over saves the
 * summary with the call on the server. A failed poll or a refused save never touches the call.
 *
 * So that a closed window or a crash does not lose the figures of a long call, the summary so far is also
 * saved every `saveEveryMs` during the call (the server keeps one summary per agent and call, the latest),
 * and `pageClosing` sends it in a request that outlives the page (fetch `keepalive`).
 */
import { selectCurrentCall } from '../../store/calls/selectors.js';
import type { TandemStore } from '../../store/store.js';
import { readQualitySample, summariseQuality, type QualitySample } from './quality-figures.js';
import type { QualityReporter } from './quality-report-api.js';

export interface CallQualityServiceDeps {
  readonly store: TandemStore;
  /** The current call's peer connection, if any. */
  readonly peerConnection: () => RTCPeerConnection | undefined;
  /** Saves a call's summary on the server (AgentDesk.reportCallQuality). */
  readonly report: QualityReporter;
  readonly intervalMs?: number;
  /** How often the summary so far is saved during a call; 30 s unless told otherwise. */
  readonly saveEveryMs?: number;
  readonly now?: () => number;
}

export interface CallQualityService {
  /** Stops watching, without saving a call in progress. */
  stop(): void;
  /** The page is going away (pagehide): saves the current call's summary so far, in a request that outlives it. */
  pageClosing(): void;
}

interface Watch {
  readonly callId: string;
  readonly serverCallId: string | null;
  readonly samples: QualitySample[];
  readonly timer: ReturnType<typeof setInterval>;
  polling: boolean;
  /** When the summary was last saved (or the call came up). */
  savedAt: number;
}

export function startCallQualityService(deps: CallQualityServiceDeps): CallQualityService {
  const { store } = deps;
  const now = deps.now ?? (() => Date.now());
  const saveEveryMs = deps.saveEveryMs ?? 30_000;
  let watch: Watch | undefined;

  const save = (watched: Watch, options?: { keepalive: boolean }) => {
    const summary = summariseQuality(watched.samples);
    if (!summary || watched.serverCallId === null) return;
    watched.savedAt = now();
    const saving = options
      ? deps.report(watched.serverCallId, summary, options)
      : deps.report(watched.serverCallId, summary);
    void saving.catch(() => undefined);
  };

  const poll = async (current: Watch) => {
    const connection = deps.peerConnection();
    if (current.polling || !connection || connection.connectionState === 'closed') return;
    current.polling = true;
    try {
      const reports: Record<string, unknown>[] = [];
      (await connection.getStats()).forEach((report: Record<string, unknown>) => reports.push(report));
      if (watch !== current) return;
      const sample = readQualitySample(reports, now(), current.samples.at(-1)?.counters);
      current.samples.push(sample);
      store.getState().actions.callQuality.sampled(current.callId, sample);
      if (now() - current.savedAt >= saveEveryMs) save(current);
    } catch {
      // The connection closed under us: the call is ending, the summary has what was measured.
    } finally {
      current.polling = false;
    }
  };

  const finish = () => {
    const ended = watch;
    if (!ended) return;
    watch = undefined;
    clearInterval(ended.timer);
    store.getState().actions.callQuality.cleared();
    save(ended);
  };

  const follow = () => {
    const call = selectCurrentCall(store.getState());
    const up = call !== null && call.phase === 'active';
    if (watch && (!up || call.id !== watch.callId)) finish();
    if (up && !watch) {
      const started: Watch = {
        callId: call.id,
        serverCallId: call.serverCallId,
        samples: [],
        polling: false,
        savedAt: now(),
        timer: setInterval(() => void poll(started), deps.intervalMs ?? 1_000),
      };
      watch = started;
    }
  };

  follow();
  const unsubscribe = store.subscribe(follow);
  return {
    stop: () => {
      unsubscribe();
      if (watch) clearInterval(watch.timer);
      watch = undefined;
    },
    pageClosing: () => {
      if (watch) save(watch, { keepalive: true });
    },
  };
}
