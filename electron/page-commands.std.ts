/**
 * Commands the main process sends the page: what the agent chose in the tray menu or with a global shortcut.
 * Kept free of zod, because the preload (which checks each command before handing it on) bundles this file.
 */
export const pageCommands = [
  'answer',
  'decline',
  'hang-up',
  'hold',
  'resume',
  'mute',
  'unmute',
  'go-available',
  'go-not-ready',
  'go-offline',
] as const;
export type PageCommand = (typeof pageCommands)[number];

export function isPageCommand(value: unknown): value is PageCommand {
  return typeof value === 'string' && (pageCommands as readonly string[]).includes(value);
}
