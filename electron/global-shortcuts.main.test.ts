import { describe, expect, it, vi } from 'vitest';
import type { PageCommand } from './desktop-status.std.js';
import { GlobalShortcutController } from './global-shortcuts.main.js';
import { silentLogger, type Logger } from './logger.std.js';

/** Electron's globalShortcut, with keys another application may already hold. */
function fakeRegistry(takenByOthers: string[] = []) {
  const callbacks = new Map<string, () => void>();
  return {
    callbacks,
    register: vi.fn((accelerator: string, callback: () => void) => {
      if (takenByOthers.includes(accelerator) || callbacks.has(accelerator)) return false;
      callbacks.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => {
      callbacks.delete(accelerator);
    }),
    press: (accelerator: string) => callbacks.get(accelerator)?.(),
  };
}

describe('GlobalShortcutController', () => {
  it('registers what is wanted and sends the command when the agent presses it', () => {
    const registry = fakeRegistry();
    const commands: PageCommand[] = [];
    const controller = new GlobalShortcutController(
      registry,
      (command) => commands.push(command),
      silentLogger,
    );
    controller.apply([
      { accelerator: 'Ctrl+Alt+A', command: 'answer' },
      { accelerator: 'Ctrl+Alt+H', command: 'decline' },
    ]);
    registry.press('Ctrl+Alt+A');
    expect(commands).toEqual(['answer']);
  });

  it('changes only the difference when the call moves on', () => {
    const registry = fakeRegistry();
    const commands: PageCommand[] = [];
    const controller = new GlobalShortcutController(
      registry,
      (command) => commands.push(command),
      silentLogger,
    );
    controller.apply([
      { accelerator: 'Ctrl+Alt+A', command: 'answer' },
      { accelerator: 'Ctrl+Alt+H', command: 'decline' },
    ]);
    controller.apply([{ accelerator: 'Ctrl+Alt+H', command: 'hang-up' }]);
    expect([...registry.callbacks.keys()]).toEqual(['Ctrl+Alt+H']);
    registry.press('Ctrl+Alt+H');
    registry.press('Ctrl+Alt+A');
    expect(commands).toEqual(['hang-up']);
    controller.apply([{ accelerator: 'Ctrl+Alt+H', command: 'hang-up' }]);
    expect(registry.register).toHaveBeenCalledTimes(3);
    controller.clear();
    expect(registry.callbacks.size).toBe(0);
    expect(controller.registered.size).toBe(0);
  });

  it('reports a shortcut another application holds once, and keeps the others working', () => {
    const registry = fakeRegistry(['Ctrl+Alt+A']);
    const warn = vi.fn();
    const logger: Logger = { ...silentLogger, warn };
    const controller = new GlobalShortcutController(registry, () => {}, logger);
    const wanted = [
      { accelerator: 'Ctrl+Alt+A', command: 'answer' },
      { accelerator: 'Ctrl+Alt+H', command: 'decline' },
    ] as const;
    controller.apply(wanted);
    controller.clear();
    controller.apply(wanted);
    expect(warn).toHaveBeenCalledTimes(1);
    expect([...controller.registered.keys()]).toEqual(['Ctrl+Alt+H']);
  });

  it('survives Electron throwing on an accelerator', () => {
    const registry = fakeRegistry();
    registry.register.mockImplementationOnce(() => {
      throw new TypeError('conversion failure');
    });
    const controller = new GlobalShortcutController(registry, () => {}, silentLogger);
    expect(() => controller.apply([{ accelerator: 'Ctrl+Alt+A', command: 'answer' }])).not.toThrow();
    expect(controller.registered.size).toBe(0);
  });
});
