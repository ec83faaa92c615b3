import { describe, expect, it } from 'vitest';
import { catalogs, supportedLocales } from '../locales.js';
import type { Catalog, Message, Placeholders } from '../message-types.js';
import { en } from './en.js';

const placeholdersIn = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [
    ...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))),
  ].sort();
};

describe.each(supportedLocales.filter((locale) => locale !== 'en'))('the %s catalog', (locale) => {
  const catalog: Catalog = catalogs[locale];

  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps every placeholder and adds none', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, placeholders: placeholdersIn(catalog[key]) }).toEqual({
        key,
        placeholders: placeholdersIn(en[key]),
      });
    }
  });

  it('uses a plural object exactly where English does, always with an "other" form', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const source = en[key];
      const translation = catalog[key];
      expect({ key, plural: typeof translation }).toEqual({ key, plural: typeof source });
      if (typeof translation === 'object') expect(translation.other).toBeTruthy();
    }
  });

  it('has no empty message', () => {
    for (const [key, message] of Object.entries(catalog)) {
      const texts: string[] = typeof message === 'string' ? [message] : Object.values(message);
      expect({ key, empty: texts.filter((text) => text.trim() === '') }).toEqual({ key, empty: [] });
    }
  });
});

// Compile-time checks, run by `tsc -p renderer`: the Catalog type is what keeps translations complete.
type Expect<Condition extends true> = Condition;
export type PlaceholdersAreFound = Expect<
  Placeholders<'From {from} to {to}'> extends 'from' | 'to' ? true : false
>;

export const missingKey: Omit<Catalog, 'app.name'> = catalogs.de;
// @ts-expect-error a translation must have every key
export const incomplete: Catalog = missingKey;

export const keptPlaceholder: Catalog = { ...catalogs.de, 'health.version': 'Fassung {version}' };
// @ts-expect-error a translation must keep the placeholders
export const lostPlaceholder: Catalog = { ...catalogs.de, 'health.version': 'Version' };

// @ts-expect-error a translation has no keys English lacks
export const extraKey: Catalog = { ...catalogs.de, 'health.extra': 'Extra' };

// @ts-expect-error a plural message stays a plural message
export const notPlural: Catalog = { ...catalogs.de, 'components.count': '{count} Komponenten' };
