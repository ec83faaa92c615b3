import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectActiveCall } from '../store/calls/selectors.js';

/**
 * A consultative transfer under way: whom the agent is calling or talking to while the caller holds, and
 * the two ways out: complete the transfer (once the consulted party answered) or return to the caller.
 */
export function ConsultBar() {
  const { t } = useTranslator();
  const desk = useDesk();
  const consult = useTandem((state) => selectActiveCall(state)?.consult ?? null);
  if (consult === null) return null;
  const talking = consult.phase === 'talking';
  return (
    <div className="consult-bar" role="group" aria-label={t('consult.heading')} data-testid="consult">
      <p role="status" data-phase={consult.phase}>
        {t(talking ? 'consult.talking' : 'consult.calling', { target: consult.target })}
      </p>
      <div className="call-panel__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!talking || consult.busy}
          onClick={() => void desk.call.completeConsult().catch(() => undefined)}
        >
          {t('consult.complete')}
        </button>
        <button
          type="button"
          className="button"
          disabled={consult.busy}
          onClick={() => void desk.call.returnToCaller().catch(() => undefined)}
        >
          {t('consult.return')}
        </button>
      </div>
    </div>
  );
}
