import type { BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';

/** The preload bundle that `electron/build.mjs` writes next to `main.js`. */
export const preloadFileName = 'preload.cjs';

export interface MainWindowInputs {
  /** Folder of the built main process (`import.meta.dirname` of `main.js`). */
  mainDirectory: string;
  /** Developer tools: on in development, off in packaged builds. */
  devTools: boolean;
}

/**
 * The Tandem window: the page gets nothing but the web platform and the `window.tandem` bridge. Every flag
 * that opens a door to Node or to other sites is set explicitly, even where it is Electron's default, so that a
 * change of default cannot weaken us (Electron security checklist, Element Desktop `src/electron-main.ts`).
 */
export function buildMainWindowOptions(inputs: MainWindowInputs): BrowserWindowConstructorOptions {
  return {
    title: 'Tandem',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(inputs.mainDirectory, preloadFileName),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // An agent on a call must keep hearing the caller while the window is in the background.
      backgroundThrottling: false,
      devTools: inputs.devTools,
    },
  };
}
