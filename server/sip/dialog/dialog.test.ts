/**
 * How a dialog builds its requests (RFC 3261 12.2.1.1) and checks incoming ones (12.2.2), without
 * a network: route sets (loose and strict), CSeq, ACK numbering, target refresh.
 */
import { describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { formatUri, parseSipMessage, parseUri, type SipRequest } from '../message/index.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import { DEFAULT_TIMERS } from '../transaction/transaction-types.js';
import type { Flow } from '../transport/transport-types.js';
import { Dialog, type DialogContext } from './dialog.js';
import { DialogState } from './dialog-types.js';

const flow: Flow = {
  id: 'udp:1',
  protocol: 'udp',
  local: { host: '127.0.0.1', port: 5060 },
  remote: { host: '127.0.0.1', port: 5070 },
  reliable: false,
};

const forgotten: Dialog[] = [];
const context: DialogContext = {
  transactions: {} as TransactionLayer,
  timers: DEFAULT_TIMERS,
  logger: createRootLogger({ level: 'silent' }),
  isOpen: () => true,
  contactFor: () => '<sip:tandem@127.0.0.1:5060>',
  requestHeaders: () => [['User-Agent', 'Tandem/test']],
  forget: (dialog) => forgotten.push(dialog),
};

function dialog(routeSet: string[] = []): Dialog {
  return new Dialog(context, {
    id: { callId: 'c1', localTag: 'l1', remoteTag: 'r1' },
    role: 'uas',
    state: DialogState.Confirmed,
    localAddress: '<sip:bob@tandem.local>;tag=l1',
    remoteAddress: '"Alice" <sip:alice@example.com>;tag=r1',
    localSeq: 100,
    remoteSeq: 7,
    remoteTarget: parseUri('sip:alice@192.0.2.10:5070'),
    routeSet,
    flow,
  });
}

function incoming(text: string): SipRequest {
  return parseSipMessage(Buffer.from(text.replace(/\n/g, '\r\n'))) as SipRequest;
}

function inDialog(method: string, cseq: number, contact?: string): SipRequest {
  return incoming(
    [
      `${method} sip:bob@127.0.0.1 SIP/2.0`,
      'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx',
      'From: <sip:alice@example.com>;tag=r1',
      'To: <sip:bob@tandem.local>;tag=l1',
      'Call-ID: c1',
      `CSeq: ${cseq} ${method}`,
      ...(contact ? [`Contact: ${contact}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\n'),
  );
}

describe('requests built by a dialog', () => {
  it('carry the dialog identity, the next CSeq and no Route without a route set', () => {
    const d = dialog();
    const info = d.createRequest('INFO', { body: 'Signal=1', contentType: 'application/dtmf-relay' });
    expect(formatUri(info.uri)).toBe('sip:alice@192.0.2.10:5070');
    expect(info.headers.get('from')).toBe('<sip:bob@tandem.local>;tag=l1');
    expect(info.headers.get('to')).toBe('"Alice" <sip:alice@example.com>;tag=r1');
    expect(info.callId).toBe('c1');
    expect(info.cseq).toEqual({ seq: 101, method: 'INFO' });
    expect(info.headers.has('route')).toBe(false);
    expect(info.headers.get('content-type')).toBe('application/dtmf-relay');
    expect(d.createRequest('BYE').cseq.seq).toBe(102);
    // 13.2.2.4: the ACK has the number of its INVITE and does not advance the counter.
    expect(d.createRequest('ACK', {}, 101).cseq).toEqual({ seq: 101, method: 'ACK' });
    expect(d.createRequest('NOTIFY').cseq.seq).toBe(103);
  });

  it('put a Contact on target refresh requests only', () => {
    const d = dialog();
    expect(d.createRequest('INVITE').headers.get('contact')).toBe('<sip:tandem@127.0.0.1:5060>');
    expect(d.createRequest('UPDATE').headers.has('contact')).toBe(true);
    expect(d.createRequest('BYE').headers.has('contact')).toBe(false);
  });

  it('follow a loose route set: Request-URI is the remote target, Routes in order', () => {
    const d = dialog(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    const bye = d.createRequest('BYE');
    expect(formatUri(bye.uri)).toBe('sip:alice@192.0.2.10:5070');
    expect(bye.headers.getAll('route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  });

  it('follow a strict router: it becomes the Request-URI and the remote target the last Route', () => {
    const d = dialog(['<sip:strict.example.com>', '<sip:p2.example.com;lr>']);
    const bye = d.createRequest('BYE');
    expect(formatUri(bye.uri)).toBe('sip:strict.example.com');
    expect(bye.headers.getAll('route')).toEqual(['<sip:p2.example.com;lr>', '<sip:alice@192.0.2.10:5070>']);
  });
});

describe('requests received in a dialog', () => {
  it('are refused with 500 when their CSeq is lower than the last one', () => {
    const d = dialog();
    expect(d.admit(inDialog('INFO', 6), flow)).toBe(500);
    expect(d.admit(inDialog('INFO', 8), flow)).toBeNull();
    expect(d.admit(inDialog('INFO', 7), flow)).toBe(500);
  });

  it('refresh the remote target from the Contact of a re-INVITE or UPDATE, not of an INFO', () => {
    const d = dialog();
    d.admit(inDialog('INFO', 8, '<sip:alice@198.51.100.1>'), flow);
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@192.0.2.10:5070');
    d.admit(inDialog('UPDATE', 9, '<sip:alice@198.51.100.2:5080>'), flow);
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@198.51.100.2:5080');
    d.admit(inDialog('INVITE', 10, '<sip:alice@198.51.100.3>'), flow);
    expect(formatUri(d.remoteTarget)).toBe('sip:alice@198.51.100.3');
  });

  it('end once, with the reason, and the layer forgets the dialog', () => {
    const d = dialog();
    const reasons: string[] = [];
    d.delegate.onTerminated = (reason) => reasons.push(reason);
    d.terminate('remote-bye');
    d.terminate('shutdown');
    expect(reasons).toEqual(['remote-bye']);
    expect(d.state).toBe(DialogState.Terminated);
    expect(forgotten).toContain(d);
    expect(() => d.createRequest('INFO')).not.toThrow();
  });
});
