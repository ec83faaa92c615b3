import { describe, expect, it } from 'vitest';
import { signedOutStatus, type DesktopStatus } from './desktop-status.std.js';
import {
  defaultGlobalShortcutSettings,
  describeAcceleratorProblem,
  globalShortcutSettingsSchema,
  wantedGlobalShortcuts,
} from './global-shortcuts.std.js';

const enabled = { ...defaultGlobalShortcutSettings, enabled: true };
const status = (overrides: Partial<DesktopStatus>): DesktopStatus => ({ ...signedOutStatus, ...overrides });
const ringing = status({ agentState: 'Offered' });
const onCall = status({ agentState: 'OnCall', call: { onHold: false, muted: false } });

describe('global shortcuts', () => {
  it('are off unless the agent turns them on', () => {
    expect(wantedGlobalShortcuts(defaultGlobalShortcutSettings, ringing, false)).toEqual([]);
  });

  it('answer or decline a ringing call while another application has the focus', () => {
    expect(wantedGlobalShortcuts(enabled, ringing, false)).toEqual([
      { accelerator: 'CommandOrControl+Alt+A', command: 'answer' },
      { accelerator: 'CommandOrControl+Alt+H', command: 'decline' },
    ]);
  });

  it('hang up a call in progress', () => {
    expect(wantedGlobalShortcuts(enabled, onCall, false)).toEqual([
      { accelerator: 'CommandOrControl+Alt+H', command: 'hang-up' },
    ]);
  });

  it('leave the keys alone when the window has the focus or no call is there', () => {
    expect(wantedGlobalShortcuts(enabled, ringing, true)).toEqual([]);
    expect(wantedGlobalShortcuts(enabled, onCall, true)).toEqual([]);
    for (const agentState of ['Available', 'NotReady', 'WrapUp', 'Offline', null] as const) {
      expect(wantedGlobalShortcuts(enabled, status({ agentState }), false)).toEqual([]);
    }
  });

  it('accept accelerators in Electron syntax', () => {
    for (const accelerator of [
      'CommandOrControl+Alt+A',
      'Ctrl+Shift+F9',
      'Super+Space',
      'Alt+Plus',
      'Control+num5',
    ]) {
      expect({ accelerator, problem: describeAcceleratorProblem(accelerator) }).toEqual({
        accelerator,
        problem: null,
      });
    }
  });

  it('refuse accelerators that are malformed or would take an ordinary key', () => {
    expect(describeAcceleratorProblem('A')).toMatch(/needs Control, Command, Alt or Super/);
    expect(describeAcceleratorProblem('Shift+A')).toMatch(/needs Control/);
    expect(describeAcceleratorProblem('Ctrl+')).toMatch(/keys joined with \+/);
    expect(describeAcceleratorProblem('Ctrl + A')).toMatch(/keys joined with \+/);
    expect(describeAcceleratorProblem('Hyper+A')).toMatch(/not all modifier keys/);
    expect(describeAcceleratorProblem('Ctrl+Ctrl+A')).toMatch(/modifier twice/);
    expect(describeAcceleratorProblem('Ctrl+Banana')).toMatch(/not a key/);
    expect(describeAcceleratorProblem('Ctrl+F25')).toMatch(/not a key/);
  });

  it('refuse the same keys for answer and hang up', () => {
    const same = globalShortcutSettingsSchema.safeParse({
      enabled: true,
      answer: 'Ctrl+Alt+A',
      hangUp: 'ctrl+alt+a',
    });
    expect(same.success).toBe(false);
    expect(globalShortcutSettingsSchema.safeParse(enabled).success).toBe(true);
  });
});
