import { describe, expect, it } from 'vitest';
import { parseRtpengineLogLine, rtpengineArguments, rtpengineCommand } from './rtpengine-command.js';

const options = {
  binary: '/usr/bin/rtpengine',
  interface: '127.0.0.1',
  ngHost: '127.0.0.1',
  ngPort: 22222,
  portMin: 30000,
  portMax: 30999,
  logLevel: 5,
};

describe('the rtpengine command line', () => {
  it('runs userspace-only, in the foreground, on the configured loopback ports, with no config file', () => {
    expect(rtpengineArguments(options)).toEqual([
      '--config-file=none',
      '--foreground',
      '--table=-1',
      '--log-stderr',
      '--no-log-timestamps',
      '--log-level=5',
      '--interface=127.0.0.1',
      '--listen-ng=127.0.0.1:22222',
      '--port-min=30000',
      '--port-max=30999',
      '--delete-delay=0',
    ]);
  });

  it('adds recording only with a directory, and brackets an IPv6 ng address', () => {
    const args = rtpengineArguments({ ...options, ngHost: '::1', recordingDir: '/var/lib/tandem/rec' });
    expect(args).toContain('--listen-ng=[::1]:22222');
    expect(args).toContain('--recording-dir=/var/lib/tandem/rec');
    expect(args).toContain('--recording-method=pcap');
  });

  it('wraps rtpengine in setpriv so the kernel kills it with Tandem, when setpriv exists', () => {
    const wrapped = rtpengineCommand(options);
    expect(wrapped.file).toBe('/usr/bin/setpriv');
    expect(wrapped.args.slice(0, 4)).toEqual(['--pdeathsig', 'KILL', '--', '/usr/bin/rtpengine']);
    expect(rtpengineCommand(options, '/nonexistent/setpriv')).toEqual({
      file: '/usr/bin/rtpengine',
      args: rtpengineArguments(options),
    });
  });

  it('maps rtpengine log levels to ours', () => {
    expect(parseRtpengineLogLine('ERR: [c1]: [core] no spool directory')).toEqual({
      level: 'error',
      text: '[c1]: [core] no spool directory',
    });
    expect(parseRtpengineLogLine('WARNING: [control] Protocol error').level).toBe('warn');
    expect(parseRtpengineLogLine('NOTICE: [core] Startup complete').level).toBe('info');
    expect(parseRtpengineLogLine('INFO: [control] Received command').level).toBe('debug');
    expect(parseRtpengineLogLine('something else')).toEqual({ level: 'info', text: 'something else' });
  });
});
