import { err, ok, type Result } from './result.std.js';
import { defaultServerUrl, parseServerUrl } from './server-url.std.js';

/** Where the server URL in use came from, strongest first; the settings screen shows it to the agent. */
export type ServerUrlSource = 'argument' | 'environment' | 'settings' | 'default';

export interface LaunchOptions {
  /** Normalised server URL (see `parseServerUrl`). */
  serverUrl: string;
  serverUrlSource: ServerUrlSource;
  /** A `tel:`, `sip:` or `callto:` link the operating system asked us to open (protocol handler), if any. */
  dialLink: string | null;
}

export interface LaunchInputs {
  /** The process's command line, as `process.argv` or the `second-instance` event gives it. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** The server URL saved in the settings file, already checked by the settings store. */
  savedServerUrl: string | null;
}

export const serverUrlSwitch = '--server-url';
export const serverUrlVariable = 'TANDEM_SERVER_URL';

const dialLinkPattern = /^(tel|sip|sips|callto):[^\s\p{Cc}]{1,256}$/iu;

/**
 * Decides the server URL: the `--server-url=...` argument, else the `TANDEM_SERVER_URL` variable, else the saved
 * setting, else `defaultServerUrl`. A bad argument or variable is an error (IT set it on purpose and should be
 * told); a bad saved value is skipped, because the agent could otherwise never reach the screen that fixes it.
 */
export function parseLaunchOptions(inputs: LaunchInputs): Result<LaunchOptions> {
  const fromArgument = findSwitchValue(inputs.argv, serverUrlSwitch);
  if (!fromArgument.ok) {
    return fromArgument;
  }
  const dialLink = findDialLink(inputs.argv);

  if (fromArgument.value !== null) {
    const parsed = parseServerUrl(fromArgument.value);
    return parsed.ok
      ? ok({ serverUrl: parsed.value, serverUrlSource: 'argument', dialLink })
      : err(
          `The server URL given with ${serverUrlSwitch} ("${fromArgument.value}") is not valid: ${parsed.error}.`,
        );
  }

  const fromEnvironment = inputs.env[serverUrlVariable];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    const parsed = parseServerUrl(fromEnvironment);
    return parsed.ok
      ? ok({ serverUrl: parsed.value, serverUrlSource: 'environment', dialLink })
      : err(`The server URL in ${serverUrlVariable} ("${fromEnvironment}") is not valid: ${parsed.error}.`);
  }

  if (inputs.savedServerUrl !== null) {
    const parsed = parseServerUrl(inputs.savedServerUrl);
    if (parsed.ok) {
      return ok({ serverUrl: parsed.value, serverUrlSource: 'settings', dialLink });
    }
  }

  return ok({ serverUrl: defaultServerUrl, serverUrlSource: 'default', dialLink });
}

/**
 * The `tel:`/`sip:`/`callto:` link on a command line, if any (`parseDialLink` reads it): the operating system
 * starts (or, through the single-instance lock, wakes) Tandem with one when the agent clicks such a link.
 */
export function findDialLink(argv: readonly string[]): string | null {
  return argv.find((argument) => dialLinkPattern.test(argument)) ?? null;
}

/** `--name=value` or `--name value`; the last one wins, as with Chromium's own switches. */
function findSwitchValue(argv: readonly string[], name: string): Result<string | null> {
  let value: string | null = null;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument.startsWith(`${name}=`)) {
      value = argument.slice(name.length + 1);
    } else if (argument === name) {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) {
        return err(`${name} needs a value, for example ${name}=https://tandem.example.com`);
      }
      value = next;
      index += 1;
    }
  }
  return ok(value);
}
