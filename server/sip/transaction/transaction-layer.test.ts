/**
 * Transactions with fake timers and an in-memory transport: retransmissions, timeouts and the
 * state machines of RFC 3261 section 17 (with the RFC 6026 fix), timer by timer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { parseSipMessage, SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint, Flow, TransportProtocol } from '../transport/transport-types.js';
import type { ServerTransaction } from './server-transactions.js';
import { TransactionLayer, type TransactionLayerUser } from './transaction-layer.js';
import { TransactionState, type ClientTransactionUser } from './transaction-types.js';

const udpFlow: Flow = {
  id: 'udp:127.0.0.1:5060>127.0.0.1:5070',
  protocol: 'udp',
  local: { host: '127.0.0.1', port: 5060 },
  remote: { host: '127.0.0.1', port: 5070 },
  reliable: false,
};
const tcpFlow: Flow = { ...udpFlow, id: 'tcp:127.0.0.1:5070#1', protocol: 'tcp', reliable: true };

interface Sent {
  message: SipRequest | SipResponse;
  text: string;
  to: string;
}

function record(data: Buffer, to: string): Sent {
  const text = data.toString();
  try {
    return { message: parseSipMessage(data), text, to };
  } catch {
    // Some answers to broken requests cannot carry every mandatory header.
    return { message: new SipResponse({ status: Number(text.slice(8, 11)) }), text, to };
  }
}

function setup() {
  const sent: Sent[] = [];
  const sender = {
    sendOnFlow: async (data: Buffer, flow: Flow) => {
      sent.push(record(data, flow.id));
    },
    sendTo: async (data: Buffer, protocol: TransportProtocol, remote: Endpoint) => {
      sent.push(record(data, `${protocol}:${remote.host}:${remote.port}`));
      return { ...udpFlow, protocol, remote, reliable: protocol !== 'udp', id: `${protocol}-out` };
    },
    localEndpoint: () => ({ host: '127.0.0.1', port: 5060 }),
  };
  const layer = new TransactionLayer({
    sender,
    logger: createRootLogger({ level: 'silent' }),
    maxMessageBytes: 65536,
    serverHeader: 'Tandem test',
  });
  const requests: { request: SipRequest; transaction: ServerTransaction | null }[] = [];
  const stray: SipResponse[] = [];
  const user: TransactionLayerUser = {
    onRequest: (request, transaction) => requests.push({ request, transaction }),
    onStrayResponse: (response) => stray.push(response),
    onFlowClosed: () => undefined,
  };
  layer.setUser(user);
  const client = () => {
    const responses: number[] = [];
    const events: string[] = [];
    const tu: ClientTransactionUser = {
      onResponse: (response) => responses.push(response.status),
      onTimeout: () => events.push('timeout'),
      onTransportError: () => events.push('transport error'),
    };
    return { tu, responses, events };
  };
  const sentRequests = (method: string) =>
    sent.filter((entry) => entry.message instanceof SipRequest && entry.message.method === method);
  const sentResponses = (status: number) =>
    sent.filter((entry) => entry.message instanceof SipResponse && entry.message.status === status);
  return { layer, sent, requests, stray, client, sentRequests, sentResponses };
}

function request(
  method: string,
  options: { branch?: string | null; cseq?: number; toTag?: string; via?: string } = {},
) {
  const branch = options.branch === undefined ? 'z9hG4bKclient1' : options.branch;
  const via = options.via ?? `SIP/2.0/UDP 127.0.0.1:5070${branch === null ? '' : `;branch=${branch}`}`;
  return (
    `${method} sip:alice@127.0.0.1 SIP/2.0\r\n` +
    `Via: ${via}\r\n` +
    `Max-Forwards: 70\r\n` +
    `From: <sip:caller@127.0.0.1>;tag=from1\r\n` +
    `To: <sip:alice@127.0.0.1>${options.toTag ? `;tag=${options.toTag}` : ''}\r\n` +
    `Call-ID: call-1@test\r\n` +
    `CSeq: ${options.cseq ?? 1} ${method === 'CANCEL' || method === 'ACK' ? method : method}\r\n` +
    `Content-Length: 0\r\n\r\n`
  );
}

function outgoing(method: string): SipRequest {
  return new SipRequest({
    method,
    uri: 'sip:+15550101@127.0.0.1:5080',
    headers: [
      ['Max-Forwards', '70'],
      ['From', '<sip:tandem@127.0.0.1>;tag=t1'],
      ['To', '<sip:+15550101@127.0.0.1>'],
      ['Call-ID', `out-${method}@tandem`],
      ['CSeq', `1 ${method}`],
    ],
  });
}

function responseTo(sentRequest: SipRequest, status: number, toTag = 'remote1'): Buffer {
  const via = sentRequest.headers.get('via')!;
  return Buffer.from(
    `SIP/2.0 ${status} Whatever\r\nVia: ${via}\r\nFrom: ${sentRequest.headers.get('from')}\r\n` +
      `To: ${sentRequest.headers.get('to')};tag=${toTag}\r\nCall-ID: ${sentRequest.callId}\r\n` +
      `CSeq: ${sentRequest.cseq.seq} ${sentRequest.method}\r\nContent-Length: 0\r\n\r\n`,
  );
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('non-INVITE client transaction', () => {
  it('retransmits over UDP at T1, 2T1, 4T1 up to T2, and times out after 64*T1 (Timer E, F)', async () => {
    const { layer, sentRequests, client } = setup();
    const { tu, events } = client();
    const transaction = layer.sendRequest(
      outgoing('OPTIONS'),
      { protocol: 'udp', remote: { host: '127.0.0.1', port: 5080 } },
      tu,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(sentRequests('OPTIONS')).toHaveLength(1);
    // Retransmissions at 0.5, 1.5, 3.5, 7.5, then every 4 s until 32 s.
    await vi.advanceTimersByTimeAsync(500);
    expect(sentRequests('OPTIONS')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sentRequests('OPTIONS')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sentRequests('OPTIONS')).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sentRequests('OPTIONS')).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sentRequests('OPTIONS')).toHaveLength(6);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(32_000 - 11_500);
    expect(events).toEqual(['timeout']);
    expect(transaction.state).toBe(TransactionState.Terminated);
    expect(layer.clientTransactionCount).toBe(0);
  });

  it('does not retransmit over a reliable transport, and completes on the final response (Timer K zero)', async () => {
    const { layer, sent, sentRequests, client } = setup();
    const { tu, responses } = client();
    const transaction = layer.sendRequest(outgoing('OPTIONS'), { flow: tcpFlow }, tu);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sentRequests('OPTIONS')).toHaveLength(1);
    layer.onMessage(responseTo(sent[0]!.message as SipRequest, 200), tcpFlow);
    expect(responses).toEqual([200]);
    await vi.advanceTimersByTimeAsync(0);
    expect(transaction.state).toBe(TransactionState.Terminated);
  });

  it('passes a response once and absorbs its retransmissions (Timer K over UDP)', async () => {
    const { layer, sent, client } = setup();
    const { tu, responses } = client();
    const transaction = layer.sendRequest(outgoing('REGISTER'), { flow: udpFlow }, tu);
    await vi.advanceTimersByTimeAsync(0);
    const answer = responseTo(sent[0]!.message as SipRequest, 200);
    layer.onMessage(answer, udpFlow);
    layer.onMessage(answer, udpFlow);
    expect(responses).toEqual([200]);
    expect(transaction.state).toBe(TransactionState.Completed);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(transaction.state).toBe(TransactionState.Terminated);
  });
});

describe('INVITE client transaction', () => {
  it('retransmits until a provisional response (Timer A), then ACKs a failure itself and absorbs retransmissions', async () => {
    const { layer, sent, sentRequests, client } = setup();
    const { tu, responses } = client();
    const transaction = layer.sendRequest(outgoing('INVITE'), { flow: udpFlow }, tu);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(sentRequests('INVITE')).toHaveLength(3);
    const invite = sent[0]!.message as SipRequest;
    layer.onMessage(responseTo(invite, 180), udpFlow);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sentRequests('INVITE')).toHaveLength(3);
    layer.onMessage(responseTo(invite, 486), udpFlow);
    layer.onMessage(responseTo(invite, 486), udpFlow);
    expect(responses).toEqual([180, 486]);
    const acks = sentRequests('ACK').map((entry) => entry.message as SipRequest);
    expect(acks).toHaveLength(2);
    // 17.1.1.3: same branch as the INVITE, the response's To tag, CSeq number with ACK.
    expect(acks[0]!.topVia.branch).toBe(invite.topVia.branch);
    expect(acks[0]!.toTag).toBe('remote1');
    expect(acks[0]!.cseq).toEqual({ seq: invite.cseq.seq, method: 'ACK' });
    expect(transaction.state).toBe(TransactionState.Completed);
    await vi.advanceTimersByTimeAsync(32_000);
    expect(transaction.state).toBe(TransactionState.Terminated);
  });

  it('times out with no answer at all after 64*T1 (Timer B): the TU treats it as 408', async () => {
    const { layer, client } = setup();
    const { tu, events } = client();
    layer.sendRequest(outgoing('INVITE'), { flow: udpFlow }, tu);
    await vi.advanceTimersByTimeAsync(31_999);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['timeout']);
  });

  it('passes every 2xx to the TU in Accepted (RFC 6026), then ends after Timer M', async () => {
    const { layer, sent, client, sentRequests } = setup();
    const { tu, responses } = client();
    const transaction = layer.sendRequest(outgoing('INVITE'), { flow: udpFlow }, tu);
    await vi.advanceTimersByTimeAsync(0);
    const invite = sent[0]!.message as SipRequest;
    layer.onMessage(responseTo(invite, 200), udpFlow);
    layer.onMessage(responseTo(invite, 200), udpFlow);
    layer.onMessage(responseTo(invite, 200, 'fork2'), udpFlow);
    expect(responses).toEqual([200, 200, 200]);
    expect(transaction.state).toBe(TransactionState.Accepted);
    expect(sentRequests('ACK')).toHaveLength(0); // the ACK for a 2xx is the TU's
    await vi.advanceTimersByTimeAsync(32_000);
    expect(transaction.state).toBe(TransactionState.Terminated);
  });

  it('reports a transport failure to the TU (treated as 503)', async () => {
    const { client } = setup();
    const { tu, events } = client();
    const broken = new TransactionLayer({
      sender: {
        sendOnFlow: async () => {
          throw new Error('connection refused');
        },
        sendTo: async () => {
          throw new Error('connection refused');
        },
        localEndpoint: () => null,
      },
      logger: createRootLogger({ level: 'silent' }),
      maxMessageBytes: 65536,
    });
    broken.sendRequest(outgoing('INVITE'), { protocol: 'tcp', remote: { host: '127.0.0.1', port: 1 } }, tu);
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['transport error']);
    expect(broken.clientTransactionCount).toBe(0);
  });
});

describe('non-INVITE server transaction', () => {
  it('hands a new request up once, discards retransmissions while Trying, resends the final response after', async () => {
    const { layer, requests, sentResponses } = setup();
    layer.onMessage(Buffer.from(request('REGISTER')), udpFlow);
    layer.onMessage(Buffer.from(request('REGISTER')), udpFlow);
    expect(requests).toHaveLength(1);
    const transaction = requests[0]!.transaction!;
    transaction.respond(200, undefined, { toTag: 'x' });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentResponses(200)).toHaveLength(1);
    layer.onMessage(Buffer.from(request('REGISTER')), udpFlow);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentResponses(200)).toHaveLength(2);
    expect(requests).toHaveLength(1);
    // Timer J: 64*T1 over UDP, then the transaction is forgotten and a retransmission is new.
    await vi.advanceTimersByTimeAsync(32_000);
    expect(transaction.state).toBe(TransactionState.Terminated);
    expect(layer.serverTransactionCount).toBe(0);
  });

  it('matches an RFC 2543 request without a branch by its other fields', async () => {
    const { layer, requests } = setup();
    layer.onMessage(Buffer.from(request('OPTIONS', { branch: null })), udpFlow);
    layer.onMessage(Buffer.from(request('OPTIONS', { branch: null })), udpFlow);
    expect(requests).toHaveLength(1);
  });
});

describe('INVITE server transaction', () => {
  it('sends 100 Trying at once, retransmits a failure response until the ACK (Timer G), then is Confirmed', async () => {
    const { layer, requests, sentResponses } = setup();
    layer.onMessage(Buffer.from(request('INVITE')), udpFlow);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentResponses(100)).toHaveLength(1);
    const transaction = requests[0]!.transaction!;
    transaction.respond(486, undefined, { toTag: 'busy' });
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(sentResponses(486)).toHaveLength(4);
    layer.onMessage(Buffer.from(request('ACK', { toTag: 'busy' })), udpFlow);
    expect(transaction.state).toBe(TransactionState.Confirmed);
    expect(requests).toHaveLength(1); // the ACK for a failure is absorbed
    await vi.advanceTimersByTimeAsync(4000);
    expect(sentResponses(486)).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(5000);
    expect(transaction.state).toBe(TransactionState.Terminated);
  });

  it('gives up waiting for the ACK after 64*T1 (Timer H)', async () => {
    const { layer, requests } = setup();
    layer.onMessage(Buffer.from(request('INVITE')), udpFlow);
    const transaction = requests[0]!.transaction!;
    const timeout = vi.fn();
    transaction.events = { onTimeout: timeout };
    transaction.respond(480, undefined, { toTag: 'gone' });
    await vi.advanceTimersByTimeAsync(32_000);
    expect(timeout).toHaveBeenCalledOnce();
    expect(transaction.state).toBe(TransactionState.Terminated);
  });

  it('passes the ACK for a 2xx to the TU, not to the transaction', async () => {
    const { layer, requests } = setup();
    layer.onMessage(Buffer.from(request('INVITE')), udpFlow);
    requests[0]!.transaction!.respond(200, undefined, { toTag: 'ok' });
    expect(requests[0]!.transaction!.state).toBe(TransactionState.Accepted);
    layer.onMessage(Buffer.from(request('ACK', { branch: 'z9hG4bKack2', toTag: 'ok' })), udpFlow);
    expect(requests.map((entry) => [entry.request.method, entry.transaction === null])).toEqual([
      ['INVITE', false],
      ['ACK', true],
    ]);
  });

  it('answers a matching CANCEL with 200 and tells the INVITE transaction; an unmatched one gets 481', async () => {
    const { layer, requests, sentResponses } = setup();
    layer.onMessage(Buffer.from(request('INVITE')), udpFlow);
    const invite = requests[0]!.transaction!;
    const cancelled = vi.fn();
    invite.events = { onCancel: cancelled };
    layer.onMessage(Buffer.from(request('CANCEL')), udpFlow);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentResponses(200)).toHaveLength(1);
    expect(cancelled).toHaveBeenCalledOnce();
    invite.respond(487, undefined, { toTag: 'c' });
    await vi.advanceTimersByTimeAsync(0);
    expect(sentResponses(487)).toHaveLength(1);
    layer.onMessage(Buffer.from(request('CANCEL', { branch: 'z9hG4bKnothing' })), udpFlow);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentResponses(481)).toHaveLength(1);
  });
});

describe('what arrives from the transports', () => {
  it('adds received and rport to the top Via of requests (RFC 3261 18.2.1, RFC 3581)', () => {
    const { layer, requests } = setup();
    layer.onMessage(
      Buffer.from(request('OPTIONS', { via: 'SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKws1;rport' })),
      { ...tcpFlow, protocol: 'wss' },
    );
    const via = requests[0]!.request.topVia;
    expect(via.host).toBe('df7jal23ls0d.invalid');
    expect(via.params.get('received')).toBe('127.0.0.1');
    expect(via.params.get('rport')).toBe('5070');
  });

  it('answers a malformed request with 400 when its Via can be read, drops garbage, and keeps working', async () => {
    const { layer, requests, sent } = setup();
    layer.onMessage(Buffer.from(request('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: x OPTIONS')), udpFlow);
    layer.onMessage(Buffer.from('\u0000\u0001 total garbage'), udpFlow);
    layer.onMessage(
      Buffer.from(
        request('OPTIONS').replace(
          'OPTIONS sip:alice@127.0.0.1 SIP/2.0',
          'OPTIONS sip:alice@127.0.0.1 SIP/3.0',
        ),
      ),
      udpFlow,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((entry) => entry.text.split('\r\n')[0])).toEqual([
      'SIP/2.0 400 Bad Request (malformed CSeq)',
      expect.stringMatching(/^SIP\/2.0 505 /),
    ]);
    expect(sent[0]!.text).toContain('Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKclient1');
    expect(sent[0]!.text).toContain('Call-ID: call-1@test');
    expect((sent[1]!.message as SipResponse).cseq).toEqual({ seq: 1, method: 'OPTIONS' });
    expect(layer.stats.parseErrors).toBe(3);
    layer.onMessage(Buffer.from(request('OPTIONS', { branch: 'z9hG4bKgood' })), udpFlow);
    expect(requests).toHaveLength(1);
  });

  it('hands a response that no transaction claims to the TU as stray', () => {
    const { layer, stray } = setup();
    layer.onMessage(
      Buffer.from(
        'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKunknown\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
      ),
      udpFlow,
    );
    expect(stray.map((response) => response.status)).toEqual([200]);
  });
});
