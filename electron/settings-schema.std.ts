import { z } from 'zod';
import {
  defaultGlobalShortcutSettings,
  globalShortcutSettingsSchema,
  type GlobalShortcutSettings,
} from './global-shortcuts.std.js';
import { defaultLocalHistorySettings, localHistorySettingsSchema } from './history/history-settings.std.js';
import { parseServerUrl } from './server-url.std.js';
import { windowStateSchema } from './window-state.std.js';

/** A server URL that `parseServerUrl` accepts, normalised by it. */
export const serverUrlSchema = z
  .string()
  .max(4096)
  .transform((text, context) => {
    const parsed = parseServerUrl(text);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: `The server URL is not valid: ${parsed.error}.` });
      return z.NEVER;
    }
    return parsed.value;
  });

/**
 * What the agent (or IT) chose on this computer. Absent values mean "use the default", so a file written by an
 * older release (with fewer fields) still loads.
 */
export const tandemSettingsSchema = z.object({
  /** The Tandem server; `null` lets the command line, `TANDEM_SERVER_URL` or the default decide. */
  serverUrl: serverUrlSchema.nullable(),
  /** Where the window was; `null` until it was first moved or closed. */
  windowState: windowStateSchema.nullable().default(null),
  /** Start Tandem when the agent signs in to the computer. */
  startAtLogin: z.boolean().default(false),
  /** Answer and hang up from other applications (off unless the agent turns them on). */
  globalShortcuts: globalShortcutSettingsSchema.default(() => ({ ...defaultGlobalShortcutSettings })),
  /** The local call history: wipe at sign-out, size on disk (`history/history-settings.std.ts`). */
  localHistory: localHistorySettingsSchema.default(() => ({ ...defaultLocalHistorySettings })),
});

export type TandemSettings = z.output<typeof tandemSettingsSchema>;

export const defaultSettings: TandemSettings = {
  serverUrl: null,
  windowState: null,
  startAtLogin: false,
  globalShortcuts: defaultGlobalShortcutSettings satisfies GlobalShortcutSettings,
  localHistory: defaultLocalHistorySettings,
};

/** The settings file on disk: the settings plus a version, so that a later release can migrate them. */
export const settingsFileSchema = tandemSettingsSchema.extend({ version: z.literal(1) });

export type SettingsFile = z.output<typeof settingsFileSchema>;
