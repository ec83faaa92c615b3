import { describe, expect, it, vi } from 'vitest';
import { DesktopShellController, type ShellWindow } from './desktop-shell.main.js';
import type { DesktopStatus } from './desktop-status.std.js';
import { GlobalShortcutController } from './global-shortcuts.main.js';
import { defaultGlobalShortcutSettings, type GlobalShortcutSettings } from './global-shortcuts.std.js';
import { IncomingCallNotifier } from './incoming-call-notifier.main.js';
import type { IpcEventName } from './ipc-channels.std.js';
import { silentLogger } from './logger.std.js';
import { PendingDialRequests } from './pending-dial-requests.std.js';
import type { TrayModel } from './tray-menu.std.js';

/**
 * The shell's parts as they are in the app (tray model, shortcuts, notifier, dial queue), with Electron's
 * objects replaced by recorders: the window, the tray, globalShortcut and Notification.
 */
function shell(options: { pageLoaded?: boolean; confirmQuit?: boolean } = {}) {
  const sent: Array<[IpcEventName, unknown]> = [];
  const window = {
    isFocused: false as boolean,
    focus: vi.fn(() => {
      window.isFocused = true;
    }),
    send: (event: IpcEventName, payload?: unknown) => {
      if (options.pageLoaded === false) return false;
      sent.push([event, payload]);
      return true;
    },
  } satisfies ShellWindow;
  const trayModels: TrayModel[] = [];
  const keys = new Map<string, () => void>();
  const notifications: Array<{ body: string | undefined; closed: boolean; click: () => void }> = [];
  let shortcutSettings: GlobalShortcutSettings = { ...defaultGlobalShortcutSettings, enabled: true };
  const quit = vi.fn();
  const confirmQuitDuringCall = vi.fn(async () => options.confirmQuit ?? false);

  const shortcuts = new GlobalShortcutController(
    {
      register: (accelerator, callback) => {
        keys.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator) => {
        keys.delete(accelerator);
      },
    },
    (command) => controller.sendCommand(command),
    silentLogger,
  );
  const notifier = new IncomingCallNotifier({
    createNotification: (notificationOptions) => {
      const entry = { body: notificationOptions.body, closed: false, click: () => {} };
      notifications.push(entry);
      return {
        on: (_event, listener) => {
          entry.click = listener;
        },
        show: () => {},
        close: () => {
          entry.closed = true;
        },
      };
    },
    revealWindow: () => {},
    focusWindow: () => window.focus(),
    logger: silentLogger,
  });
  const controller: DesktopShellController = new DesktopShellController({
    window: () => window,
    tray: { show: (model) => trayModels.push(model) },
    notifier,
    shortcuts,
    pendingDials: new PendingDialRequests({ logger: silentLogger }),
    globalShortcutSettings: () => shortcutSettings,
    applyStartAtLogin: async () => {},
    confirmQuitDuringCall,
    quit,
    logger: silentLogger,
  });
  return {
    controller,
    window,
    sent,
    trayModels,
    keys,
    notifications,
    quit,
    confirmQuitDuringCall,
    setShortcutSettings: (settings: GlobalShortcutSettings) => {
      shortcutSettings = settings;
      controller.applyGlobalShortcuts(settings);
    },
  };
}

const ringing: DesktopStatus = { agentState: 'Offered', call: null, locale: 'en' };
const onCall: DesktopStatus = { agentState: 'OnCall', call: { onHold: false, muted: false }, locale: 'en' };
const available: DesktopStatus = { agentState: 'Available', call: null, locale: 'en' };

describe('the desktop shell around the page', () => {
  it('shows the signed-out tray at once and follows the agent state', () => {
    const test = shell();
    expect(test.trayModels.at(-1)?.icon).toBe('signed-out');
    test.controller.setStatus(available);
    expect(test.trayModels.at(-1)?.tooltip).toBe('Tandem: Available');
  });

  it('sends a tray quick action to the page as a command', () => {
    const test = shell();
    test.controller.setStatus(available);
    test.controller.runTrayAction('go-not-ready');
    expect(test.sent).toEqual([['desktop:command', 'go-not-ready']]);
  });

  it('answers a ringing call with the global shortcut while the agent works in another application', () => {
    const test = shell();
    test.controller.windowFocusChanged(false);
    test.controller.setStatus(ringing);
    expect([...test.keys.keys()].sort()).toEqual(['CommandOrControl+Alt+A', 'CommandOrControl+Alt+H']);
    test.keys.get('CommandOrControl+Alt+A')?.();
    expect(test.sent).toEqual([['desktop:command', 'answer']]);
    test.controller.setStatus(onCall);
    expect([...test.keys.keys()]).toEqual(['CommandOrControl+Alt+H']);
    test.keys.get('CommandOrControl+Alt+H')?.();
    expect(test.sent.at(-1)).toEqual(['desktop:command', 'hang-up']);
  });

  it('gives the keys back when the window gets the focus, the call ends or the agent turns them off', () => {
    const test = shell();
    test.controller.setStatus(onCall);
    expect(test.keys.size).toBe(1);
    test.controller.windowFocusChanged(true);
    expect(test.keys.size).toBe(0);
    test.controller.windowFocusChanged(false);
    expect(test.keys.size).toBe(1);
    test.setShortcutSettings(defaultGlobalShortcutSettings);
    expect(test.keys.size).toBe(0);
    test.setShortcutSettings({ ...defaultGlobalShortcutSettings, enabled: true });
    test.controller.setStatus({ agentState: 'WrapUp', call: null, locale: 'en' });
    expect(test.keys.size).toBe(0);
  });

  it('notifies of a ringing call, focuses the window on a click, and closes when the page says it stopped', () => {
    const test = shell();
    test.controller.setStatus({ ...ringing, locale: 'ko' });
    test.controller.showIncomingCall({
      callId: 'c1',
      callerNumber: '1001',
      callerName: null,
      queueName: 'Sales',
    });
    expect(test.notifications.map((entry) => entry.body)).toEqual(['Sales: 1001']);
    test.notifications[0]?.click();
    expect(test.window.focus).toHaveBeenCalled();
    test.controller.setStatus(onCall);
    expect(test.notifications[0]?.closed).toBe(false);
    test.controller.dismissIncomingCall('c1');
    expect(test.notifications[0]?.closed).toBe(true);
  });

  it('never leaves a notification behind when the agent signs out or the page reloads', () => {
    const test = shell();
    const call = { callId: 'c1', callerNumber: '1001', callerName: null, queueName: null };
    test.controller.showIncomingCall(call);
    test.controller.setStatus({ agentState: null, call: null, locale: 'en' });
    test.controller.showIncomingCall({ ...call, callId: 'c2' });
    test.controller.pageLoaded();
    expect(test.notifications.map((entry) => entry.closed)).toEqual([true, true]);
  });

  it('turns a clicked tel: link into a dial request the page takes once, and brings the window up', () => {
    const test = shell();
    test.controller.receiveDialLink('tel:+1-555-0100');
    expect(test.window.focus).toHaveBeenCalled();
    expect(test.sent).toEqual([['dial:request-waiting', undefined]]);
    expect(test.controller.takePendingDial()).toMatchObject({ target: '+15550100' });
    expect(test.controller.takePendingDial()).toBeNull();
  });

  it('ignores a malformed link without disturbing the agent', () => {
    const test = shell();
    test.controller.receiveDialLink('tel:drop-table');
    expect(test.window.focus).not.toHaveBeenCalled();
    expect(test.sent).toEqual([]);
  });

  it('keeps a link that arrived before the page loaded, and tells the page once it has', () => {
    const test = shell({ pageLoaded: false });
    test.controller.receiveDialLink('callto://+4930123456');
    test.controller.pageLoaded();
    expect(test.controller.takePendingDial()).toMatchObject({ target: '+4930123456' });
  });

  it('asks before quitting during a call, and stays when the agent says so', async () => {
    const test = shell({ confirmQuit: false });
    test.controller.setStatus(onCall);
    test.controller.runTrayAction('quit');
    await vi.waitFor(() => expect(test.confirmQuitDuringCall).toHaveBeenCalledWith('en'));
    expect(test.quit).not.toHaveBeenCalled();

    const idle = shell();
    idle.controller.setStatus(available);
    idle.controller.runTrayAction('quit');
    await vi.waitFor(() => expect(idle.quit).toHaveBeenCalled());
    expect(idle.confirmQuitDuringCall).not.toHaveBeenCalled();
  });

  it("asks before the window's close button ends a call, and not otherwise", async () => {
    const test = shell({ confirmQuit: true });
    test.controller.setStatus(available);
    expect(test.controller.mayCloseWindow()).toBe(true);
    test.controller.setStatus(ringing);
    await expect(test.controller.mayCloseWindow()).resolves.toBe(true);
    expect(test.confirmQuitDuringCall).toHaveBeenCalledTimes(1);
  });
});
