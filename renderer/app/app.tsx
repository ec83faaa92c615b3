import { DeskScreen } from '../desk/desk-screen.js';
import { SignInForm } from '../desk/sign-in-form.js';
import { HomeScreen } from '../home/home-screen.js';
import { selectSessionStatus } from '../store/session/selectors.js';
import type { TandemStore } from '../store/store.js';
import { LanguageSwitch } from './language-switch.js';
import { useTandem } from './tandem-context.js';
import { useTranslator } from './use-translator.js';

export function App(props: { store: TandemStore; pageOrigin: string }) {
  const { t } = useTranslator();
  const signedIn = useTandem(selectSessionStatus) === 'signedIn';
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1 className="brand__name">{t('app.name')}</h1>
          <p className="brand__tagline">{t('app.tagline')}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main className="app-main">
        {signedIn ? (
          <DeskScreen store={props.store} />
        ) : (
          <div className="welcome">
            <SignInForm pageOrigin={props.pageOrigin} />
            <HomeScreen />
          </div>
        )}
      </main>
    </div>
  );
}
