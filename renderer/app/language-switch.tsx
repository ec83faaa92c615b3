import { useId } from 'react';
import { isSupportedLocale, localeNames, supportedLocales } from '../i18n/locales.js';
import { selectLocale } from '../store/preferences/selectors.js';
import { useTandem, useTandemActions } from './tandem-context.js';
import { useTranslator } from './use-translator.js';

export function LanguageSwitch() {
  const { t } = useTranslator();
  const locale = useTandem(selectLocale);
  const { preferences } = useTandemActions();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={locale}
        data-testid="language-switch"
        onChange={(event) => {
          if (isSupportedLocale(event.target.value)) preferences.setLocale(event.target.value);
        }}
      >
        {supportedLocales.map((tag) => (
          <option key={tag} value={tag} lang={tag}>
            {localeNames[tag]}
          </option>
        ))}
      </select>
    </div>
  );
}
