import type { App } from 'electron';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.node.js';
import { productName } from './app-identity.std.js';

/**
 * "Start Tandem when I sign in". Windows and macOS keep the list themselves (`app.setLoginItemSettings`); on
 * Linux Electron does nothing, so we write an XDG autostart entry (freedesktop.org "Desktop Application
 * Autostart Specification": a .desktop file in `$XDG_CONFIG_HOME/autostart`).
 */
export interface StartAtLoginTarget {
  platform: string;
  app: Pick<App, 'setLoginItemSettings'>;
  /** The program to start: the AppImage file when run as one (`APPIMAGE`), else `process.execPath`. */
  executablePath: string;
  /** `$XDG_CONFIG_HOME/autostart`, by default `~/.config/autostart`. */
  linuxAutostartDirectory: string;
}

export const linuxAutostartFileName = 'tandem.desktop';

export async function applyStartAtLogin(target: StartAtLoginTarget, enabled: boolean): Promise<void> {
  if (target.platform === 'win32' || target.platform === 'darwin') {
    target.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const entryPath = join(target.linuxAutostartDirectory, linuxAutostartFileName);
  if (enabled) {
    await writeFileAtomically(entryPath, linuxAutostartEntry(target.executablePath));
  } else {
    await rm(entryPath, { force: true });
  }
}

export function linuxAutostartDirectory(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const configHome = env['XDG_CONFIG_HOME'];
  // The spec: "If $XDG_CONFIG_HOME is either not set or empty, a default equal to $HOME/.config should be used."
  return join(
    configHome !== undefined && configHome.startsWith('/') ? configHome : join(home, '.config'),
    'autostart',
  );
}

export function linuxAutostartEntry(executablePath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${productName}`,
    'Comment=Contact center softphone',
    `Exec=${quoteExecArgument(executablePath)}`,
    'Icon=tandem',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Desktop Entry Specification, "The Exec key": an argument with reserved characters is quoted with double
 * quotes, and inside them `"`, `` ` ``, `$` and `\` are escaped with a backslash; then, as the value is a string,
 * each backslash is escaped once more. A literal `%` is written `%%`.
 */
function quoteExecArgument(argument: string): string {
  const percentSafe = argument.replaceAll('%', '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(percentSafe)) {
    return percentSafe;
  }
  const quoted = `"${percentSafe.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replaceAll('\\', '\\\\');
}
