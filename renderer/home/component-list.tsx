import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectComponents, selectHealthStatus } from '../store/health/selectors.js';

export function ComponentList() {
  const { t } = useTranslator();
  const components = useTandem(selectComponents);
  const unreachable = useTandem(selectHealthStatus) === 'unreachable';
  return (
    <section className="components" aria-labelledby="components-heading">
      <h3 id="components-heading" className="components__heading">
        {t('components.heading')}
        {components.length > 0 && (
          <span className="components__count"> · {t('components.count', { count: components.length })}</span>
        )}
      </h3>
      {components.length === 0 ? (
        <p className="components__none">{t(unreachable ? 'components.unknown' : 'components.none')}</p>
      ) : (
        <ul className="components__list" data-testid="server-components">
          {components.map((component) => (
            <li key={component.name} className="component" data-status={component.status}>
              <span className="component__name">{component.name}</span>
              <span className="component__status">{t(`components.status.${component.status}` as const)}</span>
              {component.detail !== null && <span className="component__detail">{component.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
