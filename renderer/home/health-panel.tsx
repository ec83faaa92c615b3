import { useTandem, useTandemServices } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import {
  selectLastCheckedAt,
  selectServerNode,
  selectServerUptimeSeconds,
  selectServerVersion,
} from '../store/health/selectors.js';
import { ComponentList } from './component-list.js';
import { HealthIndicator } from './health-indicator.js';

/** The server card: its health, what it is, and what it is made of. */
export function HealthPanel() {
  const translator = useTranslator();
  const { t } = translator;
  const version = useTandem(selectServerVersion);
  const node = useTandem(selectServerNode);
  const uptimeSeconds = useTandem(selectServerUptimeSeconds);
  const lastCheckedAt = useTandem(selectLastCheckedAt);
  const services = useTandemServices();
  return (
    <section className="card health-panel" aria-labelledby="health-heading">
      <div className="card__header">
        <h2 id="health-heading">{t('health.heading')}</h2>
        <button type="button" className="button" onClick={() => void services.health.checkNow()}>
          {t('health.checkNow')}
        </button>
      </div>
      <HealthIndicator />
      <ul className="facts">
        {version !== null && <li data-testid="server-version">{t('health.version', { version })}</li>}
        {node !== null && <li>{t('health.node', { node })}</li>}
        {uptimeSeconds !== null && (
          <li>{t('health.uptime', { duration: translator.formatDuration(uptimeSeconds) })}</li>
        )}
        {lastCheckedAt !== null && (
          <li>{t('health.lastChecked', { time: translator.formatTime(lastCheckedAt) })}</li>
        )}
      </ul>
      <ComponentList />
    </section>
  );
}
