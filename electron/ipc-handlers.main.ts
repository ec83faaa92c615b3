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
import { parseLaunchOptions, type LaunchInputs, type LaunchOptions } from './launch-options.std.js';
import type { Logger } from './logger.std.js';
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
    logger.error({ channel, err: error }, 'IPC handler failed');
    return failure('failed', error instanceof Error ? error.message : String(error));
  }
}

export interface TandemIpcDependencies {
  appInfo: AppInfo;
  settingsStore: Pick<SettingsStore, 'current' | 'update'>;
  /** This start's command line and environment, to tell whether a saved URL would apply on the next start. */
  launchInputs: Omit<LaunchInputs, 'savedServerUrl'>;
  /** What this start decided. */
  activeLaunch: LaunchOptions;
}

export function createTandemIpcHandlers(dependencies: TandemIpcDependencies): IpcHandlers {
  return {
    'app:get-info': () => dependencies.appInfo,
    'settings:get': () => describeSettings(dependencies.settingsStore.current, dependencies),
    'settings:set-server-url': async ({ serverUrl }) => {
      const saved = await dependencies.settingsStore.update({ serverUrl });
      return describeSettings(saved, dependencies);
    },
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
