import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { Logger } from './logger.std.js';
import { trayIconPng } from './tray-icon.node.js';
import type { TrayAction, TrayIconState, TrayModel } from './tray-menu.std.js';

/**
 * Electron glue for the tray model (`tray-menu.std.ts`): one `Tray`, its icon, tooltip and context menu
 * rebuilt whenever the model changes. Clicking the icon itself shows the window (Windows and Linux habit).
 */
export class TandemTray {
  readonly #tray: Tray;
  readonly #onAction: (action: TrayAction) => void;
  readonly #icons = new Map<TrayIconState, NativeImage>();
  #shown: string | null = null;

  constructor(onAction: (action: TrayAction) => void, logger: Logger) {
    this.#onAction = onAction;
    this.#tray = new Tray(this.#icon('signed-out'));
    this.#tray.on('click', () => onAction('show-window'));
    logger.debug({}, 'tray icon created');
  }

  show(model: TrayModel): void {
    const fingerprint = JSON.stringify(model);
    if (fingerprint === this.#shown || this.#tray.isDestroyed()) {
      return;
    }
    this.#shown = fingerprint;
    this.#tray.setImage(this.#icon(model.icon));
    this.#tray.setToolTip(model.tooltip);
    const template = model.items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'status':
          return { label: item.label, enabled: false };
        case 'separator':
          return { type: 'separator' };
        case 'action':
          return { label: item.label, click: () => this.#onAction(item.action) };
      }
    });
    this.#tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    if (!this.#tray.isDestroyed()) {
      this.#tray.destroy();
    }
  }

  #icon(state: TrayIconState): NativeImage {
    let icon = this.#icons.get(state);
    if (icon === undefined) {
      // 16 points: a 16-pixel and a 32-pixel representation, for ordinary and high-density displays.
      icon = nativeImage.createFromBuffer(trayIconPng(state, 16), { scaleFactor: 1 });
      icon.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(state, 32) });
      this.#icons.set(state, icon);
    }
    return icon;
  }
}
