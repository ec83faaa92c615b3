import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  ipcInputSchemas,
  isIpcChannelName,
  type AppInfo,
  type IpcChannelName,
  type IpcError,
  type IpcOutputs,
  type IpcResult,
  type IpcValidInput,
  type SettingsView,
} from './ipc-contract.std.js';
import type { DesktopStatus } from './desktop-status.std.js';
import type { DialRequest } from './dial-link.std.js';
import type { GlobalShortcutSettings } from './global-shortcuts.std.js';
import { HistoryUnavailableError } from './history/desktop-history.node.js';
import { createHistoryIpcHandlers, type HistoryPort } from './history/history-ipc-handlers.main.js';
import type { IncomingCall } from './incoming-call.std.js';
import { parseLaunchOptions, type LaunchInputs, type LaunchOptions } from './launch-options.std.js';
import type { Logger } from './logger.std.js';
import {
  createMicrosoftSignInIpcHandlers,
  type MicrosoftSignInPort,
} from './microsoft-sign-in-ipc-handlers.main.js';
import { SecretsUnavailableError, type SecretStore } from './secret-store.std.js';
import type { SettingsStore } from './settings-store.node.js';
import type { TandemSettings } from './settings-schema.std.js';

/** One function per channel; each receives its input only after the input passed the channel's schema. */
export type IpcHandlers = {
  [Channel in IpcChannelName]: (
    input: IpcValidInput<Channel>,
  ) => Promise<IpcOutputs[Channel]> | IpcOutputs[Channel];
};

export interface IpcCallContext {
  handlers: IpcHandlers;
  /** Whether the page at `senderUrl` may use the bridge: the Tandem server and nothing else. */
  isTrustedSender: (senderUrl: string) => boolean;
  logger: Logger;
}

export interface IpcRegistration extends IpcCallContext {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
}

/** Registers a handler for every channel of the contract; returns a function that removes them again. */
export function registerIpcHandlers(registration: IpcRegistration): () => void {
  const channels = Object.keys(ipcInputSchemas).filter(isIpcChannelName);
  for (const channel of channels) {
    registration.ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) =>
      handleIpcCall(channel, event.senderFrame?.url ?? null, input, registration),
    );
  }
  return () => {
    for (const channel of channels) {
      registration.ipcMain.removeHandler(channel);
    }
  };
}

/**
 * Answers one call from the page: checks the sender, validates the input with zod, runs the handler, and turns
 * every outcome into an `IpcResult`. Never rejects.
 */
export async function handleIpcCall<Channel extends IpcChannelName>(
  channel: Channel,
  senderUrl: string | null,
  input: unknown,
  context: IpcCallContext,
): Promise<IpcResult<Channel>> {
  const logger = context.logger;
  if (senderUrl === null || !context.isTrustedSender(senderUrl)) {
    logger.warn({ channel, senderUrl }, 'IPC call from an untrusted page refused');
    return failure('forbidden', 'This page may not use the Tandem desktop bridge.');
  }
  const schema: z.ZodType = ipcInputSchemas[channel];
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    logger.warn({ channel, issues: parsed.error.issues.length }, 'IPC input refused');
    return failure('invalid-input', describeIssues(parsed.error));
  }
  // The map is keyed by channel, so the handler for `channel` takes exactly this channel's validated input.
  const handler = context.handlers[channel] as (
    input: unknown,
  ) => Promise<IpcOutputs[Channel]> | IpcOutputs[Channel];
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof SecretsUnavailableError || error instanceof HistoryUnavailableError) {
      logger.warn({ channel }, 'IPC call cannot be served on this computer');
      return failure('unavailable', error.message);
    }
    logger.error({ channel, err: error }, 'IPC handler failed');
    return failure('failed', error instanceof Error ? error.message : String(error));
  }
}

/** What the desktop shell does for the page: the Electron side of tray, notifications, shortcuts, links. */
export interface DesktopShell {
  setStatus(status: DesktopStatus): void;
  showIncomingCall(call: IncomingCall): void;
  dismissIncomingCall(callId: string): void;
  takePendingDial(): DialRequest | null;
  /** Makes the operating system start Tandem at login (or not); rejects when it could not. */
  applyStartAtLogin(enabled: boolean): Promise<void>;
  applyGlobalShortcuts(settings: GlobalShortcutSettings): void;
}

export interface TandemIpcDependencies {
  appInfo: AppInfo;
  settingsStore: Pick<SettingsStore, 'current' | 'update'>;
  /** This start's command line and environment, to tell whether a saved URL would apply on the next start. */
  launchInputs: Omit<LaunchInputs, 'savedServerUrl'>;
  /** What this start decided. */
  activeLaunch: LaunchOptions;
  shell: DesktopShell;
  secrets: SecretStore;
  /** The signed-in agent's local call history. */
  history: HistoryPort;
  /** Microsoft sign-in in the system browser. */
  microsoftSignIn: MicrosoftSignInPort;
}

export function createTandemIpcHandlers(dependencies: TandemIpcDependencies): IpcHandlers {
  return {
    'app:get-info': () => dependencies.appInfo,
    'settings:get': () => describeSettings(dependencies.settingsStore.current, dependencies),
    'settings:set-server-url': async ({ serverUrl }) => {
      const saved = await dependencies.settingsStore.update({ serverUrl });
      return describeSettings(saved, dependencies);
    },
    // The operating system first: a setting saved as on while Tandem is not in the login items would lie.
    'settings:set-start-at-login': async ({ enabled }) => {
      await dependencies.shell.applyStartAtLogin(enabled);
      const saved = await dependencies.settingsStore.update({ startAtLogin: enabled });
      return describeSettings(saved, dependencies);
    },
    'settings:set-global-shortcuts': async (globalShortcuts) => {
      const saved = await dependencies.settingsStore.update({ globalShortcuts });
      dependencies.shell.applyGlobalShortcuts(saved.globalShortcuts);
      return describeSettings(saved, dependencies);
    },
    'desktop:set-status': (status) => {
      dependencies.shell.setStatus(status);
      return null;
    },
    'call:show-incoming': (call) => {
      dependencies.shell.showIncomingCall(call);
      return null;
    },
    'call:dismiss-incoming': ({ callId }) => {
      dependencies.shell.dismissIncomingCall(callId);
      return null;
    },
    'dial:take-pending': () => dependencies.shell.takePendingDial(),
    'secrets:is-available': () => dependencies.secrets.isAvailable(),
    'secrets:get': ({ name }) => dependencies.secrets.get(name),
    'secrets:set': async ({ name, value }) => {
      await dependencies.secrets.set(name, value);
      return null;
    },
    'secrets:delete': async ({ name }) => {
      await dependencies.secrets.delete(name);
      return null;
    },
    ...createHistoryIpcHandlers(dependencies.history, {
      wipeAtSignOut: () => dependencies.settingsStore.current.localHistory.wipeAtSignOut,
    }),
    ...createMicrosoftSignInIpcHandlers(dependencies.microsoftSignIn),
  };
}

export function describeSettings(
  settings: TandemSettings,
  dependencies: Pick<TandemIpcDependencies, 'launchInputs' | 'activeLaunch'>,
): SettingsView {
  const nextLaunch = parseLaunchOptions({ ...dependencies.launchInputs, savedServerUrl: settings.serverUrl });
  return {
    savedServerUrl: settings.serverUrl,
    activeServerUrl: dependencies.activeLaunch.serverUrl,
    activeServerUrlSource: dependencies.activeLaunch.serverUrlSource,
    restartRequired: nextLaunch.ok && nextLaunch.value.serverUrl !== dependencies.activeLaunch.serverUrl,
    startAtLogin: settings.startAtLogin,
    globalShortcuts: settings.globalShortcuts,
  };
}

function failure(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** The first issue of each field, as sentences a settings screen can show next to the field. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join(' ');
}
