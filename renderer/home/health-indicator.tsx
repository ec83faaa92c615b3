import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectHealthProblem, selectHealthStatus } from '../store/health/selectors.js';

/**
 * The server's health in one line, announced politely to screen readers when it changes. Colour is never
 * the only signal: the words say it too.
 */
export function HealthIndicator() {
  const { t } = useTranslator();
  const status = useTandem(selectHealthStatus);
  const problem = useTandem(selectHealthProblem);
  return (
    <div
      className="health-indicator"
      data-status={status}
      role="status"
      aria-live="polite"
      data-testid="server-health"
    >
      <span className="health-indicator__mark" aria-hidden="true" />
      <span className="health-indicator__text">
        <span className="health-indicator__status">{t(`health.status.${status}` as const)}</span>
        {problem !== null && (
          <span className="health-indicator__problem">{t(`health.problem.${problem}` as const)}</span>
        )}
      </span>
    </div>
  );
}
