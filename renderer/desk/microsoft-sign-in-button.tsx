import { useEffect, useState } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { normaliseServer } from '../services/agent-desk.js';
import {
  collectMicrosoftSignIn,
  microsoftReturnOf,
  microsoftSignInOffered,
  microsoftStartUrl,
} from '../services/microsoft-sign-in.js';
import { defaultSipServer } from '../services/softphone/softphone.js';

const browserFetch = (input: string, init: RequestInit) => fetch(input, init);

/**
 * "Sign in with Microsoft", shown when the server offers it (its client configuration says so). The browser
 * goes through the server's redirect flow and comes back to this page with a one-time ticket, which is
 * turned into the agent's Tandem credentials and a normal sign-in.
 */
export function MicrosoftSignInButton(props: { pageOrigin: string }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const [offered, setOffered] = useState(false);
  const [failed, setFailed] = useState(false);
  const server = props.pageOrigin;

  useEffect(() => {
    let live = true;
    void microsoftSignInOffered(server, browserFetch).then((yes) => live && setOffered(yes));
    const back = microsoftReturnOf(window.location.hash);
    if (back) {
      // The ticket is good once: take it out of the address bar and the history at once.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      if (back.kind === 'error') setFailed(true);
      else
        void collectMicrosoftSignIn(server, back.ticket, browserFetch).then(
          ({ username, password }) =>
            desk.signIn({
              server,
              sipServer: defaultSipServer(normaliseServer(server)),
              username,
              password,
            }),
          () => live && setFailed(true),
        );
    }
    return () => {
      live = false;
    };
  }, [server, desk]);

  if (!offered && !failed) return null;
  return (
    <div className="sign-in__microsoft">
      {failed && (
        <p className="form__problem" role="alert" data-testid="microsoft-sign-in-problem">
          {t('signIn.microsoftFailed')}
        </p>
      )}
      {offered && (
        <button
          type="button"
          className="button"
          data-testid="microsoft-sign-in"
          onClick={() => window.location.assign(microsoftStartUrl(server))}
        >
          {t('signIn.microsoft')}
        </button>
      )}
    </div>
  );
}
