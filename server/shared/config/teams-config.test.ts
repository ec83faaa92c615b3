import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseConfig } from './config-loader.js';

function problemsOf(text: string, env: Record<string, string> = {}): string {
  try {
    parseConfig(text, 'tandem.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

const APP = `
teams:
  presence:
    enabled: true
    tenantId: contoso.onmicrosoft.com
    clientId: 6f1c2a34-1111-4b22-9c33-0123456789ab
`;

describe('configuration: teams.presence', () => {
  it('is off by default, polling every 10 s with the documented gate once enabled', () => {
    const { config } = parseConfig('', '(embedded defaults)');
    expect(config.teams.presence).toEqual({
      enabled: false,
      intervalSeconds: 10,
      staleAfterSeconds: 120,
      whenStale: 'offer',
      whenUnknown: 'offer',
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com',
    });
  });

  it('takes the secret from the environment and the rest from the file', () => {
    const { config } = parseConfig(APP, 'tandem.yaml', { TANDEM_TEAMS_PRESENCE_CLIENT_SECRET: 's3cret' });
    expect(config.teams.presence).toMatchObject({
      enabled: true,
      tenantId: 'contoso.onmicrosoft.com',
      clientSecret: 's3cret',
    });
  });

  it('names what an enabled gate is missing', () => {
    const problems = problemsOf('teams:\n  presence:\n    enabled: true\n');
    expect(problems).toContain(
      'teams.presence.tenantId = missing: expected tenantId when teams.presence.enabled',
    );
    expect(problems).toContain('teams.presence.clientId = missing');
    expect(problems).toContain('teams.presence.clientSecret = missing');
  });

  it('refuses values that cannot work, naming key, value and expectation', () => {
    const problems = problemsOf(`${APP}    clientSecret: x
    whenStale: maybe
    authorityHost: http://login.example
    intervalSeconds: 60
    staleAfterSeconds: 30
    busyActivities: ['InAMeeting', '']
`);
    expect(problems).toContain('teams.presence.whenStale = "maybe": expected one of: "offer", "hold-back"');
    expect(problems).toContain(
      'teams.presence.authorityHost = "http://login.example": expected an https:// URL',
    );
    expect(problems).toContain('teams.presence.busyActivities.1 = "": expected a non-empty name');
    expect(
      problemsOf(`${APP}    clientSecret: x\n    intervalSeconds: 60\n    staleAfterSeconds: 30\n`),
    ).toContain(
      'teams.presence.staleAfterSeconds = 30: expected staleAfterSeconds to be longer than intervalSeconds',
    );
    expect(
      problemsOf(`${APP}    clientSecret: x\n`, { TANDEM_TEAMS_PRESENCE_CLIENT_ID: 'my-app' }),
    ).toContain('teams.presence.clientId = "my-app": expected an application (client) id (GUID)');
  });
});
