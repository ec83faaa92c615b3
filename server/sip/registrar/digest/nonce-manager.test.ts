import { describe, expect, it } from 'vitest';
import { NonceManager } from './nonce-manager.js';

/** A clock the test moves by hand, and random bytes that count up, so every run issues the same nonces. */
function fixture(options: { lifetimeMs?: number; maxTrackedNonces?: number; secret?: Uint8Array } = {}) {
  const clock = { now: Date.UTC(2025, 0, 1) };
  let counter = 0;
  const manager = new NonceManager({
    ...options,
    now: () => clock.now,
    randomBytes: (size) => Uint8Array.from({ length: size }, () => counter++ & 0xff),
  });
  return { clock, manager };
}

describe('NonceManager', () => {
  it('issues nonces that it recognises as valid for the same realm', () => {
    const { manager, clock } = fixture();
    const nonce = manager.issue('tandem');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{47}$/);
    expect(manager.check(nonce, 'tandem')).toEqual({ status: 'valid', issuedAt: clock.now });
  });

  it('issues a different nonce every time, and the same sequence for the same injected randomness', () => {
    const first = fixture();
    const second = fixture();
    const nonces = [first.manager.issue('tandem'), first.manager.issue('tandem')];
    expect(nonces[0]).not.toBe(nonces[1]);
    expect([second.manager.issue('tandem'), second.manager.issue('tandem')]).toEqual(nonces);
  });

  it('calls a nonce stale once it is older than its lifetime, and valid up to then', () => {
    const { manager, clock } = fixture({ lifetimeMs: 300_000 });
    const nonce = manager.issue('tandem');
    clock.now += 300_000;
    expect(manager.check(nonce, 'tandem').status).toBe('valid');
    clock.now += 1;
    expect(manager.check(nonce, 'tandem').status).toBe('stale');
  });

  it('calls a nonce from well in the future stale (the clock was set back)', () => {
    const { manager, clock } = fixture();
    const nonce = manager.issue('tandem');
    clock.now -= 60_000;
    expect(manager.check(nonce, 'tandem').status).toBe('stale');
  });

  it('refuses a nonce issued for another realm', () => {
    const { manager } = fixture();
    expect(manager.check(manager.issue('tandem'), 'other').status).toBe('invalid');
  });

  it('refuses a nonce issued by another process with another secret', () => {
    const ours = new NonceManager();
    const theirs = new NonceManager();
    expect(ours.check(theirs.issue('tandem'), 'tandem').status).toBe('invalid');
  });

  it('accepts nonces from another node that shares the secret', () => {
    const secret = new Uint8Array(32).fill(7);
    expect(
      new NonceManager({ secret }).check(new NonceManager({ secret }).issue('tandem'), 'tandem').status,
    ).toBe('valid');
  });

  it('refuses forged and garbled nonces: any changed character, another length, other alphabets', () => {
    const { manager } = fixture();
    const nonce = manager.issue('tandem');
    for (let index = 0; index < nonce.length; index += 1) {
      const replacement = nonce[index] === 'A' ? 'B' : 'A';
      const forged = `${nonce.slice(0, index)}${replacement}${nonce.slice(index + 1)}`;
      expect(manager.check(forged, 'tandem').status, `changed at ${index}`).toBe('invalid');
    }
    for (const garbled of [
      '',
      'abc',
      `${nonce}A`,
      nonce.slice(1),
      `${nonce.slice(0, -1)}+`,
      'é'.repeat(47),
    ]) {
      expect(manager.check(garbled, 'tandem').status).toBe('invalid');
    }
  });

  it('refuses a nonce whose time stamp was moved forward to stay fresh', () => {
    const { manager } = fixture();
    const bytes = Buffer.from(manager.issue('tandem'), 'base64url');
    bytes.writeUIntBE(bytes.readUIntBE(1, 6) + 3_600_000, 1, 6);
    expect(manager.check(bytes.toString('base64url'), 'tandem').status).toBe('invalid');
  });

  it('refuses a secret shorter than 16 bytes and a non-positive lifetime', () => {
    expect(() => new NonceManager({ secret: new Uint8Array(8) })).toThrow(TypeError);
    expect(() => new NonceManager({ lifetimeMs: 0 })).toThrow(TypeError);
  });

  describe('nonce-count replay guard', () => {
    it('accepts rising nonce-counts and refuses a count already seen or lower', () => {
      const { manager, clock } = fixture();
      const nonce = manager.issue('tandem');
      expect(manager.recordNonceCount(nonce, clock.now, 1)).toBe('accepted');
      expect(manager.recordNonceCount(nonce, clock.now, 2)).toBe('accepted');
      expect(manager.recordNonceCount(nonce, clock.now, 2)).toBe('replayed');
      expect(manager.recordNonceCount(nonce, clock.now, 1)).toBe('replayed');
      expect(manager.recordNonceCount(nonce, clock.now, 5)).toBe('accepted');
    });

    it('keeps memory bounded, and never accepts a forgotten nonce again', () => {
      const { manager, clock } = fixture({ maxTrackedNonces: 100 });
      const first = manager.issue('tandem');
      const firstIssuedAt = clock.now;
      expect(manager.recordNonceCount(first, firstIssuedAt, 1)).toBe('accepted');
      for (let index = 0; index < 1000; index += 1) {
        clock.now += 1;
        expect(manager.recordNonceCount(manager.issue('tandem'), clock.now, 1)).toBe('accepted');
      }
      expect(manager.trackedNonces).toBe(100);
      expect(manager.recordNonceCount(first, firstIssuedAt, 2)).toBe('forgotten');
      // A nonce issued after everything forgotten so far is still welcome.
      clock.now += 1;
      expect(manager.recordNonceCount(manager.issue('tandem'), clock.now, 1)).toBe('accepted');
    });

    it('drops nonces past their lifetime first', () => {
      const { manager, clock } = fixture({ lifetimeMs: 1000 });
      manager.recordNonceCount(manager.issue('tandem'), clock.now, 1);
      manager.recordNonceCount(manager.issue('tandem'), clock.now, 1);
      clock.now += 1001;
      manager.recordNonceCount(manager.issue('tandem'), clock.now, 1);
      expect(manager.trackedNonces).toBe(1);
    });
  });
});
