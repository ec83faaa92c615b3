/**
 * The languages Tandem speaks and how one is chosen.
 *
 * To add a language: write `messages/<tag>.ts` typed as `Catalog`, then add the tag, its own name and its
 * catalog below. Matching compares language and script of the likely full locale, so `zh-HK` finds `zh-TW`
 * (both Traditional) while `zh-CN` (Simplified) does not, `pt-PT` finds `pt-BR`, and `de-AT` finds `de`.
 */
import type { Catalog } from './message-types.js';
import { de } from './messages/de.js';
import { en } from './messages/en.js';
import { ko } from './messages/ko.js';
import { ptBR } from './messages/pt-BR.js';
import { zhTW } from './messages/zh-TW.js';

export const supportedLocales = ['en', 'de', 'pt-BR', 'ko', 'zh-TW'] as const;
export type Locale = (typeof supportedLocales)[number];

export const fallbackLocale: Locale = 'en';

export const catalogs = { en, de, 'pt-BR': ptBR, ko, 'zh-TW': zhTW } as const satisfies Record<
  Locale,
  Catalog
>;

/** Each language's name in that language, for the language switch. */
export const localeNames: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  'pt-BR': 'Português (Brasil)',
  ko: '한국어',
  'zh-TW': '繁體中文',
};

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

function languageAndScript(tag: string): string | undefined {
  try {
    const likely = new Intl.Locale(tag).maximize();
    return `${likely.language}-${likely.script ?? ''}`;
  } catch {
    return undefined; // not a well-formed language tag
  }
}

/**
 * Picks the first requested language Tandem supports (`navigator.languages` order), else English.
 */
export function negotiateLocale(requested: readonly string[]): Locale {
  for (const tag of requested) {
    if (isSupportedLocale(tag)) return tag;
    const wanted = languageAndScript(tag);
    if (wanted === undefined) continue;
    const match = supportedLocales.find((locale) => languageAndScript(locale) === wanted);
    if (match !== undefined) return match;
  }
  return fallbackLocale;
}
