import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectRingingCall } from '../store/calls/selectors.js';
import { shortcutLabels } from './keyboard-shortcuts.js';

/** A call ringing for the agent: who calls, and answer or decline (also by keyboard). */
export function IncomingCallPanel() {
  const { t } = useTranslator();
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
        {call.remoteName !== null && <span className="call-panel__name"> · {call.remoteName}</span>}
      </p>
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
