import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectRingingCall } from '../store/calls/selectors.js';
import { shortcutLabels } from './keyboard-shortcuts.js';

/**
 * A call ringing for the agent: who calls, from which queue, how long they waited and what they chose in
 * the IVR; answer or decline (also by keyboard).
 */
export function IncomingCallPanel() {
  const translator = useTranslator();
  const { t } = translator;
  const desk = useDesk();
  const call = useTandem(selectRingingCall);
  if (call === null) return null;
  return (
    <section
      className="card call-panel call-panel--ringing"
      aria-labelledby="incoming-heading"
      data-testid="incoming-call"
    >
      <h2 id="incoming-heading">{t('call.incoming')}</h2>
      <p className="visually-hidden" role="alert">
        {t('call.incomingFrom', { number: call.remoteNumber })}
      </p>
      <p className="call-panel__party">
        <span className="call-panel__number" data-testid="caller-number">
          {call.remoteNumber}
        </span>
        {call.remoteName !== null && (
          <span className="call-panel__name" data-testid="caller-name">
            {' · '}
            {call.remoteName}
          </span>
        )}
      </p>
      {call.context !== null && (
        <dl className="call-panel__context" data-testid="offer-context">
          {call.context.queue !== null && (
            <div>
              <dt>{t('offer.queue')}</dt>
              <dd data-testid="offer-queue">{call.context.queue}</dd>
            </div>
          )}
          {call.context.waitedSeconds !== null && (
            <div>
              <dt>{t('offer.waited')}</dt>
              <dd data-testid="offer-waited">{translator.formatDuration(call.context.waitedSeconds)}</dd>
            </div>
          )}
          <div>
            <dt>{t('offer.ivr')}</dt>
            <dd data-testid="offer-ivr">
              {call.context.ivrChoices.length > 0
                ? call.context.ivrChoices.map((choice) => choice.replace('=', ': ')).join(', ')
                : t('offer.noIvr')}
            </dd>
          </div>
        </dl>
      )}
      <div className="call-panel__actions">
        <button
          type="button"
          className="button button--primary"
          aria-keyshortcuts="Control+Enter"
          onClick={() => void desk.call.answer().catch(() => undefined)}
        >
          {t('call.answer')} <kbd>{shortcutLabels.answer}</kbd>
        </button>
        <button
          type="button"
          className="button button--danger"
          aria-keyshortcuts="Control+Shift+H"
          onClick={() => void desk.call.decline().catch(() => undefined)}
        >
          {t('call.decline')} <kbd>{shortcutLabels.hangUp}</kbd>
        </button>
      </div>
    </section>
  );
}
