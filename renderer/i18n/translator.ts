/**
 * Turns message keys into text for one locale: placeholders, plurals (CLDR rules through
 * `Intl.PluralRules`), and numbers, times and durations formatted the way that locale writes them.
 */
import { catalogs, fallbackLocale, type Locale } from './locales.js';
import type {
  Catalog,
  Message,
  MessageArgs,
  MessageKey,
  ParamValue,
  PluralMessage,
} from './message-types.js';

export interface Translator {
  /** The BCP 47 tag that numbers, dates and plurals follow. */
  readonly locale: string;
  t<Key extends MessageKey>(key: Key, ...args: MessageArgs<Key>): string;
  formatNumber(value: number): string;
  /** A wall-clock time such as "14:03:21" or "2:03:21 PM". */
  formatTime(date: Date | number): string;
  formatDateTime(date: Date | number): string;
  /** A duration such as "2 hr, 5 min" or "2 Std., 5 Min.": its largest two units, whole seconds. */
  formatDuration(totalSeconds: number): string;
}

const placeholder = /\{(\w+)\}/g;

function isPluralMessage(message: Message): message is PluralMessage {
  return typeof message === 'object';
}

const secondsPerUnit = { day: 86_400, hour: 3_600, minute: 60, second: 1 } as const;
type DurationUnit = keyof typeof secondsPerUnit;
const durationUnits = Object.keys(secondsPerUnit) as DurationUnit[];

export function createTranslator(locale: Locale): Translator {
  return createTranslatorFor(locale, catalogs[locale]);
}

/**
 * A translator for any language tag and catalog. A message the catalog lacks is said in English, so a
 * catalog loaded from elsewhere (or a new language under way) never shows a bare key.
 */
export function createTranslatorFor(locale: string, catalog: Partial<Catalog>): Translator {
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const times = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const unitFormat = (unit: DurationUnit) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' });
  const units: Record<DurationUnit, Intl.NumberFormat> = {
    day: unitFormat('day'),
    hour: unitFormat('hour'),
    minute: unitFormat('minute'),
    second: unitFormat('second'),
  };
  const unitList = new Intl.ListFormat(locale, { style: 'short', type: 'unit' });

  const lookUp = (key: MessageKey): Message => catalog[key] ?? catalogs[fallbackLocale][key];

  const interpolate = (text: string, params: Readonly<Record<string, ParamValue>>): string =>
    text.replace(placeholder, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });

  return {
    locale,
    t(key, ...args) {
      const params: Readonly<Record<string, ParamValue>> = args[0] ?? {};
      const message = lookUp(key);
      if (!isPluralMessage(message)) return interpolate(message, params);
      const count = params['count'];
      const category = typeof count === 'number' ? plurals.select(count) : 'other';
      return interpolate(message[category] ?? message.other, params);
    },
    formatNumber: (value) => numbers.format(value),
    formatTime: (date) => times.format(date),
    formatDateTime: (date) => dateTimes.format(date),
    formatDuration(totalSeconds) {
      let rest = Math.max(0, Math.floor(totalSeconds));
      const parts: string[] = [];
      for (const unit of durationUnits) {
        if (parts.length === 2) break;
        const amount = Math.floor(rest / secondsPerUnit[unit]);
        rest -= amount * secondsPerUnit[unit];
        if (amount > 0 || (parts.length === 0 && unit === 'second')) {
          parts.push(units[unit].format(amount));
        } else if (parts.length > 0) {
          break; // "2 hr" rather than "2 hr, 0 min"
        }
      }
      return unitList.format(parts);
    },
  };
}
