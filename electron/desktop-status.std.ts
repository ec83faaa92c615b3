import { z } from 'zod';

/**
 * What the page tells the main process about the agent, so that the tray, the global shortcuts and the
 * notifications can follow it; and the commands the main process sends back when the agent uses them.
 *
 * Agent states are the routing engine's (`server/routing/agents/agent-state.ts`), repeated as strings here so
 * that the desktop shell does not depend on the server's code.
 */
export const agentStateNames = ['Offline', 'Available', 'Offered', 'OnCall', 'WrapUp', 'NotReady'] as const;
export type AgentStateName = (typeof agentStateNames)[number];

/** The languages the shell's own few texts (tray, notifications) are written in; the page's, minus none. */
export const desktopLocales = ['en', 'de', 'pt-BR', 'ko', 'zh-TW'] as const;
export type DesktopLocale = (typeof desktopLocales)[number];

export const desktopStatusSchema = z.strictObject({
  /** `null` while nobody is signed in. */
  agentState: z.enum(agentStateNames).nullable(),
  /** The call in progress, if any. */
  call: z.strictObject({ onHold: z.boolean(), muted: z.boolean() }).nullable(),
  /** The page's language; anything else falls back to English. */
  locale: z.string().max(35),
});

export type DesktopStatus = z.output<typeof desktopStatusSchema>;

export const signedOutStatus: DesktopStatus = { agentState: null, call: null, locale: 'en' };

export { pageCommands, type PageCommand } from './page-commands.std.js';

/** The language of `tag` that the shell speaks (`pt-PT` -> `pt-BR`, `zh-Hant-HK` -> `zh-TW`), else English. */
export function desktopLocaleOf(tag: string): DesktopLocale {
  const exact = desktopLocales.find((locale) => locale.toLowerCase() === tag.toLowerCase());
  if (exact !== undefined) {
    return exact;
  }
  let language: string;
  let script: string | undefined;
  try {
    const likely = new Intl.Locale(tag).maximize();
    language = likely.language;
    script = likely.script;
  } catch {
    return 'en';
  }
  if (language === 'zh') {
    return script === 'Hant' ? 'zh-TW' : 'en';
  }
  return desktopLocales.find((locale) => locale.split('-')[0] === language) ?? 'en';
}
