import { useEffect, useState } from 'react';
import { useTranslator } from '../app/use-translator.js';
import type { HistoryCall } from '../../server/api/history-api-types.js';
import { HistoryOfflineError } from '../services/history/history-source.js';

/**
 * A call's recording, fetched from the server only when the agent asks to hear it (they are large), then
 * played from memory. idle -> loading -> ready | none | offline; a new call starts over at idle, and the
 * memory copy is let go when the player goes away.
 */
type PlayerState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; url: string }
  | { kind: 'none' }
  | { kind: 'offline' };

export function RecordingPlayer(props: {
  call: HistoryCall;
  load: (call: HistoryCall) => Promise<Blob | null>;
}) {
  const { t } = useTranslator();
  const [state, setState] = useState<PlayerState>({ kind: 'idle' });

  useEffect(() => {
    setState({ kind: 'idle' });
  }, [props.call.id]);
  useEffect(
    () => () => {
      if (state.kind === 'ready') URL.revokeObjectURL(state.url);
    },
    [state],
  );

  const play = () => {
    const callId = props.call.id;
    setState({ kind: 'loading' });
    props.load(props.call).then(
      (blob) => {
        if (callId !== props.call.id) return;
        setState(blob ? { kind: 'ready', url: URL.createObjectURL(blob) } : { kind: 'none' });
      },
      (error: unknown) =>
        setState(error instanceof HistoryOfflineError ? { kind: 'offline' } : { kind: 'none' }),
    );
  };

  return (
    <div className="history-detail__recording" data-testid="history-recording" data-state={state.kind}>
      <h4>{t('history.recording')}</h4>
      {state.kind === 'idle' && (
        <button type="button" className="button" onClick={play}>
          {t('history.recording.play')}
        </button>
      )}
      {state.kind === 'loading' && <p role="status">{t('history.recording.loading')}</p>}
      {state.kind === 'ready' && <audio controls autoPlay src={state.url} />}
      {state.kind === 'none' && <p>{t('history.recording.unavailable')}</p>}
      {state.kind === 'offline' && <p role="status">{t('history.recording.offline')}</p>}
    </div>
  );
}
