/**
 * The location service: where each AOR can be reached, newest binding first; bindings that lapse, that are
 * replaced, and that go with their connection (RFC 5626 5.2); and the online/offline events routing follows
 * agents by. Time is fake.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Flow, TransportProtocol } from '../transport/transport-types.js';
import { parseUri } from '../message/index.js';
import { LocationService } from './location-service.js';
import type { Binding } from './registrar-types.js';

let location: LocationService;
let events: string[];

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') });
  location = new LocationService();
  events = [];
  location.on('online', (aor) => events.push(`${aor} online`));
  location.on('offline', (aor, reason) => events.push(`${aor} offline (${reason})`));
});

afterEach(() => {
  location.stop();
  vi.useRealTimers();
});

let flowCount = 0;
function flow(protocol: TransportProtocol = 'wss'): Flow {
  const port = 40_000 + ++flowCount;
  return {
    id: `${protocol}:192.0.2.1:${port}#${flowCount}`,
    protocol,
    local: { host: '127.0.0.1', port: 8_089 },
    remote: { host: '192.0.2.1', port },
    reliable: protocol !== 'udp',
  };
}

/** A binding registered now for `seconds`, over `over`. */
function binding(aor: string, contact: string, over: Flow, seconds = 600): Binding {
  const now = Date.now();
  return {
    aor,
    contact,
    callId: `${contact}-call`,
    cseq: 1,
    expiresAt: now + seconds * 1000,
    flow: over,
    registeredAt: now,
  };
}

const contactsOf = (aor: string) => location.lookup(aor).map((entry) => entry.contact);

describe('lookup', () => {
  it('lists an AOR’s bindings newest first, and nothing for an unknown AOR', () => {
    const older = binding('alice', 'sip:desk@192.0.2.1', flow('udp'));
    vi.advanceTimersByTime(1_000);
    const newer = binding('alice', 'sip:laptop@x.invalid', flow());

    location.replace('alice', [older, newer]);

    expect(contactsOf('alice')).toEqual(['sip:laptop@x.invalid', 'sip:desk@192.0.2.1']);
    expect(contactsOf('bob')).toEqual([]);
    expect([location.aorCount, location.bindingCount]).toEqual([1, 2]);
  });

  it('no longer lists a binding once it has expired, even before the sweep', () => {
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', flow(), 60)]);

    vi.advanceTimersByTime(59_999);
    expect(contactsOf('alice')).toHaveLength(1);
    vi.advanceTimersByTime(1);

    expect(contactsOf('alice')).toEqual([]);
  });
});

describe('online and offline', () => {
  it('says online for the first binding only, and offline when the last is removed', () => {
    const first = binding('alice', 'sip:a@x.invalid', flow());
    const second = binding('alice', 'sip:b@x.invalid', flow());

    location.replace('alice', [first]);
    location.replace('alice', [first, second]);
    location.replace('alice', [second]);
    location.replace('alice', []);

    expect(events).toEqual(['alice online', 'alice offline (unregistered)']);
    expect([location.aorCount, location.bindingCount]).toEqual([0, 0]);
  });

  it('says nothing when an AOR without bindings is cleared', () => {
    location.replace('alice', []);

    expect(events).toEqual([]);
  });
});

describe('expiry sweep', () => {
  it('removes lapsed bindings, says offline when none is left, and counts what it removed', () => {
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', flow(), 60)]);
    location.replace('bob', [
      binding('bob', 'sip:short@x.invalid', flow(), 60),
      binding('bob', 'sip:long@x.invalid', flow(), 600),
    ]);
    vi.advanceTimersByTime(61_000);

    expect(location.sweep()).toBe(2);

    expect(events).toEqual(['alice online', 'bob online', 'alice offline (expired)']);
    expect(contactsOf('bob')).toEqual(['sip:long@x.invalid']);
    expect([location.aorCount, location.bindingCount]).toEqual([1, 1]);
    expect(location.sweep()).toBe(0);
  });

  it('sweeps by itself at the interval once started, and no more once stopped', () => {
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', flow(), 60)]);
    location.replace('bob', [binding('bob', 'sip:b@x.invalid', flow(), 120)]);
    location.startSweeping(5_000);

    vi.advanceTimersByTime(65_000);
    expect(location.bindingCount).toBe(1);
    location.stop();
    vi.advanceTimersByTime(120_000);

    expect(location.bindingCount).toBe(1);
    expect(events).toContain('alice offline (expired)');
    expect(events).not.toContain('bob offline (expired)');
  });

  it('forgets the connection of a swept binding: closing it later takes nothing', () => {
    const browser = flow();
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', browser, 60)]);
    vi.advanceTimersByTime(61_000);
    location.sweep();
    location.replace('alice', [binding('alice', 'sip:b@y.invalid', flow())]);

    location.flowClosed(browser.id);

    expect(contactsOf('alice')).toEqual(['sip:b@y.invalid']);
  });
});

describe('connections that close (RFC 5626 5.2)', () => {
  it('removes every binding made over a closed connection, for every AOR, and only those', () => {
    const shared = flow('tcp');
    const other = flow();
    location.replace('alice', [
      binding('alice', 'sip:a1@x.invalid', shared),
      binding('alice', 'sip:a2@x.invalid', other),
    ]);
    location.replace('bob', [binding('bob', 'sip:b@x.invalid', shared)]);
    events = [];

    location.flowClosed(shared.id);

    expect(contactsOf('alice')).toEqual(['sip:a2@x.invalid']);
    expect(contactsOf('bob')).toEqual([]);
    expect(events).toEqual(['bob offline (flow-closed)']);
    location.flowClosed(other.id);
    expect(events).toEqual(['bob offline (flow-closed)', 'alice offline (flow-closed)']);
  });

  it('ignores a connection it does not know, and a second close of the same one', () => {
    const browser = flow();
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', browser)]);

    location.flowClosed('wss:203.0.113.1:1#999');
    location.flowClosed(browser.id);
    location.flowClosed(browser.id);

    expect(events).toEqual(['alice online', 'alice offline (flow-closed)']);
  });

  it('keeps a binding that moved to a new connection when the old one closes', () => {
    const before = flow();
    const after = flow();
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', before)]);
    location.replace('alice', [binding('alice', 'sip:a@x.invalid', after)]);

    location.flowClosed(before.id);
    expect(contactsOf('alice')).toEqual(['sip:a@x.invalid']);
    location.flowClosed(after.id);

    expect(contactsOf('alice')).toEqual([]);
  });

  it('never ties a UDP binding to its flow: UDP has no connection to lose', () => {
    const udp = flow('udp');
    location.replace('alice', [binding('alice', 'sip:alice@192.0.2.1:5060', udp)]);

    location.flowClosed(udp.id);

    expect(contactsOf('alice')).toEqual(['sip:alice@192.0.2.1:5060']);
  });
});

describe('finding a reconnected WebSocket client by its Contact', () => {
  it('answers the live flow whose binding has the same Contact user and host, and nothing else', () => {
    const old = flow();
    const renewed = flow();
    location.replace('alice', [binding('alice', 'sip:k3x9@abc123.invalid;transport=ws', old)]);
    location.flowClosed(old.id);
    expect(location.flowReaching(parseUri('sip:k3x9@abc123.invalid;transport=ws'))).toBeNull();

    location.replace('alice', [binding('alice', 'sip:k3x9@ABC123.invalid;transport=ws', renewed, 60)]);
    expect(location.flowReaching(parseUri('sip:k3x9@abc123.invalid;transport=ws'))).toBe(renewed);
    expect(location.flowReaching(parseUri('sip:other@abc123.invalid;transport=ws'))).toBeNull();
    vi.advanceTimersByTime(61_000); // the binding lapsed
    expect(location.flowReaching(parseUri('sip:k3x9@abc123.invalid;transport=ws'))).toBeNull();
  });
});
