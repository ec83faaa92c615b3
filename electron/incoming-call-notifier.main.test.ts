import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildIncomingCallNotification, incomingCallSchema, type IncomingCall } from './incoming-call.std.js';
import { IncomingCallNotifier } from './incoming-call-notifier.main.js';
import { silentLogger } from './logger.std.js';

const call: IncomingCall = {
  callId: 'c1',
  callerNumber: '+15550100',
  callerName: 'Ana Lima',
  queueName: 'Sales',
};

function notifier() {
  const shown: Array<{ options: NotificationConstructorOptions; closed: boolean; click: () => void }> = [];
  const revealWindow = vi.fn();
  const focusWindow = vi.fn();
  const instance = new IncomingCallNotifier({
    createNotification: (options) => {
      const entry = { options, closed: false, click: () => {} };
      shown.push(entry);
      return {
        on: (_event, listener) => {
          entry.click = listener;
        },
        show: () => {},
        close: () => {
          entry.closed = true;
        },
      };
    },
    revealWindow,
    focusWindow,
    logger: silentLogger,
  });
  return { instance, shown, revealWindow, focusWindow };
}

describe('the incoming-call notification', () => {
  it('says who calls for which queue, quietly (the page rings on the chosen ringer)', () => {
    const test = notifier();
    test.instance.show(call, 'en');
    expect(test.shown.map((entry) => entry.options)).toEqual([
      {
        title: 'Incoming call',
        body: 'Ana Lima (+15550100) for Sales',
        silent: true,
        urgency: 'critical',
        timeoutType: 'never',
      },
    ]);
    expect(test.revealWindow).toHaveBeenCalledTimes(1);
    expect(test.focusWindow).not.toHaveBeenCalled();
  });

  it('brings the window up and focuses it when clicked', () => {
    const test = notifier();
    test.instance.show(call, 'en');
    test.shown[0]?.click();
    expect(test.focusWindow).toHaveBeenCalledTimes(1);
  });

  it('closes when the call stops ringing, and ignores news about other calls', () => {
    const test = notifier();
    test.instance.show(call, 'en');
    test.instance.dismiss('another-call');
    expect(test.shown[0]?.closed).toBe(false);
    test.instance.dismiss('c1');
    expect(test.shown[0]?.closed).toBe(true);
    expect(test.instance.ringingCallId).toBeNull();
  });

  it('shows one notification per call: a repeat is ignored, a new call replaces the old one', () => {
    const test = notifier();
    test.instance.show(call, 'en');
    test.instance.show(call, 'en');
    expect(test.shown).toHaveLength(1);
    test.instance.show({ ...call, callId: 'c2' }, 'en');
    expect(test.shown.map((entry) => entry.closed)).toEqual([true, false]);
    expect(test.instance.ringingCallId).toBe('c2');
  });

  it("is written in the agent's language", () => {
    expect(buildIncomingCallNotification(call, 'pt-BR')).toEqual({
      title: 'Chamada recebida',
      body: 'Ana Lima (+15550100) para Sales',
    });
    expect(buildIncomingCallNotification({ ...call, queueName: null }, 'zh-TW')).toEqual({
      title: '來電',
      body: 'Ana Lima (+15550100)',
    });
  });

  it('cleans what the caller controls: control and direction-override characters, length', () => {
    const spoofed = buildIncomingCallNotification(
      {
        ...call,
        callerName: 'Bank\u202e\n  Support\u0007',
        callerNumber: '+1555\u00000100',
        queueName: null,
      },
      'en',
    );
    expect(spoofed.body).toBe('Bank Support (+15550100)');
    const long = buildIncomingCallNotification(
      { ...call, callerName: 'x'.repeat(200), queueName: null },
      'en',
    );
    expect(long.body.length).toBeLessThan(100);
  });

  it('names an unknown caller as such', () => {
    expect(
      buildIncomingCallNotification({ ...call, callerName: null, callerNumber: '', queueName: null }, 'de')
        .body,
    ).toBe('Unbekannter Anrufer');
    expect(
      buildIncomingCallNotification({ ...call, callerName: '+15550100', queueName: null }, 'en').body,
    ).toBe('+15550100');
  });

  it('refuses call reports that are not calls', () => {
    expect(incomingCallSchema.safeParse(call).success).toBe(true);
    expect(incomingCallSchema.safeParse({ ...call, callId: '' }).success).toBe(false);
    expect(incomingCallSchema.safeParse({ ...call, callerName: 'x'.repeat(300) }).success).toBe(false);
    expect(incomingCallSchema.safeParse({ ...call, extra: 1 }).success).toBe(false);
  });
});
