import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { explicitConfigPath, loadConfig, parseConfig } from './config-loader.js';
import { configLeaves } from './env-overrides.js';

function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

describe('configuration', () => {
  it('runs on embedded defaults with no file at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
    const { config, source } = loadConfig({ argv: [], env: {}, cwd: dir });
    expect(source).toBeNull();
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.sip.udp).toEqual({ enabled: true, host: '127.0.0.1', port: 5060 });
    expect(config.sip.tcp.port).toBe(5060);
    expect(config.sip.tls.port).toBe(5061);
    expect(config.sip.ws.port).toBe(8088);
    expect(config.sip.wss.port).toBe(8089);
    expect(config.sip.maxMessageBytes).toBe(65_536);
    expect(config.media.rtpengine).toMatchObject({
      mode: 'embedded',
      ngHost: '127.0.0.1',
      ngPort: 22222,
      portMin: 30000,
      portMax: 30999,
      logLevel: 5,
      ngTimeoutMs: 1000,
      ngRetries: 2,
      startTimeoutMs: 5000,
      stopTimeoutMs: 3000,
      restart: { initialDelayMs: 250, maxDelayMs: 10_000, stableAfterMs: 30_000 },
      healthCheckIntervalMs: 2000,
      healthCheckFailures: 2,
    });
    expect(config.media.rtpengine.recordingDir).toBeUndefined();
    expect(config.dataDir).toBe('./data');
  });

  it('reads ./tandem.yaml from the working directory, and --config or TANDEM_CONFIG elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
    writeFileSync(join(dir, 'tandem.yaml'), 'http:\n  port: 9000\n');
    writeFileSync(join(dir, 'other.yaml'), 'http:\n  port: 9001\n');
    expect(loadConfig({ argv: [], env: {}, cwd: dir }).config.http.port).toBe(9000);
    expect(loadConfig({ argv: ['--config', 'other.yaml'], env: {}, cwd: dir }).config.http.port).toBe(9001);
    expect(loadConfig({ argv: ['--config=other.yaml'], env: {}, cwd: dir }).config.http.port).toBe(9001);
    expect(loadConfig({ argv: [], env: { TANDEM_CONFIG: 'other.yaml' }, cwd: dir }).config.http.port).toBe(
      9001,
    );
  });

  it('refuses a named file that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
    expect(problemsOf(() => loadConfig({ argv: ['--config', 'missing.yaml'], env: {}, cwd: dir }))).toMatch(
      /missing\.yaml does not exist/,
    );
    expect(() => explicitConfigPath(['--config'], {})).toThrow(ConfigError);
  });

  it('names an unknown key and suggests the one that was meant', () => {
    const message = problemsOf(() => parseConfig('http:\n  prot: 8080\n', 'tandem.yaml'));
    expect(message).toContain('tandem.yaml');
    expect(message).toContain('http.prot: unknown key');
    expect(message).toContain('did you mean "port"');
    expect(message).toMatch(/expected one of: host, port, webRoot/);
  });

  it('names an unknown top-level section', () => {
    expect(problemsOf(() => parseConfig('databse:\n  file: x\n', 'tandem.yaml'))).toContain(
      'databse: unknown key',
    );
  });

  it('names the key, the value and the expectation for a wrong type', () => {
    const message = problemsOf(() => parseConfig('http:\n  port: "eighty"\n', 'tandem.yaml'));
    expect(message).toContain('http.port = "eighty"');
    expect(message).toContain('expected a port number');
  });

  it.each([
    ['0', '0'],
    ['70000', '70000'],
    ['80.5', '80.5'],
    ['-1', '-1'],
  ])('refuses the bad port %s', (port, shown) => {
    const message = problemsOf(() => parseConfig(`sip:\n  udp:\n    port: ${port}\n`, 'tandem.yaml'));
    expect(message).toContain(`sip.udp.port = ${shown}: expected a port number (an integer from 1 to 65535)`);
  });

  it('lists every problem, not only the first', () => {
    const message = problemsOf(() => parseConfig('http:\n  port: 0\nlog:\n  level: loud\n', 'tandem.yaml'));
    expect(message).toContain('http.port = 0');
    expect(message).toContain('log.level = "loud": expected one of: "fatal", "error"');
  });

  it('checks values that depend on each other', () => {
    expect(
      problemsOf(() =>
        parseConfig('media:\n  rtpengine:\n    portMin: 40000\n    portMax: 30000\n', 'f.yaml'),
      ),
    ).toContain('media.rtpengine.portMin = 40000: expected portMin to be below portMax');
    expect(problemsOf(() => parseConfig('sip:\n  tls:\n    certFile: /etc/cert.pem\n', 'f.yaml'))).toContain(
      'expected certFile and keyFile together',
    );
    expect(problemsOf(() => parseConfig('media:\n  rtpengine:\n    mode: external\n', 'f.yaml'))).toContain(
      'media.rtpengine.instances',
    );
    expect(
      problemsOf(() =>
        parseConfig(
          'media:\n  rtpengine:\n    restart:\n      initialDelayMs: 5000\n      maxDelayMs: 1000\n',
          'f.yaml',
        ),
      ),
    ).toContain('media.rtpengine.restart.initialDelayMs = 5000: expected initialDelayMs <= maxDelayMs');
  });

  it('reads external rtpengine instances and media timings', () => {
    const { config } = parseConfig(
      [
        'media:',
        '  rtpengine:',
        '    mode: external',
        '    instances:',
        '      - { host: 10.0.0.5, port: 2223 }',
        '      - { host: rtp2.example.com, port: 2223 }',
        '    ngTimeoutMs: 300',
        '    healthCheckFailures: 3',
        '',
      ].join('\n'),
      'f.yaml',
      { TANDEM_MEDIA_RTPENGINE_RESTART_MAX_DELAY_MS: '2000', TANDEM_MEDIA_RTPENGINE_NG_RETRIES: '0' },
    );
    expect(config.media.rtpengine).toMatchObject({
      mode: 'external',
      instances: [
        { host: '10.0.0.5', port: 2223 },
        { host: 'rtp2.example.com', port: 2223 },
      ],
      ngTimeoutMs: 300,
      ngRetries: 0,
      healthCheckFailures: 3,
      restart: { maxDelayMs: 2000 },
    });
    expect(problemsOf(() => parseConfig('media:\n  rtpengine:\n    logLevel: 9\n', 'f.yaml'))).toContain(
      'media.rtpengine.logLevel = 9',
    );
    expect(problemsOf(() => parseConfig('media:\n  rtpengine:\n    ngRetries: -1\n', 'f.yaml'))).toContain(
      'media.rtpengine.ngRetries = -1',
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf(() => parseConfig('http:\n  port: [8080\n', 'tandem.yaml'))).toMatch(
      /tandem\.yaml is not valid YAML at line \d+/,
    );
    expect(problemsOf(() => parseConfig('- a\n- b\n', 'tandem.yaml'))).toContain('must hold a mapping');
  });

  it('takes environment overrides over the file, validated like file values', () => {
    const { config } = parseConfig('http:\n  port: 9000\n', 'f.yaml', {
      TANDEM_HTTP_PORT: '9100',
      TANDEM_DATA_DIR: '/tmp/tandem-data',
      TANDEM_SIP_UDP_ENABLED: 'false',
      TANDEM_SIP_DOMAINS: '["example.com"]',
      TANDEM_MEDIA_RTPENGINE_PORT_MIN: '31000',
      TANDEM_MEDIA_RTPENGINE_PORT_MAX: '31999',
    });
    expect(config.http.port).toBe(9100);
    expect(config.dataDir).toBe('/tmp/tandem-data');
    expect(config.sip.udp.enabled).toBe(false);
    expect(config.sip.domains).toEqual(['example.com']);
    expect(config.media.rtpengine.portMin).toBe(31000);
    expect(problemsOf(() => parseConfig('', 'f.yaml', { TANDEM_HTTP_PORT: 'abc' }))).toContain(
      'TANDEM_HTTP_PORT (http.port) = "abc": expected a number',
    );
    expect(problemsOf(() => parseConfig('', 'f.yaml', { TANDEM_HTTP_PORT: '99999' }))).toContain(
      'http.port = 99999',
    );
  });

  it('warns about a TANDEM_ variable that matches no key instead of silently ignoring it', () => {
    const { warnings } = parseConfig('', 'f.yaml', {
      TANDEM_HTTP_PROT: '1',
      TANDEM_CONFIG: 'x',
      PATH: '/bin',
    });
    expect(warnings).toEqual([
      'environment variable TANDEM_HTTP_PROT matches no configuration key and is ignored',
    ]);
  });

  it('gives every leaf a distinct environment variable', () => {
    const names = configLeaves.map((leaf) => leaf.envName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('TANDEM_SIP_MAX_MESSAGE_BYTES');
    expect(names).toContain('TANDEM_SIP_WSS_CERT_FILE');
  });
});
