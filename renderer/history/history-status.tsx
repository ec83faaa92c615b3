import { useTandem, useTandemActions } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import {
  selectConflicts,
  selectHistoryLink,
  selectPendingEdits,
  selectRejectedEdits,
} from '../store/history/selectors.js';

/** The history's link to the server (the offline indicator), waiting edits, and conflicts to acknowledge. */
export function HistoryStatus() {
  const { t } = useTranslator();
  const link = useTandem(selectHistoryLink);
  const pending = useTandem(selectPendingEdits);
  const conflicts = useTandem(selectConflicts);
  const rejected = useTandem(selectRejectedEdits);
  const actions = useTandemActions().history;
  return (
    <div className="history-status">
      <p
        className={`history-status__link history-status__link--${link}`}
        role="status"
        aria-live="polite"
        data-testid="history-link"
        data-link={link}
      >
        {t(`history.link.${link}`)}
      </p>
      {pending > 0 && (
        <p className="history-status__pending" data-testid="history-pending">
          {t('history.pending', { count: pending })}
        </p>
      )}
      {(conflicts.length > 0 || rejected > 0) && (
        <div className="history-status__conflicts" role="alert" data-testid="history-conflicts">
          <ul>
            {conflicts.map((conflict, index) => {
              const args = {
                field: t(`history.field.${conflict.field}`),
                number: conflict.callId,
                who: conflict.theirsEditedBy ?? t('history.conflict.someone'),
                theirs: conflict.theirs,
                yours: conflict.yours,
              };
              return (
                <li key={`${conflict.callId}-${conflict.field}-${index}`}>
                  {conflict.winner === 'theirs'
                    ? t('history.conflict.theirs', args)
                    : t('history.conflict.yours', args)}
                </li>
              );
            })}
            {rejected > 0 && <li>{t('history.rejected', { count: rejected })}</li>}
          </ul>
          <button type="button" className="button button--quiet" onClick={() => actions.conflictsSeen()}>
            {t('history.conflict.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
