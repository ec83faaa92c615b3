import { describe, expect, it } from 'vitest';
import { silentLogger } from './logger.std.js';
import { PendingDialRequests } from './pending-dial-requests.std.js';

function pending() {
  const clock = { now: 1_000 };
  const requests = new PendingDialRequests({
    logger: silentLogger,
    now: () => clock.now,
    maximumAgeMs: 60_000,
  });
  return { requests, clock };
}

describe('dial requests waiting for the page', () => {
  it('hands a clicked link to the page once', () => {
    const { requests } = pending();
    expect(requests.receive('tel:+1-555-0100')).toBe(true);
    expect(requests.take()).toMatchObject({ kind: 'number', target: '+15550100' });
    expect(requests.take()).toBeNull();
  });

  it('keeps only the latest link', () => {
    const { requests } = pending();
    requests.receive('tel:1001');
    requests.receive('sip:1002@pbx.example.com');
    expect(requests.take()?.target).toBe('1002');
  });

  it('refuses a malformed link and keeps what was waiting', () => {
    const { requests } = pending();
    requests.receive('tel:1001');
    expect(requests.receive('tel:call-me')).toBe(false);
    expect(requests.take()?.target).toBe('1001');
  });

  it('drops a link nobody took in time', () => {
    const { requests, clock } = pending();
    requests.receive('tel:1001');
    clock.now += 60_001;
    expect(requests.take()).toBeNull();
  });
});
