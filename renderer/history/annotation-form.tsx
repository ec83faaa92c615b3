import { useEffect, useState } from 'react';
import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { HistoryRow } from '../services/history/history-source.js';
import { selectHistoryFacets, selectHistoryOffline } from '../store/history/selectors.js';
import { useHistoryService } from './history-context.js';

type SaveState = { kind: 'idle' } | { kind: 'saved'; offline: boolean } | { kind: 'failed'; reason: string };

/** The call's note and disposition. Saving keeps the edit at once; it reaches the server when it can. */
export function AnnotationForm(props: { row: HistoryRow }) {
  const { t } = useTranslator();
  const { service } = useHistoryService();
  const offline = useTandem(selectHistoryOffline);
  const facets = useTandem(selectHistoryFacets);
  const { row } = props;
  const [note, setNote] = useState(row.note);
  const [disposition, setDisposition] = useState(row.disposition);
  const [saved, setSaved] = useState<SaveState>({ kind: 'idle' });

  // Another call opened, or the server's value changed under an untouched form: show the new values.
  useEffect(() => {
    setNote(row.note);
    setDisposition(row.disposition);
  }, [row.call.id, row.note, row.disposition]);
  useEffect(() => setSaved({ kind: 'idle' }), [row.call.id]);

  const changed = note !== row.note || disposition !== row.disposition;
  const save = async () => {
    try {
      await service.saveAnnotation({
        callId: row.call.id,
        ...(note !== row.note ? { note } : {}),
        ...(disposition !== row.disposition ? { disposition } : {}),
      });
      setSaved({ kind: 'saved', offline });
    } catch (error) {
      setSaved({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <form
      className="annotation-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) void save();
      }}
    >
      <label>
        {t('history.disposition')}
        <input
          value={disposition}
          maxLength={200}
          list="history-dispositions"
          onChange={(event) => setDisposition(event.target.value)}
        />
      </label>
      <datalist id="history-dispositions">
        {facets.dispositions.map((known) => (
          <option key={known} value={known} />
        ))}
      </datalist>
      <label>
        {t('history.note')}
        <textarea
          value={note}
          maxLength={10_000}
          rows={4}
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
      <div className="annotation-form__actions">
        <button type="submit" className="button" disabled={!changed}>
          {t('history.save')}
        </button>
        {row.pendingEdits > 0 && (
          <span className="history-row__pending" data-testid="detail-pending">
            {t('history.waitingToSync')}
          </span>
        )}
        <span role="status" aria-live="polite" data-testid="annotation-status">
          {saved.kind === 'saved' && (saved.offline ? t('history.savedOffline') : t('history.saved'))}
          {saved.kind === 'failed' && t('history.saveFailed', { reason: saved.reason })}
        </span>
      </div>
    </form>
  );
}
