import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import {
  selectConnectionSummary,
  selectEventsStatus,
  selectPhoneStatus,
} from '../store/session/selectors.js';

/**
 * The connection in one line (the worse of phone and event stream), announced when it changes: an agent must
 * see at once that calls cannot reach them, and that the client is coming back by itself.
 */
export function ConnectionStatus() {
  const { t } = useTranslator();
  const summary = useTandem(selectConnectionSummary);
  const phone = useTandem(selectPhoneStatus);
  const events = useTandem(selectEventsStatus);
  return (
    <div
      className="connection-status"
      data-status={summary}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      title={`${t('connection.phone')}: ${t(`connection.${phone}` as const)} · ${t('connection.events')}: ${t(`connection.${events}` as const)}`}
    >
      <span className="connection-status__mark" aria-hidden="true" />
      {t(`connection.${summary}` as const)}
    </div>
  );
}
