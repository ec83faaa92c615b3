import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { outcomeOf } from '../services/history/history-filter.js';
import { selectSelectedCall } from '../store/history/selectors.js';
import { AnnotationForm } from './annotation-form.js';
import { clock, durationsOf, timelineOf } from './call-timeline.js';
import { useHistoryService } from './history-context.js';
import { otherParty } from './history-list.js';
import { RecordingPlayer } from './recording-player.js';

/** One call: who, when, how long, its journey event by event, its note and disposition, and a call back. */
export function HistoryDetail() {
  const { t, formatDateTime, formatDuration } = useTranslator();
  const { service, dial } = useHistoryService();
  const row = useTandem(selectSelectedCall);
  if (row === null) {
    return (
      <section className="history-detail history-detail--empty" aria-label={t('history.timeline')}>
        <p>{t('history.detail.none')}</p>
      </section>
    );
  }
  const { call } = row;
  const number = otherParty(call);
  const durations = durationsOf(call);
  const figures: [string, string][] = [
    [t('history.detail.started'), formatDateTime(new Date(call.startedAt))],
    [
      t('history.outcome'),
      `${t(`history.direction.${call.direction}`)} · ${t(`history.outcome.${outcomeOf(call)}`)}`,
    ],
    ...(call.queueName ? [[t('history.queue'), call.queueName] as [string, string]] : []),
    ...(call.agentName ? [[t('history.detail.agent'), call.agentName] as [string, string]] : []),
    ...(durations.waitedSeconds !== null
      ? [[t('history.detail.waited'), formatDuration(durations.waitedSeconds)] as [string, string]]
      : []),
    ...(durations.talkedSeconds !== null
      ? [[t('history.detail.talked'), formatDuration(durations.talkedSeconds)] as [string, string]]
      : []),
    ...(durations.heldSeconds > 0
      ? [[t('history.detail.held'), formatDuration(durations.heldSeconds)] as [string, string]]
      : []),
    ...(durations.wrapUpSeconds !== null
      ? [[t('history.detail.wrapUp'), formatDuration(durations.wrapUpSeconds)] as [string, string]]
      : []),
  ];
  return (
    <section className="history-detail" aria-labelledby="history-detail-heading" data-testid="history-detail">
      <h3 id="history-detail-heading">{t('history.detail.heading', { number })}</h3>
      <dl className="history-detail__figures">
        {figures.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {dial !== null && (
        <button type="button" className="button" onClick={() => void dial(number).catch(() => undefined)}>
          {t('history.callBack', { number })}
        </button>
      )}
      <h4>{t('history.timeline')}</h4>
      <ol className="history-timeline" data-testid="history-timeline">
        {timelineOf(call).map((entry) => (
          <li key={entry.id} data-kind={entry.kind}>
            <span className="history-timeline__offset">+{clock(entry.offsetSeconds)}</span>{' '}
            <span className="history-timeline__label">
              {entry.label === null ? t('history.event.other', { kind: entry.kind }) : t(entry.label)}
            </span>
            {entry.detail && <span className="history-timeline__detail"> {entry.detail}</span>}
          </li>
        ))}
      </ol>
      {call.recordingRef && (
        <RecordingPlayer call={call} load={(recorded) => service.loadRecording(recorded)} />
      )}
      <AnnotationForm row={row} />
    </section>
  );
}
