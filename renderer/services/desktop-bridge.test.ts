import { describe, expect, it, vi } from 'vitest';
import type { DesktopStatus } from '../../electron/desktop-status.std.js';
import type { DialRequest } from '../../electron/dial-link.std.js';
import type { IncomingCall } from '../../electron/incoming-call.std.js';
import type { PageCommand } from '../../electron/page-commands.std.js';
import { createTandemStore } from '../store/store.js';
import { desktopBridgeOf, startDesktopBridge, type DesktopBridge } from './desktop-bridge.js';

const done = () => Promise.resolve({ ok: true as const, value: null });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The shell's side of `window.tandem`: what the page told it, and a way to send commands and links. */
function fakeShell() {
  const statuses: DesktopStatus[] = [];
  const notifications: string[] = [];
  const commandListeners = new Set<(command: PageCommand) => void>();
  const dialListeners = new Set<(request: DialRequest) => void>();
  const waitingLinks: DialRequest[] = [];
  const bridge: DesktopBridge = {
    desktop: {
      setStatus: (status) => {
        statuses.push(status);
        return done();
      },
      onCommand: (listener) => {
        commandListeners.add(listener);
        return () => commandListeners.delete(listener);
      },
    },
    calls: {
      showIncoming: (call: IncomingCall) => {
        notifications.push(`show ${call.callId} ${call.callerName} ${call.callerNumber} ${call.queueName}`);
        return done();
      },
      dismissIncoming: (callId) => {
        notifications.push(`dismiss ${callId}`);
        return done();
      },
    },
    dial: {
      onRequest: (listener) => {
        dialListeners.add(listener);
        for (const request of waitingLinks.splice(0)) listener(request);
        return () => dialListeners.delete(listener);
      },
    },
  };
  return {
    bridge,
    statuses,
    notifications,
    command: (command: PageCommand) => commandListeners.forEach((listener) => listener(command)),
    link: (target: string) => {
      const request: DialRequest = { kind: 'number', target, extension: null, scheme: 'tel' };
      if (dialListeners.size === 0) waitingLinks.push(request);
      else dialListeners.forEach((listener) => listener(request));
    },
    dialListeners: () => dialListeners.size,
    commandListeners: () => commandListeners.size,
  };
}

function fakeDesk() {
  return {
    call: {
      answer: vi.fn(async () => {}),
      decline: vi.fn(async () => {}),
      hangUp: vi.fn(async () => {}),
      setHeld: vi.fn(async () => {}),
      setMuted: vi.fn(),
    },
    setAgentState: vi.fn(async () => {}),
  };
}

function signedInStore() {
  const store = createTandemStore({ locale: 'de' });
  const actions = store.getState().actions;
  actions.session.signInStarted('alice', 'http://127.0.0.1:8080');
  actions.session.signInSucceeded();
  actions.agentState.applyView({
    state: 'Available',
    since: '2026-01-05T09:00:00.000Z',
    notReadyReason: null,
    wrapUpEndsAt: null,
    notOfferedBecause: [],
    notReadyReasons: ['break', 'lunch'],
  });
  return store;
}

describe('the desktop bridge', () => {
  it('is found only when the desktop app put a bridge on the window', () => {
    expect(desktopBridgeOf({})).toBeNull();
    expect(desktopBridgeOf({ tandem: 'yes' })).toBeNull();
    expect(desktopBridgeOf({ tandem: { desktop: {} } })).toBeNull();
    const { bridge } = fakeShell();
    expect(desktopBridgeOf({ tandem: bridge })).toBe(bridge);
  });

  it('keeps the tray in step with the agent’s state and call, telling it only of changes', () => {
    const shell = fakeShell();
    const store = signedInStore();
    const stop = startDesktopBridge({ store, bridge: shell.bridge, desk: fakeDesk() });
    expect(shell.statuses).toEqual([{ agentState: 'Available', call: null, locale: 'de' }]);

    const calls = store.getState().actions.calls;
    calls.offered({
      id: 's1',
      serverCallId: 'c1',
      direction: 'incoming',
      remoteNumber: '+15550001',
      remoteName: null,
      at: 1,
    });
    calls.answering('s1');
    calls.established('s1', 2);
    calls.holdChanged('s1', true);
    calls.holdChanged('s1', true);
    store.getState().actions.preferences.setLocale('ko');
    store.getState().actions.session.signedOut();
    expect(shell.statuses.slice(1)).toEqual([
      { agentState: 'Available', call: { onHold: false, muted: false }, locale: 'de' },
      { agentState: 'Available', call: { onHold: true, muted: false }, locale: 'de' },
      { agentState: 'Available', call: { onHold: true, muted: false }, locale: 'ko' },
      { agentState: null, call: null, locale: 'ko' },
    ]);
    stop();
    stop();
    expect(shell.commandListeners()).toBe(0);
  });

  it('shows an OS notification while a call rings and takes it away when it stops ringing', () => {
    const shell = fakeShell();
    const store = signedInStore();
    startDesktopBridge({ store, bridge: shell.bridge, desk: fakeDesk() });
    const calls = store.getState().actions.calls;
    calls.offered({
      id: 's1',
      serverCallId: 'c1',
      direction: 'incoming',
      remoteNumber: '+15550001',
      remoteName: 'Carol Caller',
      at: 1,
      context: { queue: 'support', waitedSeconds: 12, ivrChoices: [] },
    });
    calls.answering('s1');
    calls.offered({
      id: 's2',
      serverCallId: 'c2',
      direction: 'outgoing',
      remoteNumber: '1002',
      remoteName: null,
      at: 3,
    });
    calls.offered({
      id: 's3',
      serverCallId: 'c3',
      direction: 'incoming',
      remoteNumber: '+15550003',
      remoteName: null,
      at: 4,
    });
    calls.ended('s3', 'missed', 5);
    expect(shell.notifications).toEqual([
      'show s1 Carol Caller +15550001 support',
      'dismiss s1',
      'show s3 null +15550003 null',
      'dismiss s3',
    ]);
  });

  it('carries out tray and shortcut commands on the desk', async () => {
    const shell = fakeShell();
    const desk = fakeDesk();
    startDesktopBridge({ store: signedInStore(), bridge: shell.bridge, desk });
    for (const command of [
      'answer',
      'hold',
      'resume',
      'mute',
      'hang-up',
      'go-not-ready',
      'go-available',
    ] as const)
      shell.command(command);
    await settle();
    expect(desk.call.answer).toHaveBeenCalledOnce();
    expect(desk.call.setHeld.mock.calls).toEqual([[true], [false]]);
    expect(desk.call.setMuted).toHaveBeenCalledWith(true);
    expect(desk.call.hangUp).toHaveBeenCalledOnce();
    expect(desk.setAgentState.mock.calls).toEqual([
      [{ state: 'NotReady', reason: 'break' }],
      [{ state: 'Available' }],
    ]);
  });

  it('reports a command the desk refuses without breaking the next one', async () => {
    const shell = fakeShell();
    const desk = fakeDesk();
    desk.call.answer.mockRejectedValueOnce(new Error('no call'));
    const problems: string[] = [];
    startDesktopBridge({
      store: signedInStore(),
      bridge: shell.bridge,
      desk,
      onProblem: (what, error) => problems.push(`${what}: ${(error as Error).message}`),
    });
    shell.command('answer');
    shell.command('answer');
    await settle();
    expect(problems).toEqual(['tray command answer: no call']);
    expect(desk.call.answer).toHaveBeenCalledTimes(2);
  });

  it('dials protocol links only while signed in, so a link that started Tandem waits for sign-in', async () => {
    const shell = fakeShell();
    const store = createTandemStore();
    const dial = vi.fn(async () => {});
    startDesktopBridge({ store, bridge: shell.bridge, desk: fakeDesk(), dial });
    shell.link('+15550100');
    expect(shell.dialListeners()).toBe(0);
    expect(dial).not.toHaveBeenCalled();

    store.getState().actions.session.signInStarted('alice', 'http://127.0.0.1:8080');
    store.getState().actions.session.signInSucceeded();
    await settle();
    expect(dial.mock.calls).toEqual([['+15550100']]);
    shell.link('1002');
    expect(dial.mock.calls).toEqual([['+15550100'], ['1002']]);

    store.getState().actions.session.signedOut();
    expect(shell.dialListeners()).toBe(0);
  });

  it('leaves links waiting when this desk cannot dial', () => {
    const shell = fakeShell();
    startDesktopBridge({ store: signedInStore(), bridge: shell.bridge, desk: fakeDesk(), dial: null });
    expect(shell.dialListeners()).toBe(0);
  });
});
