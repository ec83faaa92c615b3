import { useEffect, useRef } from 'react';
import { useTandem, useTandemShallow } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { outcomeOf } from '../services/history/history-filter.js';
import {
  selectHasMoreCalls,
  selectHistoryLoading,
  selectHistoryRows,
  selectHistoryTotal,
  selectSelectedCallId,
} from '../store/history/selectors.js';
import { useHistoryService } from './history-context.js';

/** The number the agent talked to: the caller of an incoming call, the callee of an outgoing one. */
export function otherParty(call: { direction: string; fromNumber: string; toNumber: string }): string {
  return call.direction === 'outbound' ? call.toNumber : call.fromNumber;
}

/**
 * The calls matching the filter, newest first. The next page loads when the end of the list scrolls into
 * view (and with the "Load more" button, for the keyboard and for browsers without IntersectionObserver).
 */
export function HistoryList() {
  const { t, formatDateTime } = useTranslator();
  const { service } = useHistoryService();
  const rows = useTandemShallow(selectHistoryRows);
  const total = useTandem(selectHistoryTotal);
  const loading = useTandem(selectHistoryLoading);
  const hasMore = useTandem(selectHasMoreCalls);
  const selectedId = useTandem(selectSelectedCallId);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const sentinel = end.current;
    if (!sentinel || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) service.loadMore();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [service, rows.length]);

  return (
    <section className="history-list" aria-label={t('history.list')}>
      <p className="history-list__count" data-testid="history-count">
        {t('history.count', { count: total })}
      </p>
      {rows.length === 0 && !loading && <p className="history-list__empty">{t('history.empty')}</p>}
      <ol className="history-list__calls" data-testid="history-calls">
        {rows.map((row) => {
          const { call } = row;
          const outcome = outcomeOf(call);
          return (
            <li key={call.id}>
              <button
                type="button"
                className="history-row"
                aria-current={call.id === selectedId ? 'true' : undefined}
                onClick={() => service.select(call.id)}
                data-testid="history-row"
                data-call-id={call.id}
              >
                <span className="history-row__number">{otherParty(call)}</span>
                <span className="history-row__time">{formatDateTime(new Date(call.startedAt))}</span>
                <span className={`history-row__outcome history-row__outcome--${outcome}`}>
                  {t(`history.direction.${call.direction}`)} · {t(`history.outcome.${outcome}`)}
                </span>
                {call.queueName && <span className="history-row__queue">{call.queueName}</span>}
                {row.disposition && <span className="history-row__disposition">{row.disposition}</span>}
                {row.pendingEdits > 0 && (
                  <span className="history-row__pending">{t('history.waitingToSync')}</span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
      <div ref={end} className="history-list__end" />
      {loading && <p role="status">{t('history.loading')}</p>}
      {hasMore && !loading && (
        <button type="button" className="button button--quiet" onClick={() => service.loadMore()}>
          {t('history.loadMore')}
        </button>
      )}
    </section>
  );
}
