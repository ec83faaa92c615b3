import { describe, expect, it } from 'vitest';
import { shortcutFor, shortcutLabels, type KeyLike } from './keyboard-shortcuts.js';

const press = (key: string, more: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...more,
});

describe('keyboard shortcuts', () => {
  it('map every call action', () => {
    expect(shortcutFor(press('Enter', { ctrlKey: true }))).toBe('answer');
    expect(shortcutFor(press('Enter', { metaKey: true }))).toBe('answer');
    expect(shortcutFor(press('H', { code: 'KeyH', ctrlKey: true, shiftKey: true }))).toBe('hangUp');
    expect(shortcutFor(press('˙', { code: 'KeyH', altKey: true }))).toBe('hold'); // macOS Option+H
    expect(shortcutFor(press('m', { code: 'KeyM', altKey: true }))).toBe('mute');
    expect(shortcutFor(press('k', { code: 'KeyK', altKey: true }))).toBe('keypad');
    expect(shortcutFor(press('t', { code: 'KeyT', altKey: true }))).toBe('transfer');
    expect(shortcutFor(press('˜', { code: 'KeyN', altKey: true }))).toBe('newCall'); // macOS Option+N
  });

  it('give every action keys of its own, shown in the help overlay', () => {
    const labels = Object.values(shortcutLabels);
    expect(new Set(labels).size).toBe(labels.length);
    expect(shortcutLabels.newCall).toBe('Alt+N');
  });

  it('leave typing alone: plain Enter, letters, and ? inside a text field', () => {
    expect(shortcutFor(press('Enter'))).toBeNull();
    expect(shortcutFor(press('h', { code: 'KeyH' }))).toBeNull();
    expect(shortcutFor(press('?', { shiftKey: true }))).toBe('help');
    expect(shortcutFor(press('?', { shiftKey: true }), true)).toBeNull();
  });
});
