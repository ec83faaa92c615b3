import { useMemo } from 'react';
import { createTranslator, type Translator } from '../i18n/translator.js';
import { selectLocale } from '../store/preferences/selectors.js';
import { useTandem } from './tandem-context.js';

/** The translator for the chosen interface language. */
export function useTranslator(): Translator {
  const locale = useTandem(selectLocale);
  return useMemo(() => createTranslator(locale), [locale]);
}
