import { useTandemShallow } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectQueues } from '../store/queues/selectors.js';

/** Callers waiting per queue of the agent, and the longest wait. */
export function QueueOverview() {
  const translator = useTranslator();
  const { t } = translator;
  const queues = useTandemShallow(selectQueues);
  return (
    <section className="card queues" aria-labelledby="queues-heading">
      <h2 id="queues-heading">{t('queues.heading')}</h2>
      {queues.length === 0 ? (
        <p>{t('queues.none')}</p>
      ) : (
        <table className="queues__table" data-testid="queues">
          <thead>
            <tr>
              <th scope="col">{t('queues.name')}</th>
              <th scope="col">{t('queues.waiting')}</th>
              <th scope="col">{t('queues.longestWait')}</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <tr key={queue.name} data-waiting={queue.waiting}>
                <th scope="row">{queue.name}</th>
                <td>{translator.formatNumber(queue.waiting)}</td>
                <td>{queue.waiting > 0 ? translator.formatDuration(queue.longestWaitMs / 1000) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
