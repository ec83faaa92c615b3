import type { GlobalShortcut } from 'electron';
import type { PageCommand } from './desktop-status.std.js';
import type { WantedShortcut } from './global-shortcuts.std.js';
import type { Logger } from './logger.std.js';

export type ShortcutRegistry = Pick<GlobalShortcut, 'register' | 'unregister'>;

/**
 * Keeps Electron's global shortcuts equal to what `wantedGlobalShortcuts` says, registering and unregistering
 * only the difference. A shortcut another application already holds cannot be registered: that is logged
 * once per shortcut, and the page's shortcuts still work inside the window.
 */
export class GlobalShortcutController {
  readonly #registry: ShortcutRegistry;
  readonly #onCommand: (command: PageCommand) => void;
  readonly #logger: Logger;
  readonly #registered = new Map<string, WantedShortcut['command']>();
  readonly #reportedTaken = new Set<string>();

  constructor(registry: ShortcutRegistry, onCommand: (command: PageCommand) => void, logger: Logger) {
    this.#registry = registry;
    this.#onCommand = onCommand;
    this.#logger = logger;
  }

  /** The accelerators registered now. */
  get registered(): ReadonlyMap<string, WantedShortcut['command']> {
    return this.#registered;
  }

  apply(wanted: readonly WantedShortcut[]): void {
    const wantedByAccelerator = new Map(wanted.map((shortcut) => [shortcut.accelerator, shortcut.command]));
    for (const [accelerator, command] of [...this.#registered]) {
      if (wantedByAccelerator.get(accelerator) !== command) {
        this.#registry.unregister(accelerator);
        this.#registered.delete(accelerator);
      }
    }
    for (const [accelerator, command] of wantedByAccelerator) {
      if (this.#registered.has(accelerator)) {
        continue;
      }
      let registered = false;
      try {
        registered = this.#registry.register(accelerator, () => this.#onCommand(command));
      } catch (error) {
        this.#logger.warn({ accelerator, err: error }, 'global shortcut refused');
      }
      if (registered) {
        this.#registered.set(accelerator, command);
      } else if (!this.#reportedTaken.has(accelerator)) {
        this.#reportedTaken.add(accelerator);
        this.#logger.warn({ accelerator, command }, 'global shortcut is taken by another application');
      }
    }
  }

  /** Unregisters everything (on quit, or when the agent turns global shortcuts off). */
  clear(): void {
    this.apply([]);
  }
}
