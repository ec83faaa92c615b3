import { describe, expect, it } from 'vitest';
import { desktopLocaleOf, desktopLocales } from './desktop-status.std.js';
import { desktopStrings, fillIn } from './desktop-strings.std.js';

const placeholdersOf = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

const flatten = (value: unknown, prefix = ''): Array<[string, string]> =>
  typeof value === 'string'
    ? [[prefix, value]]
    : Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
        flatten(inner, prefix === '' ? key : `${prefix}.${key}`),
      );

describe("the desktop shell's own texts", () => {
  const english = new Map(flatten(desktopStrings.en));

  it.each(desktopLocales.filter((locale) => locale !== 'en'))(
    'are complete in %s, placeholders kept',
    (locale) => {
      const translated = new Map(flatten(desktopStrings[locale]));
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of translated) {
        expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
        expect({ key, placeholders: placeholdersOf(text) }).toEqual({
          key,
          placeholders: placeholdersOf(english.get(key) ?? ''),
        });
      }
    },
  );

  it('follow the page language, regional variants included', () => {
    expect(desktopLocaleOf('de')).toBe('de');
    expect(desktopLocaleOf('de-AT')).toBe('de');
    expect(desktopLocaleOf('pt-BR')).toBe('pt-BR');
    expect(desktopLocaleOf('pt-PT')).toBe('pt-BR');
    expect(desktopLocaleOf('ko-KR')).toBe('ko');
    expect(desktopLocaleOf('zh-TW')).toBe('zh-TW');
    expect(desktopLocaleOf('zh-HK')).toBe('zh-TW');
    expect(desktopLocaleOf('zh-CN')).toBe('en');
    expect(desktopLocaleOf('fr')).toBe('en');
    expect(desktopLocaleOf('not a tag!')).toBe('en');
  });

  it('fill in their placeholders', () => {
    expect(fillIn(desktopStrings.en.incomingCallFromQueue, { caller: '+15550100', queue: 'Sales' })).toBe(
      '+15550100 for Sales',
    );
    expect(fillIn('{caller} {nobody}', { caller: 'x' })).toBe('x {nobody}');
  });
});
