/**
 * Keyboard shortcuts for every call action. Ctrl (or ⌘) with Enter or Shift+H, and Alt with a letter, so
 * that none of them clashes with typing, and `?` (outside text fields) for the help overlay.
 */
export type ShortcutAction =
  'answer' | 'hangUp' | 'hold' | 'mute' | 'keypad' | 'transfer' | 'newCall' | 'help' | 'close';

export const shortcutLabels: Readonly<Record<Exclude<ShortcutAction, 'close'>, string>> = {
  answer: 'Ctrl+Enter',
  hangUp: 'Ctrl+Shift+H',
  hold: 'Alt+H',
  mute: 'Alt+M',
  keypad: 'Alt+K',
  transfer: 'Alt+T',
  newCall: 'Alt+N',
  help: '?',
};

/** What a key press is made of (a DOM KeyboardEvent is one). */
export interface KeyLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/**
 * Which action a key press asks for, if any. Letters are read from `code` too (Alt changes `key` on macOS).
 * `inTextField`: typing in a text field, where `?` is a character and not a shortcut.
 */
export function shortcutFor(press: KeyLike, inTextField = false): ShortcutAction | null {
  const command = press.ctrlKey || press.metaKey;
  const letter = press.code?.startsWith('Key') ? press.code.slice(3).toLowerCase() : press.key.toLowerCase();
  if (command && !press.altKey && !press.shiftKey && press.key === 'Enter') return 'answer';
  if (command && press.shiftKey && !press.altKey && letter === 'h') return 'hangUp';
  if (press.altKey && !command && !press.shiftKey) {
    if (letter === 'h') return 'hold';
    if (letter === 'm') return 'mute';
    if (letter === 'k') return 'keypad';
    if (letter === 't') return 'transfer';
    if (letter === 'n') return 'newCall';
  }
  if (press.key === 'Escape') return 'close';
  if (press.key === '?' && !command && !press.altKey && !inTextField) return 'help';
  return null;
}
