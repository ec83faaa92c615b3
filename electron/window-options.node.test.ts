import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMainWindowOptions } from './window-options.node.js';

describe('buildMainWindowOptions', () => {
  const options = buildMainWindowOptions({
    mainDirectory: '/opt/Tandem/resources/app.asar/dist/electron',
    devTools: false,
  });

  it('gives the page no Node and no way around the sandbox', () => {
    expect(options.webPreferences).toMatchObject({
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
    });
  });

  it('loads the bundled preload that sits next to main.js', () => {
    expect(options.webPreferences?.preload).toBe(
      join('/opt/Tandem/resources/app.asar/dist/electron', 'preload.cjs'),
    );
  });

  it('keeps call audio running when the window is in the background', () => {
    expect(options.webPreferences?.backgroundThrottling).toBe(false);
  });

  it('opens developer tools only when asked (development builds)', () => {
    expect(options.webPreferences?.devTools).toBe(false);
    expect(buildMainWindowOptions({ mainDirectory: '/x', devTools: true }).webPreferences?.devTools).toBe(
      true,
    );
  });

  it('waits to be shown until the page is ready, so the agent never sees a white flash', () => {
    expect(options.show).toBe(false);
  });
});
