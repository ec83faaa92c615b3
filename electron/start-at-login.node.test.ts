import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyStartAtLogin,
  linuxAutostartDirectory,
  linuxAutostartEntry,
  type StartAtLoginTarget,
} from './start-at-login.node.js';

/** The Exec value as a desktop environment reads it: unescape the string, then split the quoted argument. */
const execOf = (entry: string): string => /^Exec=(.*)$/m.exec(entry)?.[1] ?? '';

describe('start at login', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tandem-autostart-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const target = (platform: string, executablePath = '/opt/Tandem/tandem') => ({
    platform,
    app: { setLoginItemSettings: vi.fn<StartAtLoginTarget['app']['setLoginItemSettings']>() },
    executablePath,
    linuxAutostartDirectory: join(directory, 'autostart'),
  });

  it('asks Windows and macOS to open Tandem at login, and to stop', async () => {
    for (const platform of ['win32', 'darwin']) {
      const on = target(platform);
      await applyStartAtLogin(on, true);
      await applyStartAtLogin(on, false);
      expect(on.app.setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true }],
        [{ openAtLogin: false }],
      ]);
    }
    expect(await readdir(directory)).toEqual([]);
  });

  it('writes an XDG autostart entry on Linux and removes it again', async () => {
    const linux = target('linux');
    await applyStartAtLogin(linux, true);
    const entry = await readFile(join(directory, 'autostart', 'tandem.desktop'), 'utf8');
    expect(entry.split('\n')[0]).toBe('[Desktop Entry]');
    expect(entry).toMatch(/^Type=Application$/m);
    expect(execOf(entry)).toBe('/opt/Tandem/tandem');
    expect(linux.app.setLoginItemSettings).not.toHaveBeenCalled();

    await applyStartAtLogin(linux, false);
    await applyStartAtLogin(linux, false);
    expect(await readdir(join(directory, 'autostart'))).toEqual([]);
  });

  it('quotes a program path with spaces and special characters the way the Desktop Entry spec says', () => {
    expect(execOf(linuxAutostartEntry('/home/ana/Apps/Tandem 0.1.AppImage'))).toBe(
      '"/home/ana/Apps/Tandem 0.1.AppImage"',
    );
    expect(execOf(linuxAutostartEntry('/home/ana/$x/100%/Tandem'))).toBe('"/home/ana/\\\\$x/100%%/Tandem"');
  });

  it('finds the autostart folder from XDG_CONFIG_HOME, else ~/.config', () => {
    expect(linuxAutostartDirectory({ XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/autostart');
    expect(linuxAutostartDirectory({}, '/home/ana')).toBe('/home/ana/.config/autostart');
    expect(linuxAutostartDirectory({ XDG_CONFIG_HOME: 'relative' }, '/home/ana')).toBe(
      '/home/ana/.config/autostart',
    );
  });
});
