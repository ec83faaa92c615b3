import { describe, expect, it } from 'vitest';
import { createTranslator, createTranslatorFor } from './translator.js';

describe('the translator', () => {
  const english = createTranslator('en');
  const german = createTranslator('de');

  it('says plain messages in the chosen language', () => {
    expect(english.t('health.status.healthy')).toBe('Server healthy');
    expect(german.t('health.status.healthy')).toBe('Server in Ordnung');
  });

  it('fills in placeholders', () => {
    expect(english.t('health.version', { version: '1.2.3' })).toBe('Version 1.2.3');
    expect(german.t('health.node', { node: 'tandem-1' })).toBe('Knoten tandem-1');
  });

  it('writes numbers in placeholders the way the language does', () => {
    expect(english.t('components.count', { count: 1200 })).toBe('1,200 components');
    expect(german.t('components.count', { count: 1200 })).toBe('1.200 Komponenten');
  });

  it('chooses the plural form by the language rules', () => {
    expect(english.t('components.count', { count: 1 })).toBe('1 component');
    expect(english.t('components.count', { count: 0 })).toBe('0 components');
    expect(english.t('components.count', { count: 2 })).toBe('2 components');
    expect(german.t('components.count', { count: 1 })).toBe('1 Komponente');
    expect(german.t('components.count', { count: 5 })).toBe('5 Komponenten');
  });

  it('follows the plural rules of each language, not English ones', () => {
    // French says "0 composant" (singular) where English says "0 components".
    const french = createTranslatorFor('fr', {
      'components.count': { one: '{count} composant', other: '{count} composants' },
    });
    expect(french.t('components.count', { count: 0 })).toBe('0 composant');
    expect(french.t('components.count', { count: 2 })).toBe('2 composants');
  });

  it('uses the "other" form when a language has no form for a category', () => {
    const korean = createTranslatorFor('ko', { 'components.count': { other: '구성 요소 {count}개' } });
    expect(korean.t('components.count', { count: 1 })).toBe('구성 요소 1개');
  });

  it('falls back to English for a message a catalog lacks', () => {
    const french = createTranslatorFor('fr', { 'health.heading': 'Serveur' });
    expect(french.t('health.heading')).toBe('Serveur');
    expect(french.t('health.status.unreachable')).toBe('Server unreachable');
  });

  it('leaves an unknown placeholder visible rather than dropping text', () => {
    const odd = createTranslatorFor('en', { 'health.version': 'Version {version} ({build})' });
    expect(odd.t('health.version', { version: '1.0' })).toBe('Version 1.0 ({build})');
  });

  it('formats durations with the two largest units', () => {
    expect(english.formatDuration(0)).toBe('0 sec');
    expect(english.formatDuration(45)).toBe('45 sec');
    expect(english.formatDuration(61)).toBe('1 min, 1 sec');
    expect(english.formatDuration(3_600)).toBe('1 hr');
    expect(english.formatDuration(3_725)).toBe('1 hr, 2 min');
    expect(english.formatDuration(90_061)).toBe('1 day, 1 hr');
    expect(german.formatDuration(3_725)).toBe('1 Std., 2 Min.');
  });

  it('formats times the way the language does', () => {
    const afternoon = new Date(2025, 0, 15, 14, 3, 21);
    // ICU versions differ in which space they put before "PM".
    const spaced = (text: string) => text.replace(/\s/g, ' ');
    expect(spaced(english.formatTime(afternoon))).toBe('2:03:21 PM');
    expect(german.formatTime(afternoon)).toBe('14:03:21');
    expect(german.formatDateTime(afternoon)).toBe('15.01.2025, 14:03:21');
  });
});
