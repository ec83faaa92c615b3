/**
 * Who may register (RFC 3261 10.3 steps 1-3, digest per RFC 2617 / RFC 8760): challenges, answers with
 * MD5 and SHA-256, wrong and stale credentials, replays, the lockout after repeated failures, and the
 * domain check. Time is fake: nonces and lockouts expire when the test says so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  challengesOf,
  createHarness,
  flowFrom,
  lockoutPolicy,
  Phone,
  REALM,
  type Harness,
} from './registrar.fixture.js';

let harness: Harness;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') });
  harness = createHarness();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('challenges', () => {
  it('answers a REGISTER without credentials with 401 and a digest challenge per algorithm', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.send();

    expect(response.status).toBe(401);
    expect(response.headers.get('Server')).toBe('Tandem test');
    const challenges = challengesOf(response);
    // MD5 first as configured, SHA-256 next, and MD5 once more last for SIP.js 0.21, which reads the last.
    expect(challenges.map((challenge) => challenge.algorithm)).toEqual(['MD5', 'SHA-256', 'MD5']);
    for (const challenge of challenges) {
      expect(challenge).toMatchObject({ realm: REALM, qop: 'auth', stale: false });
      expect(challenge.nonce).toBe(challenges[0]?.nonce);
    }
    expect(harness.location.lookup('alice')).toEqual([]);
  });

  it('lists SHA-256 first when configured so, and MD5 last without repeating it', () => {
    harness = createHarness({ digestAlgorithms: ['SHA-256', 'MD5'] });

    const challenges = challengesOf(new Phone(harness, 'alice').send());

    expect(challenges.map((challenge) => challenge.algorithm)).toEqual(['SHA-256', 'MD5']);
  });

  it('offers no MD5 at all when only SHA-256 is configured', () => {
    harness = createHarness({ digestAlgorithms: ['SHA-256'] });

    const challenges = challengesOf(new Phone(harness, 'alice').send());

    expect(challenges.map((challenge) => challenge.algorithm)).toEqual(['SHA-256']);
  });

  it.each(['MD5', 'SHA-256'] as const)('registers alice when she answers the %s challenge', (algorithm) => {
    const alice = new Phone(harness, 'alice');

    const response = alice.register({}, { algorithm });

    expect(response.status).toBe(200);
    expect(harness.location.lookup('alice').map((binding) => binding.contact)).toEqual([
      alice.contact.slice(1, -1),
    ]);
  });
});

describe('credentials', () => {
  it('refuses a wrong password with 403 and stores nothing', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.register({}, { password: 'wrong horse' });

    expect(response.status).toBe(403);
    expect(harness.location.lookup('alice')).toEqual([]);
    expect(harness.registrar.stats.rejected).toBe(1);
  });

  it('refuses an unknown user exactly like a wrong password', () => {
    const mallory = new Phone(harness, 'mallory');

    const response = mallory.register();

    expect([response.status, response.reason]).toEqual([403, 'Forbidden']);
  });

  it('lets nobody register an AOR that is not their own', () => {
    const bob = new Phone(harness, 'bob');

    const response = bob.register({ aor: 'alice' });

    expect(response.status).toBe(403);
    expect(harness.location.lookup('alice')).toEqual([]);
  });

  it('answers a right digest over an expired nonce with a new challenge marked stale=true', () => {
    const alice = new Phone(harness, 'alice');
    const challenge = alice.send();
    vi.advanceTimersByTime(300_001);

    const stale = alice.send({ authorization: alice.answer(challenge) });

    expect(stale.status).toBe(401);
    expect(challengesOf(stale).every((offered) => offered.stale)).toBe(true);
    expect(harness.registrar.stats.rejected).toBe(0);
    // The phone answers the new nonce without asking its user again.
    expect(alice.send({ authorization: alice.answer(stale) }).status).toBe(200);
  });

  it('answers a wrong password over an expired nonce with 403, not stale', () => {
    const alice = new Phone(harness, 'alice');
    const challenge = alice.send();
    vi.advanceTimersByTime(300_001);

    const response = alice.send({ authorization: alice.answer(challenge, { password: 'guess' }) });

    expect(response.status).toBe(403);
  });

  it('challenges again, not stale, when the nonce was never issued here', () => {
    const alice = new Phone(harness, 'alice');
    const challenge = alice.send();
    const forged = 'A'.repeat(47);

    const response = alice.send({ authorization: alice.answer(challenge, { nonce: forged }) });

    expect(response.status).toBe(401);
    expect(challengesOf(response).some((offered) => offered.stale)).toBe(false);
  });

  it('re-challenges with stale=true, counting no failure, when credentials are sent again as they were', () => {
    // SIP.js 0.21 resends its last Authorization (same nonce, same nc) with every later REGISTER.
    const alice = new Phone(harness, 'alice');
    const authorization = alice.answer(alice.send());
    expect(alice.send({ authorization }).status).toBe(200);

    const replayed = alice.send({ authorization, expires: 0 });

    expect(replayed.status).toBe(401);
    expect(challengesOf(replayed).every((offered) => offered.stale)).toBe(true);
    expect(harness.registrar.stats.rejected).toBe(0);
    expect(harness.location.lookup('alice')).toHaveLength(1);
    expect(alice.send({ authorization: alice.answer(replayed), expires: 0 }).status).toBe(200);
    expect(harness.location.lookup('alice')).toEqual([]);
  });

  it('accepts the next nonce-count on the same nonce', () => {
    const alice = new Phone(harness, 'alice');
    const challenge = alice.send();
    expect(alice.send({ authorization: alice.answer(challenge, { nc: 1 }) }).status).toBe(200);

    expect(alice.send({ authorization: alice.answer(challenge, { nc: 2 }) }).status).toBe(200);
  });

  it('answers an Authorization header that does not parse with 400', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.send({ authorization: 'Digest username="alice", realm=' });

    expect(response.status).toBe(400);
  });
});

describe('lockout after repeated failures', () => {
  const failTimes = (phone: Phone, times: number) => {
    for (let attempt = 0; attempt < times; attempt++) {
      expect(phone.register({}, { password: 'guess' }).status).toBe(403);
    }
  };

  it('locks out the source and the user, even with the right password, until the lockout ends', () => {
    const source = '198.51.100.7';
    failTimes(new Phone(harness, 'alice', flowFrom(source)), lockoutPolicy.maxFailures);

    const fromThere = new Phone(harness, 'alice', flowFrom(source)).register();
    const bobFromThere = new Phone(harness, 'bob', flowFrom(source)).register();
    const aliceElsewhere = new Phone(harness, 'alice', flowFrom('203.0.113.9')).register();
    const bobElsewhere = new Phone(harness, 'bob', flowFrom('203.0.113.9')).register();

    expect([fromThere.status, fromThere.reason]).toEqual([403, 'Too Many Failed Attempts']);
    expect(bobFromThere.status).toBe(403);
    expect(aliceElsewhere.status).toBe(403);
    expect(bobElsewhere.status).toBe(200);

    vi.advanceTimersByTime(lockoutPolicy.lockoutMs + 1);
    expect(new Phone(harness, 'alice', flowFrom(source)).register().status).toBe(200);
  });

  it('refuses a locked-out source before challenging it', () => {
    const source = '198.51.100.8';
    failTimes(new Phone(harness, 'mallory', flowFrom(source)), lockoutPolicy.maxFailures);

    const response = new Phone(harness, 'sam', flowFrom(source)).send();

    expect(response.status).toBe(403);
    expect(response.headers.has('WWW-Authenticate')).toBe(false);
  });

  it('forgets earlier failures after a success', () => {
    const alice = new Phone(harness, 'alice', flowFrom('198.51.100.9'));
    failTimes(alice, lockoutPolicy.maxFailures - 1);
    expect(alice.register().status).toBe(200);

    failTimes(alice, lockoutPolicy.maxFailures - 1);

    expect(alice.register().status).toBe(200);
  });

  it('never locks out a trusted source, but still protects the user', () => {
    harness = createHarness({}, ['10.0.0.1']);
    failTimes(new Phone(harness, 'alice', flowFrom('10.0.0.1')), lockoutPolicy.maxFailures);

    expect(new Phone(harness, 'bob', flowFrom('10.0.0.1')).register().status).toBe(200);
    expect(new Phone(harness, 'alice', flowFrom('10.0.0.1')).register().status).toBe(403);
  });
});

describe('domains', () => {
  it('refuses a Request-URI outside the served domains with 403', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.send({ requestUri: 'sip:example.com' });

    expect([response.status, response.reason]).toEqual([403, 'Domain Not Served']);
  });

  it('compares the domain without regard to case, and accepts a served address', () => {
    expect(new Phone(harness, 'alice').register({ requestUri: 'sip:TANDEM.Local' }).status).toBe(200);
    expect(new Phone(harness, 'bob').register({ requestUri: 'sip:127.0.0.1:5060' }).status).toBe(200);
  });

  it('refuses a To without a user with 400', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.send({ aor: '' });

    expect(response.status).toBe(400);
  });
});
