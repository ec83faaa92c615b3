/**
 * The request channel to one rtpengine over its ng control protocol: each datagram is
 * `<cookie> <bencoded dictionary>`, and the reply carries the same cookie. Like mediasoup's
 * Channel to its worker, requests are numbered, answered by correlation, and all rejected when the
 * channel closes.
 *
 * Cookies are `<random prefix>_<sequence>`: rtpengine caches its reply per cookie so that a
 * retransmission is answered without running the command twice, which also means a cookie must
 * never be reused by a later Tandem process or channel. Retransmissions reuse the cookie for that
 * reason.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import type { Logger } from '../../shared/logger.js';
import { decodeBencode, encodeBencode, isBencodeDict, type BencodeDict } from './bencode.js';
import { NgChannelClosedError, NgCommandError, NgProtocolError, NgTimeoutError } from './ng-errors.js';

export interface NgChannelOptions {
  /** rtpengine's `--listen-ng` address. */
  host: string;
  port: number;
  /** How long to wait for each attempt before retransmitting. */
  timeoutMs: number;
  /** Retransmissions after the first attempt. */
  retries: number;
  logger: Logger;
  observer?: NgChannelObserver;
}

export type NgOutcome = 'ok' | 'refused' | 'timeout' | 'closed' | 'protocol-error';

/** Told about every finished request (for metrics); kept free of any metrics library. */
export interface NgChannelObserver {
  requestFinished(command: string, outcome: NgOutcome, seconds: number): void;
  retransmitted?(command: string): void;
}

export interface NgRequestOverrides {
  timeoutMs?: number;
  retries?: number;
}

/** A successful reply: `result` is `ok` or `pong`, everything else as rtpengine sent it. */
export interface NgReply extends BencodeDict {
  readonly result: string;
}

export interface NgChannelStats {
  requests: number;
  retransmissions: number;
  timeouts: number;
  /** Datagrams with a cookie we are not waiting for (late replies after a timeout, strays). */
  unknownCookies: number;
  /** Datagrams without a cookie, from another address, or not bencode. */
  garbage: number;
}

interface Pending {
  readonly command: string;
  readonly datagram: Buffer;
  readonly started: number;
  readonly resolve: (reply: NgReply) => void;
  readonly reject: (error: Error) => void;
  attempts: number;
  timer: NodeJS.Timeout | null;
}

const SPACE = 0x20;
const MAX_COOKIE_BYTES = 64;
const SUCCESS_RESULTS = new Set(['ok', 'pong']);

export class NgChannel {
  readonly stats: NgChannelStats = {
    requests: 0,
    retransmissions: 0,
    timeouts: 0,
    unknownCookies: 0,
    garbage: 0,
  };
  private readonly pending = new Map<string, Pending>();
  private readonly cookiePrefix = randomBytes(6).toString('hex');
  private sequence = 0;
  private closedReason: string | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly address: string,
    private readonly options: NgChannelOptions,
  ) {
    socket.on('message', (data, from) => this.receive(data, from.address, from.port));
    socket.on('error', (error) => options.logger.warn({ err: error }, 'ng socket error'));
  }

  /**
   * A channel with its own UDP socket on an ephemeral port: bound to the loopback when rtpengine
   * is local (nothing else on the network can reach it), to every interface otherwise.
   */
  static async open(options: NgChannelOptions): Promise<NgChannel> {
    const { address, family } = await lookup(options.host);
    const loopback = address === '::1' || address.startsWith('127.');
    const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, loopback ? address : family === 6 ? '::' : '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new NgChannel(socket, address, options);
  }

  get isClosed(): boolean {
    return this.closedReason !== null;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** The ephemeral port replies come back to (0 once closed). */
  get localPort(): number {
    return this.closedReason === null ? this.socket.address().port : 0;
  }

  get target(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /**
   * Sends `command` with `params` and resolves with the reply. Rejects with NgCommandError when
   * rtpengine refuses, NgTimeoutError when it never answers, NgChannelClosedError when the channel
   * closes first, NgProtocolError when the reply is not an ng message.
   */
  request(command: string, params: BencodeDict = {}, overrides: NgRequestOverrides = {}): Promise<NgReply> {
    const started = performance.now();
    if (this.closedReason !== null) {
      this.finished(command, 'closed', started);
      return Promise.reject(new NgChannelClosedError(command, this.closedReason));
    }
    const encoded = encodeBencode({ ...params, command });
    if (!encoded.ok) {
      this.finished(command, 'protocol-error', started);
      return Promise.reject(
        new NgProtocolError(command, `cannot encode the request: ${encoded.error.message}`),
      );
    }
    const cookie = `${this.cookiePrefix}_${++this.sequence}`;
    const datagram = Buffer.concat([Buffer.from(`${cookie} `, 'latin1'), encoded.value]);
    const timeoutMs = overrides.timeoutMs ?? this.options.timeoutMs;
    const maxAttempts = 1 + (overrides.retries ?? this.options.retries);
    this.stats.requests += 1;
    return new Promise<NgReply>((resolve, reject) => {
      const entry: Pending = { command, datagram, started, resolve, reject, attempts: 0, timer: null };
      this.pending.set(cookie, entry);
      const attempt = (): void => {
        if (entry.attempts >= maxAttempts) {
          this.pending.delete(cookie);
          this.stats.timeouts += 1;
          this.finished(command, 'timeout', started);
          reject(new NgTimeoutError(command, entry.attempts, Math.round(performance.now() - started)));
          return;
        }
        if (entry.attempts > 0) {
          this.stats.retransmissions += 1;
          this.options.observer?.retransmitted?.(command);
          this.options.logger.debug({ command, cookie, attempt: entry.attempts + 1 }, 'ng retransmission');
        }
        entry.attempts += 1;
        this.send(entry.datagram);
        entry.timer = setTimeout(attempt, timeoutMs);
      };
      attempt();
    });
  }

  /** Rejects every pending request and closes the socket. Idempotent. */
  close(reason = 'channel closed'): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) {
      if (entry.timer) clearTimeout(entry.timer);
      this.finished(entry.command, 'closed', entry.started);
      entry.reject(new NgChannelClosedError(entry.command, reason));
    }
    try {
      this.socket.close();
    } catch (error) {
      this.options.logger.debug({ err: error }, 'ng socket was already closed');
    }
  }

  private send(datagram: Buffer): void {
    this.socket.send(datagram, this.options.port, this.address, (error) => {
      // A failed send is retried by the attempt timer like a lost datagram.
      if (error) this.options.logger.debug({ err: error }, 'ng send failed');
    });
  }

  private receive(data: Buffer, address: string, port: number): void {
    if (port !== this.options.port || (address !== this.address && address !== `::ffff:${this.address}`)) {
      this.stats.garbage += 1;
      this.options.logger.debug(
        { from: `${address}:${port}` },
        'ng datagram from an unexpected source ignored',
      );
      return;
    }
    const space = data.indexOf(SPACE);
    if (space <= 0 || space > MAX_COOKIE_BYTES) {
      this.stats.garbage += 1;
      this.options.logger.debug({ bytes: data.length }, 'ng datagram without a cookie ignored');
      return;
    }
    const cookie = data.toString('latin1', 0, space);
    const entry = this.pending.get(cookie);
    if (!entry) {
      this.stats.unknownCookies += 1;
      this.options.logger.debug({ cookie }, 'ng reply for no pending request ignored');
      return;
    }
    this.pending.delete(cookie);
    if (entry.timer) clearTimeout(entry.timer);
    this.settle(entry, data.subarray(space + 1));
  }

  private settle(entry: Pending, body: Buffer): void {
    const { command } = entry;
    const decoded = decodeBencode(body, { requireSortedKeys: false });
    if (!decoded.ok || !isBencodeDict(decoded.value) || typeof decoded.value.result !== 'string') {
      this.stats.garbage += 1;
      this.finished(command, 'protocol-error', entry.started);
      const why = decoded.ok ? 'the reply has no "result"' : decoded.error.message;
      entry.reject(new NgProtocolError(command, `unusable reply: ${why}`));
      return;
    }
    const reply = decoded.value as NgReply;
    if (!SUCCESS_RESULTS.has(reply.result)) {
      const reason = typeof reply['error-reason'] === 'string' ? reply['error-reason'] : reply.result;
      this.finished(command, 'refused', entry.started);
      entry.reject(new NgCommandError(command, reply.result, reason));
      return;
    }
    if (typeof reply.warning === 'string') {
      this.options.logger.debug({ command, warning: reply.warning }, 'rtpengine warning');
    }
    this.finished(command, 'ok', entry.started);
    entry.resolve(reply);
  }

  private finished(command: string, outcome: NgOutcome, started: number): void {
    this.options.observer?.requestFinished(command, outcome, (performance.now() - started) / 1000);
  }
}
