/**
 * How the local rtpengine is started: its command line, the parent-death guard around it, and
 * how its stderr lines map to our log levels.
 */
import { existsSync } from 'node:fs';
import type { RtpengineProcessOptions } from './rtpengine-process-types.js';

/** util-linux `setpriv`: sets the parent-death signal, then execs rtpengine under the same pid. */
const SETPRIV = '/usr/bin/setpriv';

type CommandOptions = Pick<
  RtpengineProcessOptions,
  'binary' | 'interface' | 'ngHost' | 'ngPort' | 'portMin' | 'portMax' | 'logLevel' | 'recordingDir'
>;

/**
 * rtpengine 10.5 in userspace (`--table=-1`: no kernel module), in the foreground so that we are
 * its parent, logging to stderr, with no configuration file (`--config-file=none`; otherwise it
 * reads /etc/rtpengine/rtpengine.conf). `--delete-delay=0` removes a deleted call at once, so
 * `list` shows only live calls.
 */
export function rtpengineArguments(options: CommandOptions): string[] {
  const ngAddress = options.ngHost.includes(':') ? `[${options.ngHost}]` : options.ngHost;
  const args = [
    '--config-file=none',
    '--foreground',
    '--table=-1',
    '--log-stderr',
    '--no-log-timestamps',
    `--log-level=${options.logLevel}`,
    `--interface=${options.interface}`,
    `--listen-ng=${ngAddress}:${options.ngPort}`,
    `--port-min=${options.portMin}`,
    `--port-max=${options.portMax}`,
    '--delete-delay=0',
  ];
  if (options.recordingDir) {
    args.push(`--recording-dir=${options.recordingDir}`, '--recording-method=pcap');
  }
  return args;
}

/**
 * The command to spawn. Where `setpriv` exists, the kernel kills rtpengine when Tandem dies, even
 * by SIGKILL (PR_SET_PDEATHSIG), so it never outlives us as an orphan holding the ports.
 */
export function rtpengineCommand(
  options: CommandOptions,
  setpriv = SETPRIV,
): { file: string; args: string[] } {
  const args = rtpengineArguments(options);
  if (setpriv && existsSync(setpriv)) {
    return { file: setpriv, args: ['--pdeathsig', 'KILL', '--', options.binary, ...args] };
  }
  return { file: options.binary, args };
}

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

/** A stderr line such as `WARNING: [c1]: [control] Protocol error ...`, with its level. */
export function parseRtpengineLogLine(line: string): { level: LogLevelName; text: string } {
  const match = /^(EMERG|ALERT|CRIT|ERR|WARNING|NOTICE|INFO|DEBUG):\s*(.*)$/.exec(line.trim());
  if (!match) return { level: 'info', text: line.trim() };
  const [, severity, text = ''] = match;
  switch (severity) {
    case 'WARNING':
      return { level: 'warn', text };
    case 'NOTICE':
      return { level: 'info', text };
    case 'INFO':
    case 'DEBUG':
      return { level: 'debug', text };
    default:
      return { level: 'error', text };
  }
}
