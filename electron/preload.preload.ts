/**
 * The preload of the Tandem window. It runs sandboxed (it may `require` only `electron` and a few Node
 * shims), so `electron/build.mjs` bundles it and everything it imports into one CommonJS file, `preload.cjs`.
 *
 * It hands the page a fixed set of functions and never `ipcRenderer` itself, which would let the page send on
 * any channel (Electron security checklist item 20); event listeners get the payload, never the IPC event
 * (whose `sender` is `ipcRenderer`).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createTandemBridge } from './tandem-bridge-factory.std.js';
import { tandemBridgeKey } from './tandem-bridge.std.js';

contextBridge.exposeInMainWorld(
  tandemBridgeKey,
  createTandemBridge(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (event, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => {
        ipcRenderer.removeListener(event, forward);
      };
    },
  ),
);
