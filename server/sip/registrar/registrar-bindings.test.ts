/**
 * What an authenticated REGISTER does to the bindings (RFC 3261 10.3 steps 5-8, RFC 5626 flows): expiry
 * between the minimum and the maximum (423 Interval Too Brief below it), several contacts per AOR,
 * un-registering one contact or all of them with `*`, Call-ID/CSeq ordering, and bindings that go with
 * their connection. Time is fake.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  bindingsOf,
  createHarness,
  defaultOptions,
  flowFrom,
  Phone,
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

const contactsOf = (aor: string) => harness.location.lookup(aor).map((binding) => `<${binding.contact}>`);

describe('expiry', () => {
  it('gives a contact without an expiry the default, and says so in the 200 with a Date', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.register();

    expect(bindingsOf(response)).toEqual([[alice.contact, defaultOptions.defaultExpires]]);
    expect(response.headers.get('Date')).toBe('Mon, 02 Mar 2026 09:00:00 GMT');
  });

  it('takes the Expires header, and a Contact expires parameter before it', () => {
    const alice = new Phone(harness, 'alice');

    expect(bindingsOf(alice.register({ expires: 120 }))).toEqual([[alice.contact, 120]]);
    expect(bindingsOf(alice.register({ expires: 120, contacts: [`${alice.contact};expires=300`] }))).toEqual([
      [alice.contact, 300],
    ]);
  });

  it('shortens an expiry above the maximum to the maximum', () => {
    const alice = new Phone(harness, 'alice');

    expect(bindingsOf(alice.register({ expires: 86_400 }))).toEqual([
      [alice.contact, defaultOptions.maxExpires],
    ]);
  });

  it('refuses an expiry below the minimum with 423 and Min-Expires, storing nothing', () => {
    const alice = new Phone(harness, 'alice');

    const response = alice.register({ expires: defaultOptions.minExpires - 1 });

    expect([response.status, response.reason]).toEqual([423, 'Interval Too Brief']);
    expect(response.headers.get('Min-Expires')).toBe(String(defaultOptions.minExpires));
    expect(harness.location.lookup('alice')).toEqual([]);
    expect(alice.register({ expires: defaultOptions.minExpires }).status).toBe(200);
  });

  it('lets a binding lapse when it is not refreshed in time', () => {
    const alice = new Phone(harness, 'alice');
    alice.register({ expires: 120 });

    vi.advanceTimersByTime(119_000);
    expect(contactsOf('alice')).toEqual([alice.contact]);
    vi.advanceTimersByTime(1_000);

    expect(contactsOf('alice')).toEqual([]);
  });

  it('counts a refresh from the time of the refresh', () => {
    const alice = new Phone(harness, 'alice');
    alice.register({ expires: 120 });
    vi.advanceTimersByTime(100_000);

    const refreshed = alice.register({ expires: 120 });
    vi.advanceTimersByTime(100_000);

    expect(bindingsOf(refreshed)).toEqual([[alice.contact, 120]]);
    expect(contactsOf('alice')).toEqual([alice.contact]);
  });
});

describe('several contacts per AOR', () => {
  it('keeps a binding for each of alice’s devices and lists them all, newest first', () => {
    const desk = new Phone(harness, 'alice', flowFrom('192.0.2.10'));
    const laptop = new Phone(harness, 'alice', flowFrom('192.0.2.11', 'wss'));
    desk.register();
    vi.advanceTimersByTime(1_000);

    const response = laptop.register();

    expect(bindingsOf(response).map(([contact]) => contact)).toEqual([laptop.contact, desk.contact]);
    expect(contactsOf('alice')).toEqual([laptop.contact, desk.contact]);
  });

  it('adds every Contact of one REGISTER', () => {
    const alice = new Phone(harness, 'alice');
    const second = '<sip:alice@192.0.2.99:5070>';

    const response = alice.register({ contacts: [alice.contact, second] });

    expect(bindingsOf(response).map(([contact]) => contact)).toEqual([alice.contact, second]);
  });

  it('keeps the newest bindings when there are more than the maximum per AOR', () => {
    const phones = [1, 2, 3, 4].map((index) => new Phone(harness, 'alice', flowFrom(`192.0.2.${index}`)));
    for (const phone of phones) {
      phone.register();
      vi.advanceTimersByTime(1_000);
    }

    expect(contactsOf('alice')).toEqual(
      phones
        .slice(1)
        .reverse()
        .map((phone) => phone.contact),
    );
  });

  it('updates a contact registered again from another Call-ID instead of adding it twice', () => {
    const first = new Phone(harness, 'alice');
    first.register({ expires: 120 });
    const rebooted = new Phone(harness, 'alice', first.flow);

    const response = rebooted.register({ contacts: [first.contact], expires: 300 });

    expect(bindingsOf(response)).toEqual([[first.contact, 300]]);
  });

  it('refuses a REGISTER older than the one that made the binding with 500 (same Call-ID)', () => {
    const alice = new Phone(harness, 'alice');
    const challenge = alice.send({ cseq: 10 });
    expect(alice.send({ cseq: 11, authorization: alice.answer(challenge) }).status).toBe(200);

    const stale = alice.send({ cseq: 11, authorization: alice.answer(challenge, { nc: 2 }), expires: 0 });

    expect(stale.status).toBe(500);
    expect(contactsOf('alice')).toEqual([alice.contact]);
  });

  it('keeps one binding per RFC 5626 instance and reg-id, whatever its Contact, on its newest flow', () => {
    const instance = '+sip.instance="<urn:uuid:00000000-0000-1000-8000-000000000001>";reg-id=1';
    const before = new Phone(harness, 'alice', flowFrom('192.0.2.20', 'ws'));
    before.register({ contacts: [`${before.contact};${instance}`] });
    const after = new Phone(harness, 'alice', flowFrom('192.0.2.20', 'ws'));

    const response = after.register({
      contacts: [`${after.contact};${instance}`],
      extraHeaders: ['Supported: outbound, path'],
    });

    expect(bindingsOf(response).map(([contact]) => contact)).toEqual([after.contact]);
    expect(response.headers.get('Require')).toBe('outbound');
    // The old connection closing takes nothing with it: the binding now lives on the new one.
    harness.location.flowClosed(before.flow.id);
    expect(contactsOf('alice')).toEqual([after.contact]);
    harness.location.flowClosed(after.flow.id);
    expect(contactsOf('alice')).toEqual([]);
  });
});

describe('un-registering', () => {
  it('removes one contact with expires=0 and leaves the others', () => {
    const desk = new Phone(harness, 'alice', flowFrom('192.0.2.10'));
    const laptop = new Phone(harness, 'alice', flowFrom('192.0.2.11'));
    desk.register();
    laptop.register();

    const response = desk.register({ contacts: [`${desk.contact};expires=0`] });

    expect(bindingsOf(response).map(([contact]) => contact)).toEqual([laptop.contact]);
  });

  it('removes a contact with Expires: 0, and tells who follows the AOR that it went offline', () => {
    const offline: string[] = [];
    harness.location.on('offline', (aor, reason) => offline.push(`${aor} ${reason}`));
    const alice = new Phone(harness, 'alice');
    alice.register();

    const response = alice.register({ expires: 0 });

    expect(response.status).toBe(200);
    expect(response.headers.has('Contact')).toBe(false);
    expect(offline).toEqual(['alice unregistered']);
  });

  it('removes every binding of the AOR with Contact: * and Expires: 0', () => {
    const desk = new Phone(harness, 'alice', flowFrom('192.0.2.10'));
    new Phone(harness, 'alice', flowFrom('192.0.2.11')).register();
    desk.register();
    new Phone(harness, 'bob').register();

    const response = desk.register({ contacts: ['*'], expires: 0 });

    expect(response.status).toBe(200);
    expect(contactsOf('alice')).toEqual([]);
    expect(contactsOf('bob')).toHaveLength(1);
  });

  it('refuses Contact: * without Expires: 0, or next to another contact, with 400', () => {
    const alice = new Phone(harness, 'alice');
    alice.register();

    expect(alice.register({ contacts: ['*'] }).status).toBe(400);
    expect(alice.register({ contacts: ['*'], expires: 60 }).status).toBe(400);
    expect(alice.register({ contacts: ['*', alice.contact], expires: 0 }).status).toBe(400);
    expect(contactsOf('alice')).toEqual([alice.contact]);
  });

  it('answers a Contact or Expires that does not parse with 400', () => {
    const alice = new Phone(harness, 'alice');

    expect(alice.register({ contacts: ['<sip:alice@192.0.2.1'] }).status).toBe(400);
    expect(alice.register({ extraHeaders: ['Expires: soon'] }).status).toBe(400);
    expect(contactsOf('alice')).toEqual([]);
  });
});

describe('bindings and their connections', () => {
  it('drops the bindings made over a connection when it closes, and only those', () => {
    const offline: string[] = [];
    harness.location.on('offline', (aor, reason) => offline.push(`${aor} ${reason}`));
    const browser = new Phone(harness, 'alice', flowFrom('192.0.2.30', 'wss'));
    const desk = new Phone(harness, 'alice', flowFrom('192.0.2.31', 'udp'));
    const bob = new Phone(harness, 'bob', flowFrom('192.0.2.32', 'tcp'));
    browser.register();
    desk.register();
    bob.register();

    harness.location.flowClosed(browser.flow.id);
    harness.location.flowClosed(bob.flow.id);

    expect(contactsOf('alice')).toEqual([desk.contact]);
    expect(contactsOf('bob')).toEqual([]);
    expect(offline).toEqual(['bob flow-closed']);
  });
});
