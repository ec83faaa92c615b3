import { useId, useState, type FormEvent } from 'react';
import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { MicrosoftSignInButton } from './microsoft-sign-in-button.js';
import { defaultSipServer } from '../services/softphone/softphone.js';
import { selectRememberedServer, selectRememberedUsername } from '../store/preferences/selectors.js';
import { selectSessionStatus, selectSignInProblem } from '../store/session/selectors.js';

function sipServerFor(server: string): string {
  try {
    return defaultSipServer(/^https?:\/\//i.test(server) ? server : `http://${server}`);
  } catch {
    return '';
  }
}

/**
 * Server, agent name and password (Microsoft sign-in comes with the Teams work, below this form). The server
 * and name are remembered after a successful sign-in; the password never is.
 */
export function SignInForm(props: { pageOrigin: string }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const status = useTandem(selectSessionStatus);
  const problem = useTandem(selectSignInProblem);
  const rememberedServer = useTandem(selectRememberedServer);
  const rememberedUsername = useTandem(selectRememberedUsername);
  const [server, setServer] = useState(rememberedServer ?? props.pageOrigin);
  const [sipServer, setSipServer] = useState<string | null>(null);
  const [username, setUsername] = useState(rememberedUsername ?? '');
  const [password, setPassword] = useState('');
  const ids = { server: useId(), sip: useId(), username: useId(), password: useId(), problem: useId() };
  const busy = status === 'signingIn';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    void desk.signIn({
      server,
      sipServer: sipServer ?? sipServerFor(server),
      username: username.trim(),
      password,
    });
    setPassword('');
  };

  return (
    <section className="card sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t('signIn.heading')}</h2>
      <form className="form" onSubmit={submit} aria-describedby={problem ? ids.problem : undefined}>
        <label htmlFor={ids.server}>{t('signIn.server')}</label>
        <input
          id={ids.server}
          type="text"
          inputMode="url"
          autoComplete="url"
          required
          value={server}
          onChange={(event) => setServer(event.target.value)}
        />
        <label htmlFor={ids.sip}>{t('signIn.sipServer')}</label>
        <input
          id={ids.sip}
          type="text"
          autoComplete="off"
          required
          value={sipServer ?? sipServerFor(server)}
          onChange={(event) => setSipServer(event.target.value)}
        />
        <label htmlFor={ids.username}>{t('signIn.username')}</label>
        <input
          id={ids.username}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor={ids.password}>{t('signIn.password')}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {problem !== null && (
          <p id={ids.problem} className="form__problem" role="alert" data-testid="sign-in-problem">
            {t(`signIn.problem.${problem}` as const)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {t(busy ? 'signIn.signingIn' : 'signIn.submit')}
        </button>
      </form>
      <MicrosoftSignInButton pageOrigin={props.pageOrigin} />
    </section>
  );
}
