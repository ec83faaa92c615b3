import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { HistoryFilter } from '../services/history/history-source.js';
import { selectHistoryFacets, selectHistoryFilter } from '../store/history/selectors.js';
import { useHistoryService } from './history-context.js';

const directions = ['inbound', 'outbound', 'internal'] as const;
const outcomes = ['answered', 'missed', 'active'] as const;

/** Search as you type and the filters; every change lists again at once. */
export function HistoryFilters(props: { onExport(): void }) {
  const { t } = useTranslator();
  const { service } = useHistoryService();
  const filter = useTandem(selectHistoryFilter);
  const facets = useTandem(selectHistoryFacets);
  const change = (part: Partial<HistoryFilter>) => service.setFilter(part);
  return (
    <form
      className="history-filters"
      role="search"
      aria-label={t('history.search')}
      onSubmit={(event) => event.preventDefault()}
    >
      <input
        type="search"
        className="history-filters__search"
        aria-label={t('history.search')}
        placeholder={t('history.search')}
        value={filter.text}
        onChange={(event) => change({ text: event.target.value })}
        data-testid="history-search"
      />
      <label>
        {t('history.from')}
        <input type="date" value={filter.from} onChange={(event) => change({ from: event.target.value })} />
      </label>
      <label>
        {t('history.to')}
        <input type="date" value={filter.to} onChange={(event) => change({ to: event.target.value })} />
      </label>
      <label>
        {t('history.direction')}
        <select
          value={filter.direction}
          onChange={(event) => change({ direction: event.target.value as HistoryFilter['direction'] })}
        >
          <option value="">{t('history.direction.any')}</option>
          {directions.map((direction) => (
            <option key={direction} value={direction}>
              {t(`history.direction.${direction}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('history.queue')}
        <select value={filter.queue} onChange={(event) => change({ queue: event.target.value })}>
          <option value="">{t('history.queue.any')}</option>
          {facets.queues.map((queue) => (
            <option key={queue} value={queue}>
              {queue}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('history.outcome')}
        <select
          value={filter.outcome}
          onChange={(event) => change({ outcome: event.target.value as HistoryFilter['outcome'] })}
        >
          <option value="">{t('history.outcome.any')}</option>
          {outcomes.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`history.outcome.${outcome}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('history.disposition')}
        <select value={filter.disposition} onChange={(event) => change({ disposition: event.target.value })}>
          <option value="">{t('history.disposition.any')}</option>
          {facets.dispositions.map((disposition) => (
            <option key={disposition} value={disposition}>
              {disposition}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--quiet" onClick={props.onExport}>
        {t('history.export')}
      </button>
    </form>
  );
}
