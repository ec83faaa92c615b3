import { useTranslator } from '../app/use-translator.js';
import { useHistoryService } from './history-context.js';
import { HistoryDetail } from './history-detail.js';
import { HistoryFilters } from './history-filters.js';
import { HistoryList } from './history-list.js';
import { HistoryStatus } from './history-status.js';

/** Saves text as a file through the browser's download (the desktop app lets Chromium do the same). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The agent's call history: search and filters, the list of calls, and the chosen call's journey. */
export function HistoryScreen() {
  const { t } = useTranslator();
  const { service } = useHistoryService();
  const exportCsv = () =>
    void service
      .exportCsv()
      .then((csv) => download(csv, `tandem-history-${new Date().toISOString().slice(0, 10)}.csv`));
  return (
    <section className="history" aria-labelledby="history-heading" data-testid="history">
      <div className="history__top">
        <h2 id="history-heading">{t('history.heading')}</h2>
        <HistoryStatus />
      </div>
      <HistoryFilters onExport={exportCsv} />
      <div className="history__main">
        <HistoryList />
        <HistoryDetail />
      </div>
    </section>
  );
}
