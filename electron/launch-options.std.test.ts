import { describe, expect, it } from 'vitest';
import { findDialLink, parseLaunchOptions, type LaunchInputs } from './launch-options.std.js';

const electronDev = ['/usr/lib/electron/electron', 'dist/electron/main.js'];

function launch(overrides: Partial<LaunchInputs>) {
  return parseLaunchOptions({ argv: electronDev, env: {}, savedServerUrl: null, ...overrides });
}

describe('parseLaunchOptions', () => {
  it('uses a server on this computer when nothing is configured', () => {
    expect(launch({})).toEqual({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:8080/', serverUrlSource: 'default', dialLink: null },
    });
  });

  it('prefers the argument over the variable over the saved setting', () => {
    const everything = {
      argv: [...electronDev, '--server-url=https://argument.example.com'],
      env: { TANDEM_SERVER_URL: 'https://variable.example.com' },
      savedServerUrl: 'https://saved.example.com/',
    };
    expect(launch(everything)).toMatchObject({
      ok: true,
      value: { serverUrl: 'https://argument.example.com/', serverUrlSource: 'argument' },
    });
    expect(launch({ ...everything, argv: electronDev })).toMatchObject({
      value: { serverUrl: 'https://variable.example.com/', serverUrlSource: 'environment' },
    });
    expect(launch({ ...everything, argv: electronDev, env: {} })).toMatchObject({
      value: { serverUrl: 'https://saved.example.com/', serverUrlSource: 'settings' },
    });
  });

  it('reads the argument in both of its spellings, the last one winning', () => {
    expect(launch({ argv: [...electronDev, '--server-url', 'https://a.example.com'] })).toMatchObject({
      value: { serverUrl: 'https://a.example.com/' },
    });
    expect(
      launch({
        argv: [...electronDev, '--server-url=https://a.example.com', '--server-url=https://b.example.com'],
      }),
    ).toMatchObject({ value: { serverUrl: 'https://b.example.com/' } });
  });

  it('tells IT exactly which setting is wrong and why', () => {
    expect(launch({ argv: [...electronDev, '--server-url=http://10.1.1.1'] })).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^The server URL given with --server-url \("http:\/\/10\.1\.1\.1"\) is not valid: plain http/,
      ),
    });
    expect(launch({ env: { TANDEM_SERVER_URL: 'not a url' } })).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^The server URL in TANDEM_SERVER_URL \("not a url"\) is not valid: it is not a web address/,
      ),
    });
    expect(launch({ argv: [...electronDev, '--server-url'] })).toEqual({
      ok: false,
      error: expect.stringMatching(/--server-url needs a value/),
    });
    expect(launch({ argv: [...electronDev, '--server-url', '--hidden'] }).ok).toBe(false);
  });

  it('ignores an empty variable and a saved URL that no longer passes, so the agent can still start', () => {
    expect(launch({ env: { TANDEM_SERVER_URL: '  ' } })).toMatchObject({
      value: { serverUrlSource: 'default' },
    });
    expect(launch({ savedServerUrl: 'http://10.1.1.1/' })).toMatchObject({
      value: { serverUrlSource: 'default' },
    });
  });

  it('picks up a tel: or sip: link that the operating system started us with', () => {
    expect(launch({ argv: ['C:\\Program Files\\Tandem\\Tandem.exe', 'tel:+441234567890'] })).toMatchObject({
      value: { dialLink: 'tel:+441234567890' },
    });
    expect(findDialLink(['/opt/Tandem/tandem', '--no-sandbox', 'sip:expert@contoso.com'])).toBe(
      'sip:expert@contoso.com',
    );
    expect(findDialLink(['/opt/Tandem/tandem', 'https://example.com'])).toBeNull();
    expect(findDialLink(['/opt/Tandem/tandem', 'tel:+44 1234'])).toBeNull();
    expect(findDialLink(['Tandem.exe', 'callto://+4930123456'])).toBe('callto://+4930123456');
  });
});
