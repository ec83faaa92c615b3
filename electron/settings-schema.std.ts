import { z } from 'zod';
import { parseServerUrl } from './server-url.std.js';

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

/** What the agent (or IT) chose on this computer. Absent values mean "use the default". */
export const tandemSettingsSchema = z.object({
  /** The Tandem server; `null` lets the command line, `TANDEM_SERVER_URL` or the default decide. */
  serverUrl: serverUrlSchema.nullable(),
});

export type TandemSettings = z.output<typeof tandemSettingsSchema>;

export const defaultSettings: TandemSettings = { serverUrl: null };

/** The settings file on disk: the settings plus a version, so that a later release can migrate them. */
export const settingsFileSchema = tandemSettingsSchema.extend({ version: z.literal(1) });

export type SettingsFile = z.output<typeof settingsFileSchema>;
