import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectActiveCall } from '../store/calls/selectors.js';

/**
 * Pauses the server's recording of the call (a card number being read out, PCI DSS) and resumes it. The
 * server says 409 when the call is not recorded; the call panel then shows that refusal.
 */
export function RecordingToggle() {
  const { t } = useTranslator();
  const desk = useDesk();
  const call = useTandem(selectActiveCall);
  if (call === null || call.serverCallId === null) return null;
  const paused = call.recordingPaused === true;
  return (
    <button
      type="button"
      className="button"
      aria-pressed={paused}
      disabled={call.phase !== 'active'}
      data-testid="recording-toggle"
      onClick={() => void desk.setRecordingPaused(!paused).catch(() => undefined)}
    >
      {t(paused ? 'call.recordingResume' : 'call.recordingPause')}
    </button>
  );
}
