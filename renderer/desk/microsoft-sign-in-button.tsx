import { useEffect, useRef, useState } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { Credentials } from '../services/agent-api.js';
import {
  collectMicrosoftSignIn,
  microsoftClientConfig,
  microsoftProblemOf,
  microsoftReturnOf,
  microsoftSignInForm,
  microsoftStartUrl,
  type MicrosoftClientConfig,
  type MicrosoftProblem,
} from '../services/microsoft-sign-in.js';
import {
  microsoftBridgeOf,
  MicrosoftSignInRefusedError,
  signInThroughDesktop,
} from '../services/microsoft-sign-in-desktop.js';

const browserFetch = (input: string, init: RequestInit) => fetch(input, init);

const problemOfError = (error: unknown): MicrosoftProblem =>
  microsoftProblemOf(
    error instanceof MicrosoftSignInRefusedError ? error.code : error instanceof Error ? error.message : '',
  );

/**
 * "Sign in with Microsoft", shown when the server offers it (its client configuration says so).
 * - In a browser the page goes through the server's redirect flow and comes back with a one-time ticket,
 *   which is turned into the agent's Tandem credentials and a normal sign-in.
 * - In the desktop app the main process signs in in the system browser and hands back the credentials.
 * Either way, the desk's sign-out ends the Microsoft session (the credentials are revoked at the server,
 * and the desktop app forgets the account). A refusal says why, in words, above the button.
 */
export function MicrosoftSignInButton(props: { pageOrigin: string }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const [offered, setOffered] = useState(false);
  const [problem, setProblem] = useState<MicrosoftProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const config = useRef<Promise<MicrosoftClientConfig> | null>(null);
  const server = props.pageOrigin;

  useEffect(() => {
    let live = true;
    const configured = microsoftClientConfig(server, browserFetch);
    config.current = configured;
    void configured.then(({ offered: yes }) => live && setOffered(yes));
    const back = microsoftReturnOf(window.location.hash);
    if (back) {
      // The ticket is good once: take it out of the address bar and the history at once.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      if (back.kind === 'error') setProblem(microsoftProblemOf(back.code));
      else
        void collectMicrosoftSignIn(server, back.ticket, browserFetch).then(
          async (credentials: Credentials) => {
            const { sipServer } = await configured;
            await desk.signIn(microsoftSignInForm(server, sipServer, credentials, browserFetch));
          },
          (error: unknown) => {
            if (live) setProblem(problemOfError(error));
          },
        );
    }
    return () => {
      live = false;
    };
  }, [server, desk]);

  const start = () => {
    const bridge = microsoftBridgeOf(window);
    if (!bridge) {
      window.location.assign(microsoftStartUrl(server));
      return;
    }
    setBusy(true);
    setProblem(null);
    void signInThroughDesktop(bridge)
      .then(
        async (credentials) => {
          const { sipServer } = await (config.current ?? microsoftClientConfig(server, browserFetch));
          const forget = () => bridge.microsoft.signOut();
          await desk.signIn(microsoftSignInForm(server, sipServer, credentials, browserFetch, forget));
        },
        (error: unknown) => setProblem(problemOfError(error)),
      )
      .finally(() => setBusy(false));
  };

  if (!offered && problem === null) return null;
  return (
    <div className="sign-in__microsoft">
      {problem !== null && (
        <p className="form__problem" role="alert" data-testid="microsoft-sign-in-problem">
          {t(
            problem === 'failed' ? 'signIn.microsoftFailed' : (`signIn.microsoftProblem.${problem}` as const),
          )}
        </p>
      )}
      {offered && (
        <button
          type="button"
          className="button"
          data-testid="microsoft-sign-in"
          disabled={busy}
          aria-busy={busy}
          onClick={start}
        >
          {t('signIn.microsoft')}
        </button>
      )}
    </div>
  );
}
