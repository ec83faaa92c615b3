/**
 * Every transport with real sockets on 127.0.0.1: what a trunk (UDP, TCP, TLS) or an agent's
 * SIP.js (WS, WSS) sees when it talks to Tandem.
 */
import { createSocket } from 'node:dgram';
import { readFileSync, mkdtempSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRootLogger } from '../../shared/logger.js';
import { ensureLocalCertificate } from '../../shared/tls/local-certificate.js';
import { TransportLayer } from './transport-layer.js';
import type { Flow, TransportLimits, TransportProtocol } from './transport-types.js';

const OPTIONS = (body = '') =>
  `OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

let tls: { cert: Buffer; key: Buffer };
beforeAll(async () => {
  const files = await ensureLocalCertificate(mkdtempSync(join(tmpdir(), 'tandem-sip-tls-')));
  tls = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
});

const layers: TransportLayer[] = [];
afterEach(async () => {
  await Promise.all(layers.splice(0).map((layer) => layer.stop()));
});

interface Received {
  data: string;
  flow: Flow;
}

async function startLayer(limits: Partial<TransportLimits> = {}) {
  const protocols: TransportProtocol[] = ['udp', 'tcp', 'tls', 'ws', 'wss'];
  const layer = new TransportLayer({
    listeners: protocols.map((protocol) => ({
      protocol,
      host: '127.0.0.1',
      port: 0,
      ...(protocol === 'tls' || protocol === 'wss' ? { tls } : {}),
    })),
    limits: {
      maxMessageBytes: 65536,
      maxConnections: 100,
      maxConnectionsPerSource: 100,
      idleTimeoutMs: 60_000,
      ...limits,
    },
    logger: createRootLogger({ level: 'silent' }),
  });
  const received: Received[] = [];
  const closed: Flow[] = [];
  const waiters: (() => void)[] = [];
  layer.setDelegate({
    onMessage: (data, flow) => {
      received.push({ data: data.toString(), flow });
      waiters.splice(0).forEach((wake) => wake());
    },
    onFlowClosed: (flow) => {
      closed.push(flow);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  await layer.start();
  layers.push(layer);
  const until = async (condition: () => boolean, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  const port = (protocol: TransportProtocol) => layer.localEndpoint(protocol)!.port;
  return { layer, received, closed, until, port };
}

function collect(socket: Socket | TLSSocket): () => string {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

describe('SIP transports', () => {
  it('receives a UDP datagram and answers from the same port (symmetric response)', async () => {
    const { layer, received, until, port } = await startLayer();
    const client = createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    const replies: string[] = [];
    const replyFrom: number[] = [];
    client.on('message', (data, info) => {
      replies.push(data.toString());
      replyFrom.push(info.port);
    });
    client.send(OPTIONS(), port('udp'), '127.0.0.1');
    await until(() => received.length === 1, 'the UDP message');
    expect(received[0]!.flow).toMatchObject({
      protocol: 'udp',
      reliable: false,
      remote: { host: '127.0.0.1' },
    });
    await layer.sendOnFlow(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), received[0]!.flow);
    await until(() => replies.length === 1, 'the reply');
    expect(replyFrom[0]).toBe(port('udp'));
    client.close();
  });

  it('frames TCP messages by Content-Length, answers keep-alive pings, and replies on the same connection', async () => {
    const { layer, received, until, port } = await startLayer();
    const socket = tcpConnect(port('tcp'), '127.0.0.1');
    const text = collect(socket);
    socket.write(OPTIONS('one') + OPTIONS('two').slice(0, 20));
    socket.write(OPTIONS('two').slice(20) + '\r\n\r\n');
    await until(() => received.length === 2, 'two TCP messages');
    expect(received.map((message) => message.data.endsWith('one') || message.data.endsWith('two'))).toEqual([
      true,
      true,
    ]);
    expect(received[0]!.flow.id).toBe(received[1]!.flow.id);
    await until(() => text() === '\r\n', 'the pong');
    await layer.sendOnFlow(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'), received[0]!.flow);
    await until(() => text().includes('200 OK'), 'the reply on the connection');
    socket.destroy();
  });

  it('speaks TLS 1.2+ with the configured certificate', async () => {
    const { received, until, port } = await startLayer();
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: port('tls'),
      ca: tls.cert,
      servername: 'localhost',
    });
    await new Promise<void>((resolve) => socket.once('secureConnect', resolve));
    expect(['TLSv1.2', 'TLSv1.3']).toContain(socket.getProtocol());
    socket.write(OPTIONS());
    await until(() => received.length === 1, 'the TLS message');
    expect(received[0]!.flow.protocol).toBe('tls');
    socket.destroy();
  });

  it('closes a stream connection that sends a message without Content-Length or one too large', async () => {
    const { closed, until, port } = await startLayer({ maxMessageBytes: 2048 });
    const first = tcpConnect(port('tcp'), '127.0.0.1');
    first.write('OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP x;branch=z9hG4bK2\r\n\r\n');
    await until(() => closed.length === 1, 'the connection to close');
    const second = tcpConnect(port('tcp'), '127.0.0.1');
    second.write(OPTIONS('x'.repeat(4096)));
    await until(() => closed.length === 2, 'the second connection to close');
  });

  for (const protocol of ['ws', 'wss'] as const) {
    it(`carries one SIP message per ${protocol.toUpperCase()} message with subprotocol sip, and answers CRLF pings`, async () => {
      const { layer, received, closed, until, port } = await startLayer();
      const socket = new WebSocket(`${protocol}://127.0.0.1:${port(protocol)}`, 'sip', { ca: tls.cert });
      const frames: string[] = [];
      socket.on('message', (data) => frames.push(data.toString()));
      await new Promise<void>((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      expect(socket.protocol).toBe('sip');
      socket.send(OPTIONS());
      socket.send('\r\n\r\n');
      await until(() => received.length === 1 && frames.length === 1, 'the message and the pong');
      expect(frames[0]).toBe('\r\n');
      const flow = received[0]!.flow;
      expect(flow).toMatchObject({ protocol, reliable: true });
      await layer.sendOnFlow(Buffer.from('MESSAGE sip:alice@x.invalid SIP/2.0\r\n\r\n'), flow);
      await until(() => frames.length === 2, 'a request from the server');
      expect(frames[1]).toContain('MESSAGE sip:alice@x.invalid');
      socket.close();
      await until(() => closed.some((gone) => gone.id === flow.id), 'the flow to close');
      expect(layer.isOpen(flow)).toBe(false);
      await expect(layer.sendOnFlow(Buffer.from('x'), flow)).rejects.toThrow(/closed/);
    });
  }

  it('refuses a WebSocket handshake without the sip subprotocol (RFC 7118)', async () => {
    const { port } = await startLayer();
    const socket = new WebSocket(`ws://127.0.0.1:${port('ws')}`, 'chat');
    const status = await new Promise<number>((resolve) =>
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(400);
  });

  it('refuses connections beyond the per-source limit and keeps serving the others', async () => {
    const { layer, received, until, port } = await startLayer({ maxConnectionsPerSource: 2 });
    const open = [tcpConnect(port('tcp'), '127.0.0.1'), tcpConnect(port('tcp'), '127.0.0.1')];
    await until(() => layer.connectionCount === 2, 'two connections');
    const refused = tcpConnect(port('tcp'), '127.0.0.1');
    await new Promise<void>((resolve) => refused.once('close', () => resolve()));
    expect(layer.connectionCount).toBe(2);
    open[0]!.write(OPTIONS());
    await until(() => received.length === 1, 'a message on an accepted connection');
    open.forEach((socket) => socket.destroy());
  });

  it('closes idle connections', async () => {
    const { layer, closed, until, port } = await startLayer({ idleTimeoutMs: 1_000 });
    tcpConnect(port('tcp'), '127.0.0.1');
    await until(() => layer.connectionCount === 1, 'the connection');
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    await until(() => closed.length === 1, 'the idle connection to close');
  });

  it('reports a port in use by name', async () => {
    const { port } = await startLayer();
    const clash = new TransportLayer({
      listeners: [{ protocol: 'tcp', host: '127.0.0.1', port: port('tcp') }],
      limits: { maxMessageBytes: 65536, maxConnections: 1, maxConnectionsPerSource: 1, idleTimeoutMs: 1000 },
      logger: createRootLogger({ level: 'silent' }),
    });
    await expect(clash.start()).rejects.toThrow(`SIP TCP 127.0.0.1:${port('tcp')} is already in use`);
  });

  it('reports a WebSocket port in use by name, without an uncaught error', async () => {
    const { port } = await startLayer();
    const clash = new TransportLayer({
      listeners: [{ protocol: 'ws', host: '127.0.0.1', port: port('ws') }],
      limits: { maxMessageBytes: 65536, maxConnections: 1, maxConnectionsPerSource: 1, idleTimeoutMs: 1000 },
      logger: createRootLogger({ level: 'silent' }),
    });
    // ws re-emits its HTTP server's errors: without a listener of ours they were thrown as uncaught.
    await expect(clash.start()).rejects.toThrow(`SIP WS 127.0.0.1:${port('ws')} is already in use`);
  });
});
