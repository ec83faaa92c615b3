/**
 * The Microsoft sign-in channels of the IPC contract, answered by `MicrosoftSignInSession`.
 * `ipc-handlers.main.ts` spreads them into its handler map; it has already checked the sender and the input.
 */
import type { IpcOutputs } from './ipc-contract.std.js';
import { IpcChannel } from './ipc-channels.std.js';
import type { MicrosoftSignInSession } from './microsoft-sign-in-session.node.js';

type MicrosoftChannel = Extract<(typeof IpcChannel)[keyof typeof IpcChannel], `microsoft:${string}`>;

export type MicrosoftSignInIpcHandlers = {
  [Channel in MicrosoftChannel]: () => Promise<IpcOutputs[Channel]>;
};

export type MicrosoftSignInPort = Pick<MicrosoftSignInSession, 'signIn' | 'signOut'>;

export function createMicrosoftSignInIpcHandlers(session: MicrosoftSignInPort): MicrosoftSignInIpcHandlers {
  return {
    [IpcChannel.MicrosoftSignIn]: () => session.signIn(),
    [IpcChannel.MicrosoftSignOut]: async () => {
      await session.signOut();
      return null;
    },
  };
}
