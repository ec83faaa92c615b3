import { describe, expect, it } from 'vitest';
import { isSupportedLocale, negotiateLocale } from './locales.js';

describe('choosing the interface language', () => {
  it('takes the first requested language Tandem speaks', () => {
    expect(negotiateLocale(['de'])).toBe('de');
    expect(negotiateLocale(['fr-FR', 'de-DE', 'en-US'])).toBe('de');
  });

  it('matches regional variants to their language', () => {
    expect(negotiateLocale(['de-AT'])).toBe('de');
    expect(negotiateLocale(['de-CH'])).toBe('de');
    expect(negotiateLocale(['en-GB'])).toBe('en');
  });

  it('speaks Portuguese, Korean and Traditional Chinese, whatever region the browser names', () => {
    expect(negotiateLocale(['pt-BR'])).toBe('pt-BR');
    expect(negotiateLocale(['pt-PT'])).toBe('pt-BR');
    expect(negotiateLocale(['pt'])).toBe('pt-BR');
    expect(negotiateLocale(['ko-KR'])).toBe('ko');
    expect(negotiateLocale(['zh-TW'])).toBe('zh-TW');
    expect(negotiateLocale(['zh-HK'])).toBe('zh-TW');
    expect(negotiateLocale(['zh-Hant'])).toBe('zh-TW');
  });

  it('does not offer Traditional Chinese to a reader of Simplified Chinese', () => {
    expect(negotiateLocale(['zh-CN', 'en'])).toBe('en');
    expect(negotiateLocale(['zh'])).toBe('en');
  });

  it('falls back to English for languages it does not speak yet', () => {
    expect(negotiateLocale(['fr-FR', 'ja-JP'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });

  it('skips tags that are not language tags', () => {
    expect(negotiateLocale(['not a tag!', 'de'])).toBe('de');
  });

  it('knows which languages it speaks', () => {
    expect(isSupportedLocale('de')).toBe(true);
    expect(isSupportedLocale('de-DE')).toBe(false);
    expect(isSupportedLocale(undefined)).toBe(false);
  });
});
