import { HomeScreen } from '../home/home-screen.js';
import { LanguageSwitch } from './language-switch.js';
import { useTranslator } from './use-translator.js';

export function App() {
  const { t } = useTranslator();
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
        <HomeScreen />
      </main>
    </div>
  );
}
