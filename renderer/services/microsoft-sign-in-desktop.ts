/**
 * Microsoft sign-in in the desktop app: the page asks the main process (`window.tandem.microsoft`), which
 * signs in with MSAL in the system browser and exchanges the ID token at the server for the agent's Tandem
 * credentials (electron/microsoft-sign-in-session.node.ts). The page never sees a Microsoft token.
 */
import type { Credentials } from './agent-api.js';
import type { TandemBridge } from '../../electron/tandem-bridge.std.js';

export type MicrosoftBridge = Pick<TandemBridge, 'microsoft'>;

/** The desktop app's Microsoft part of `window.tandem`, or null in a browser (or an older desktop app). */
export function microsoftBridgeOf(global: object): MicrosoftBridge | null {
  const candidate: unknown = (global as { tandem?: unknown }).tandem;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const microsoft: unknown = (candidate as { microsoft?: unknown }).microsoft;
  if (typeof microsoft !== 'object' || microsoft === null) return null;
  const { signIn, signOut } = microsoft as Record<string, unknown>;
  return typeof signIn === 'function' && typeof signOut === 'function'
    ? (candidate as MicrosoftBridge)
    : null;
}

/** A Microsoft sign-in that did not give credentials; `code` is the desktop app's refusal code. */
export class MicrosoftSignInRefusedError extends Error {
  override readonly name = 'MicrosoftSignInRefusedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The agent's Tandem credentials through the desktop app; rejects with MicrosoftSignInRefusedError. */
export async function signInThroughDesktop(bridge: MicrosoftBridge): Promise<Credentials> {
  const result = await bridge.microsoft.signIn();
  if (!result.ok) throw new MicrosoftSignInRefusedError('failed', result.error.message);
  const outcome = result.value;
  if (outcome.kind === 'refused') throw new MicrosoftSignInRefusedError(outcome.code, outcome.message);
  return { username: outcome.username, password: outcome.password };
}
