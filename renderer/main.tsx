/**
 * Starts the client: the store, its services, then React.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { TandemProvider } from './app/tandem-context.js';
import { negotiateLocale } from './i18n/locales.js';
import { createAgentDesk } from './services/agent-desk.js';
import { startCallQualityService } from './services/call-quality/call-quality-service.js';
import { createDeviceService } from './services/devices/device-service.js';
import { loadDeskPreferences, startCallOfferEffects } from './services/call-offer-effects.js';
import { createHealthService } from './services/health-service.js';
import { desktopBridgeOf, startDesktopBridge } from './services/desktop-bridge.js';
import { openDesktopHistorySource } from './services/history/desktop-history-source.js';
import { HistoryProvider } from './history/history-context.js';
import { openBrowserHistorySource } from './services/history/browser-history-source.js';
import { dialActionOf, withHistory } from './services/history/desk-with-history.js';
import { createHistoryService } from './services/history/history-service.js';
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

// In the desktop app (window.tandem): the main process's local history, tray, notifications, dial links.
const tandemBridge = desktopBridgeOf(window);
const history = createHistoryService({
  store,
  openSource: tandemBridge ? openDesktopHistorySource(tandemBridge.history) : openBrowserHistorySource,
});
const desk = withHistory(
  createAgentDesk({ store, createSoftphone, audioParent: document.body }),
  store,
  history,
);
if (tandemBridge) startDesktopBridge({ store, bridge: tandemBridge, desk, dial: dialActionOf(desk) });
const devices = createDeviceService({
  store,
  mediaDevices: navigator.mediaDevices as MediaDevices | undefined,
  storage,
  audioParent: document.body,
  peerConnection: () => desk.peerConnection(),
});
const quality = startCallQualityService({
  store,
  peerConnection: () => desk.peerConnection(),
  report: (serverCallId, figures, options) => desk.reportCallQuality(serverCallId, figures, options),
});
// In this order: the call's figures go out while the desk is still signed in, then it signs out.
window.addEventListener('pagehide', () => quality.pageClosing());
window.addEventListener('pagehide', () => void desk.signOut());
loadDeskPreferences(store, storage);
startCallOfferEffects({
  store,
  storage,
  answer: () => desk.call.answer(),
  openPage: (url) => void window.open(url, '_blank', 'noopener,noreferrer'),
});

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <TandemProvider store={store} services={{ health, desk, devices }}>
      <HistoryProvider service={history} dial={dialActionOf(desk)}>
        <App store={store} pageOrigin={resolveServerBaseUrl(window.location)} />
      </HistoryProvider>
    </TandemProvider>
  </StrictMode>,
);
