/**
 * Watches the quality of the agent's call: once it is up, asks its peer connection for `getStats()` every
 * second, puts each sample in the store (the desk's live indicator), and when the call is over saves the
 * summary with the call on the server. A failed poll or a refused save never touches the call.
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
  readonly now?: () => number;
}

interface Watch {
  readonly callId: string;
  readonly serverCallId: string | null;
  readonly samples: QualitySample[];
  readonly timer: ReturnType<typeof setInterval>;
  polling: boolean;
}

/** Starts watching; returns the function that stops (without saving a call in progress). */
export function startCallQualityService(deps: CallQualityServiceDeps): () => void {
  const { store } = deps;
  const now = deps.now ?? (() => Date.now());
  let watch: Watch | undefined;

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
    const summary = summariseQuality(ended.samples);
    if (summary && ended.serverCallId !== null)
      void deps.report(ended.serverCallId, summary).catch(() => undefined);
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
        timer: setInterval(() => void poll(started), deps.intervalMs ?? 1_000),
      };
      watch = started;
    }
  };

  follow();
  const unsubscribe = store.subscribe(follow);
  return () => {
    unsubscribe();
    if (watch) clearInterval(watch.timer);
    watch = undefined;
  };
}
