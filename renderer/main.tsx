/**
 * Starts the client: the store, its services, then React.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { TandemProvider } from './app/tandem-context.js';
import { negotiateLocale } from './i18n/locales.js';
import { createAgentDesk } from './services/agent-desk.js';
import { createHealthService } from './services/health-service.js';
import {
  loadStoredLocale,
  loadStoredSignIn,
  startPreferencesService,
} from './services/preferences-service.js';
import { createSoftphone } from './services/softphone/softphone.js';
import { resolveServerBaseUrl } from './services/server-url.js';
import { createTandemStore } from './store/store.js';

function storageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // access can be denied, e.g. for pages opened from disk with strict settings
  }
}

const storage = storageOrUndefined();
const store = createTandemStore({
  locale: loadStoredLocale(storage) ?? negotiateLocale(navigator.languages),
  remembered: loadStoredSignIn(storage),
});
startPreferencesService({ store, storage, root: document.documentElement });

const health = createHealthService({
  actions: store.getState().actions.health,
  serverBaseUrl: resolveServerBaseUrl(window.location),
});
health.start();

const desk = createAgentDesk({ store, createSoftphone, audioParent: document.body });
window.addEventListener('pagehide', () => void desk.signOut());

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <TandemProvider store={store} services={{ health, desk }}>
      <App store={store} pageOrigin={resolveServerBaseUrl(window.location)} />
    </TandemProvider>
  </StrictMode>,
);
