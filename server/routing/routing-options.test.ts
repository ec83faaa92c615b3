import { describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/errors.js';
import { routingOptions } from './routing-options.js';

describe('routing options', () => {
  it('works with no options at all', () => {
    expect(routingOptions()).toMatchObject({
      ringTimeoutMs: 15_000,
      ronaLimit: 2,
      notReadyReasons: ['break', 'lunch', 'training', 'meeting', 'coaching'],
      stateAfterLogin: 'NotReady',
      dayTimeZone: 'UTC',
    });
  });

  it('refuses reserved or malformed reason codes, unknown keys, bad zones and numbers', () => {
    let problems: readonly string[] = [];
    try {
      routingOptions({
        notReadyReasons: ['rona', 'Coffee Break'],
        dayTimeZone: 'Nowhere/Town',
        vipNumbers: ['555'],
        ringTimout: 1,
      } as never);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/^notReadyReasons\.0: is reserved for the server/),
      expect.stringMatching(/^notReadyReasons\.1: expected a lower-case reason code/),
      expect.stringMatching(/^vipNumbers\.0: expected an E\.164 number/),
      expect.stringMatching(/^dayTimeZone: expected an IANA time zone/),
      'ringTimout: unknown key',
    ]);
  });
});
