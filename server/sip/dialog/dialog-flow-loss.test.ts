/**
 * A dialog whose peer was reached over a WebSocket that closed (a browser desk closed, crashed or lost its
 * network): the peer has a grace period to come back, by a request on a new connection or by registering
 * its Contact again over one; otherwise the dialog ends with `flow-lost`. Dialogs on other flows, and
 * peers reached over UDP, are left alone. Time is fake; no network.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { parseSipMessage, parseUri, type SipRequest } from '../message/index.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import { DEFAULT_TIMERS } from '../transaction/transaction-types.js';
import type { Flow, TransportProtocol } from '../transport/transport-types.js';
import { Dialog, type DialogContext } from './dialog.js';
import { DialogState, type DialogEndReason } from './dialog-types.js';

const GRACE_MS = 10_000;
let flows = 0;
const closed = new Set<string>();

function flow(protocol: TransportProtocol = 'wss'): Flow {
  flows += 1;
  return {
    id: `${protocol}#${flows}`,
    protocol,
    local: { host: '127.0.0.1', port: 8089 },
    remote: { host: '127.0.0.1', port: 50_000 + flows },
    reliable: protocol !== 'udp',
  };
}

const context: DialogContext = {
  transactions: {} as TransactionLayer,
  timers: DEFAULT_TIMERS,
  logger: createRootLogger({ level: 'silent' }),
  isOpen: (candidate) => !closed.has(candidate.id),
  contactFor: () => '<sip:tandem@127.0.0.1:8089;transport=ws>',
  requestHeaders: () => [],
  forget: () => {},
};

function dialogOver(over: Flow): { dialog: Dialog; ended: DialogEndReason[] } {
  const dialog = new Dialog(context, {
    id: { callId: `c${flows}`, localTag: 'l1', remoteTag: 'r1' },
    role: 'uac',
    state: DialogState.Confirmed,
    localAddress: '<sip:tandem@tandem.local>;tag=l1',
    remoteAddress: '<sip:alice@tandem.local>;tag=r1',
    localSeq: 1,
    remoteSeq: 1,
    remoteTarget: parseUri('sip:k3x9@abc123.invalid;transport=ws'),
    routeSet: [],
    flow: over,
  });
  const ended: DialogEndReason[] = [];
  dialog.delegate = { onTerminated: (reason) => ended.push(reason) };
  return { dialog, ended };
}

function inDialogInfo(cseq: number): SipRequest {
  const text = [
    'INFO sip:tandem@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/WSS abc123.invalid;branch=z9hG4bKx',
    'From: <sip:alice@tandem.local>;tag=r1',
    'To: <sip:tandem@tandem.local>;tag=l1',
    'Call-ID: c1',
    `CSeq: ${cseq} INFO`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseSipMessage(Buffer.from(text)) as SipRequest;
}

const nobodyBack = () => null;

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  closed.clear();
});

describe("a dialog whose peer's WebSocket closed", () => {
  it('ends with flow-lost once the grace period passes without the peer', () => {
    const desk = flow();
    const { dialog, ended } = dialogOver(desk);
    closed.add(desk.id);
    dialog.flowClosed(desk, GRACE_MS, nobodyBack);
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ended).toEqual(['flow-lost']);
    expect(dialog.state).toBe(DialogState.Terminated);
  });

  it('goes on when the peer sends a request on a new connection within the grace period', () => {
    const desk = flow();
    const { dialog, ended } = dialogOver(desk);
    closed.add(desk.id);
    dialog.flowClosed(desk, GRACE_MS, nobodyBack);
    const reconnected = flow();
    expect(dialog.admit(inDialogInfo(2), reconnected)).toBeNull();
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(ended).toEqual([]);
    expect(dialog.flow).toBe(reconnected);
  });

  it('goes on over the new connection its Contact registered on again', () => {
    const desk = flow();
    const { dialog, ended } = dialogOver(desk);
    closed.add(desk.id);
    const reconnected = flow();
    const reachAgain = vi.fn((target) => (target.user === 'k3x9' ? reconnected : null));
    dialog.flowClosed(desk, GRACE_MS, reachAgain);
    vi.advanceTimersByTime(GRACE_MS);
    expect(reachAgain).toHaveBeenCalledTimes(1);
    expect(ended).toEqual([]);
    expect(dialog.flow).toBe(reconnected);
  });

  it('is not ended by a dialog ending first, nor touches dialogs on other flows or over UDP', () => {
    const desk = flow();
    const { dialog, ended } = dialogOver(desk);
    dialog.flowClosed(desk, GRACE_MS, nobodyBack);
    dialog.terminate('remote-bye');
    vi.advanceTimersByTime(GRACE_MS);
    expect(ended).toEqual(['remote-bye']);

    const other = dialogOver(flow());
    other.dialog.flowClosed(desk, GRACE_MS, nobodyBack);
    const phone = flow('udp');
    const overUdp = dialogOver(phone);
    overUdp.dialog.flowClosed(phone, GRACE_MS, nobodyBack);
    vi.advanceTimersByTime(GRACE_MS);
    expect([other.ended, overUdp.ended]).toEqual([[], []]);
  });
});
