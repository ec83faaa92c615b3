import { z } from 'zod';
import type { DesktopStatus, PageCommand } from './desktop-status.std.js';

/**
 * Optional system-wide shortcuts to answer and hang up while another application has the focus (the agent
 * types in the CRM when the phone rings). They are registered only while they are useful (a call rings or is
 * in progress and the Tandem window is not focused) so that Tandem does not hold keys all day, and inside the
 * window the page's own shortcuts apply.
 */

const modifiers = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);

const namedKeys = new Set([
  'plus',
  'space',
  'tab',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
  'printscreen',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
  'numdec',
]);

/**
 * Electron's accelerator syntax (https://www.electronjs.org/docs/latest/api/accelerator): modifiers joined to
 * one key with `+`. We also require at least one modifier other than Shift, so that a global shortcut never
 * swallows a key the agent types in another application.
 */
export function describeAcceleratorProblem(accelerator: string): string | null {
  const parts = accelerator.split('+');
  if (parts.some((part) => part.trim() === '' || part !== part.trim())) {
    return 'it must be keys joined with +, like CommandOrControl+Alt+A';
  }
  const key = parts.at(-1) ?? '';
  const keyModifiers = parts.slice(0, -1).map((part) => part.toLowerCase());
  if (keyModifiers.some((modifier) => !modifiers.has(modifier))) {
    return `"${parts.slice(0, -1).join('+')}" are not all modifier keys`;
  }
  if (new Set(keyModifiers).size !== keyModifiers.length) {
    return 'it names a modifier twice';
  }
  if (!keyModifiers.some((modifier) => modifier !== 'shift')) {
    return 'it needs Control, Command, Alt or Super, so that it does not take a key other applications need';
  }
  if (!isKey(key)) {
    return `"${key}" is not a key`;
  }
  return null;
}

function isKey(key: string): boolean {
  if (/^[a-z0-9]$/i.test(key) || /^[)!@#$%^&*(:;<=>?,_.\-/`~[\]{}\\|'"]$/.test(key)) {
    return true;
  }
  if (/^F([1-9]|1[0-9]|2[0-4])$/i.test(key) || /^num[0-9]$/i.test(key)) {
    return true;
  }
  return namedKeys.has(key.toLowerCase());
}

export const acceleratorSchema = z
  .string()
  .max(64)
  .superRefine((accelerator, context) => {
    const problem = describeAcceleratorProblem(accelerator);
    if (problem !== null) {
      context.addIssue({
        code: 'custom',
        message: `The shortcut "${accelerator}" is not valid: ${problem}.`,
      });
    }
  });

export const globalShortcutSettingsSchema = z
  .strictObject({
    enabled: z.boolean(),
    answer: acceleratorSchema,
    hangUp: acceleratorSchema,
  })
  .refine((settings) => settings.answer.toLowerCase() !== settings.hangUp.toLowerCase(), {
    message: 'Answer and hang up need different shortcuts.',
  });

export type GlobalShortcutSettings = z.output<typeof globalShortcutSettingsSchema>;

export const defaultGlobalShortcutSettings: GlobalShortcutSettings = {
  enabled: false,
  answer: 'CommandOrControl+Alt+A',
  hangUp: 'CommandOrControl+Alt+H',
};

export interface WantedShortcut {
  accelerator: string;
  command: Extract<PageCommand, 'answer' | 'decline' | 'hang-up'>;
}

/** Which shortcuts should be registered right now. */
export function wantedGlobalShortcuts(
  settings: GlobalShortcutSettings,
  status: DesktopStatus,
  windowFocused: boolean,
): WantedShortcut[] {
  if (!settings.enabled || windowFocused) {
    return [];
  }
  if (status.agentState === 'Offered') {
    // Hang up on a ringing call declines it, as the page's own shortcut does.
    return [
      { accelerator: settings.answer, command: 'answer' },
      { accelerator: settings.hangUp, command: 'decline' },
    ];
  }
  if (status.agentState === 'OnCall' || status.call !== null) {
    return [{ accelerator: settings.hangUp, command: 'hang-up' }];
  }
  return [];
}
