/**
 * The ng channel against a scripted UDP peer on 127.0.0.1 that can drop, delay, reorder and
 * garble replies: what a channel must survive from a busy or broken rtpengine.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { decodeBencode, encodeBencode, isBencodeDict, type BencodeDict } from './bencode.js';
import { NgChannel, type NgChannelOptions, type NgOutcome } from './ng-channel.js';
import { NgChannelClosedError, NgCommandError, NgProtocolError, NgTimeoutError } from './ng-errors.js';

interface Received {
  cookie: string;
  message: BencodeDict;
  reply(body: BencodeDict | Buffer, cookie?: string): void;
  /** Sends a datagram as is (no cookie added). */
  raw(data: Buffer): void;
}

class FakeNgServer {
  readonly received: Received[] = [];
  handler: (request: Received) => void = (request) => request.reply({ result: 'pong' });

  private constructor(readonly socket: Socket) {
    socket.on('message', (data, from) => {
      const space = data.indexOf(0x20);
      const decoded = decodeBencode(data.subarray(space + 1));
      if (!decoded.ok || !isBencodeDict(decoded.value)) throw new Error('the channel sent bad bencode');
      const send = (payload: Buffer) => socket.send(payload, from.port, from.address);
      const request: Received = {
        cookie: data.toString('latin1', 0, space),
        message: decoded.value,
        reply: (body, cookie = request.cookie) => {
          const encoded = Buffer.isBuffer(body) ? { ok: true as const, value: body } : encodeBencode(body);
          if (!encoded.ok) throw encoded.error;
          send(Buffer.concat([Buffer.from(`${cookie} `), encoded.value]));
        },
        raw: send,
      };
      this.received.push(request);
      this.handler(request);
    });
  }

  static async start(): Promise<FakeNgServer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new FakeNgServer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): void {
    this.socket.close();
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(options: Partial<NgChannelOptions> = {}) {
  const server = await FakeNgServer.start();
  const outcomes: NgOutcome[] = [];
  const channel = await NgChannel.open({
    host: '127.0.0.1',
    port: server.port,
    timeoutMs: 40,
    retries: 2,
    logger: createRootLogger({ level: 'silent' }),
    observer: { requestFinished: (_command, outcome) => outcomes.push(outcome) },
    ...options,
  });
  cleanups.push(() => {
    channel.close();
    server.close();
  });
  return { server, channel, outcomes };
}

describe('ng channel', () => {
  it('sends "<cookie> <bencode>" and resolves with the reply carrying the same cookie', async () => {
    const { server, channel, outcomes } = await setup();
    server.handler = (request) => request.reply({ result: 'ok', echo: request.message['call-id'] ?? '' });
    const reply = await channel.request('query', { 'call-id': 'abc' });
    expect(reply).toEqual({ result: 'ok', echo: 'abc' });
    expect(server.received[0]!.message).toEqual({ command: 'query', 'call-id': 'abc' });
    expect(outcomes).toEqual(['ok']);
  });

  it('numbers cookies, unique per channel, and correlates replies that arrive out of order', async () => {
    const { server, channel } = await setup();
    const held: Received[] = [];
    server.handler = (request) => {
      held.push(request);
      if (held.length === 3) for (const item of held.reverse()) item.reply({ result: 'ok', id: item.cookie });
    };
    const replies = await Promise.all([channel.request('a'), channel.request('b'), channel.request('c')]);
    const cookies = server.received.map((request) => request.cookie);
    expect(replies.map((reply) => reply.id)).toEqual(cookies);
    const [prefix] = cookies[0]!.split('_');
    expect(cookies).toEqual([`${prefix}_1`, `${prefix}_2`, `${prefix}_3`]);

    const other = await setup();
    await other.channel.request('ping');
    expect(other.server.received[0]!.cookie.split('_')[0]).not.toBe(prefix);
  });

  it('retransmits with the same cookie until answered', async () => {
    const { server, channel } = await setup({ timeoutMs: 30, retries: 3 });
    server.handler = (request) => {
      if (server.received.length === 3) request.reply({ result: 'pong' });
    };
    await expect(channel.request('ping')).resolves.toEqual({ result: 'pong' });
    expect(new Set(server.received.map((request) => request.cookie)).size).toBe(1);
    expect(server.received).toHaveLength(3);
    expect(channel.stats.retransmissions).toBe(2);
  });

  it('gives up with NgTimeoutError after 1 + retries attempts, and ignores the late reply', async () => {
    const { server, channel, outcomes } = await setup({ timeoutMs: 25, retries: 2 });
    server.handler = () => {};
    const error = await channel.request('offer', { 'call-id': 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NgTimeoutError);
    expect((error as NgTimeoutError).attempts).toBe(3);
    expect(server.received).toHaveLength(3);
    expect(outcomes).toEqual(['timeout']);

    server.received[0]!.reply({ result: 'ok' });
    server.handler = (request) => request.reply({ result: 'pong' });
    await channel.request('ping');
    expect(channel.stats.unknownCookies).toBe(1);
    expect(channel.pendingCount).toBe(0);
  });

  it('honours per-request timeout and retries', async () => {
    const { server, channel } = await setup({ timeoutMs: 5_000, retries: 5 });
    server.handler = () => {};
    await expect(channel.request('ping', {}, { timeoutMs: 20, retries: 0 })).rejects.toBeInstanceOf(
      NgTimeoutError,
    );
    expect(server.received).toHaveLength(1);
  });

  it('maps "result": "error" and other refusals to NgCommandError with rtpengine\'s reason', async () => {
    const { server, channel, outcomes } = await setup();
    server.handler = (request) =>
      request.message.command === 'offer'
        ? request.reply({ result: 'error', 'error-reason': 'Failed to parse SDP' })
        : request.reply({ result: 'load limit' });
    const refused = await channel.request('offer').catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(NgCommandError);
    expect(refused).toMatchObject({ command: 'offer', result: 'error', reason: 'Failed to parse SDP' });
    await expect(channel.request('answer')).rejects.toMatchObject({
      result: 'load limit',
      reason: 'load limit',
    });
    expect(outcomes).toEqual(['refused', 'refused']);
  });

  it('survives garbage and strays, then still answers', async () => {
    const { server, channel } = await setup({ timeoutMs: 200 });
    server.handler = (request) => {
      request.raw(Buffer.from('no-space-at-all'));
      request.raw(Buffer.from(' leading space'));
      request.raw(Buffer.from(`${'x'.repeat(200)} d6:result2:oke`));
      request.raw(Buffer.from([0xff, 0x00, 0x20, 0x13]));
      request.reply({ result: 'ok' }, 'not-our-cookie');
      request.reply({ result: 'pong' });
    };
    await expect(channel.request('ping')).resolves.toEqual({ result: 'pong' });
    expect(channel.stats.garbage).toBeGreaterThanOrEqual(3);
    expect(channel.stats.unknownCookies).toBeGreaterThanOrEqual(2);
  });

  it('refuses a reply to our cookie that is not an ng message', async () => {
    const { server, channel, outcomes } = await setup();
    server.handler = (request) =>
      request.message.command === 'a'
        ? request.reply(Buffer.from('d6:resulti1'))
        : request.reply({ sdp: 'no result key' });
    await expect(channel.request('a')).rejects.toBeInstanceOf(NgProtocolError);
    await expect(channel.request('b')).rejects.toThrow(/no "result"/);
    expect(outcomes).toEqual(['protocol-error', 'protocol-error']);
  });

  it('ignores a reply with the right cookie from another address', async () => {
    const { server, channel } = await setup({ timeoutMs: 100, retries: 0 });
    const impostor = createSocket('udp4');
    await new Promise<void>((resolve) => impostor.bind(0, '127.0.0.1', resolve));
    cleanups.push(() => impostor.close());
    server.handler = (request) => {
      const local = channel.localPort;
      impostor.send(Buffer.from(`${request.cookie} d6:result4:ponge`), local, '127.0.0.1');
    };
    await expect(channel.request('ping')).rejects.toBeInstanceOf(NgTimeoutError);
    expect(channel.stats.garbage).toBe(1);
  });

  it('rejects every pending request when closed, and every later one', async () => {
    const { server, channel, outcomes } = await setup({ timeoutMs: 5_000 });
    server.handler = () => {};
    const pending = [channel.request('offer'), channel.request('answer'), channel.request('delete')];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(channel.pendingCount).toBe(3);
    channel.close('rtpengine exited');
    channel.close('twice is fine');
    const results = await Promise.allSettled(pending);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(NgChannelClosedError);
        expect((result.reason as Error).message).toContain('rtpengine exited');
      }
    }
    await expect(channel.request('ping')).rejects.toBeInstanceOf(NgChannelClosedError);
    expect(channel.pendingCount).toBe(0);
    expect(outcomes).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  it('refuses a request it cannot encode without sending anything', async () => {
    const { server, channel } = await setup();
    await expect(channel.request('offer', { 'call-id': 1.5 })).rejects.toBeInstanceOf(NgProtocolError);
    expect(server.received).toHaveLength(0);
  });
});
