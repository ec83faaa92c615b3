/**
 * When each INVITE reached the server: the benchmark's trunk caller runs in this process and sends over
 * UDP on 127.0.0.1, so the moment `socket.send` hands the datagram to the kernel (its callback) is the
 * moment it is in the server's receive queue, to within the loopback's few microseconds. Retransmissions
 * (same Call-ID) are not counted again. Installed for the benchmark only, on `dgram.Socket.prototype.send`.
 */
import dgram from 'node:dgram';

export interface InviteClock {
  /** Wall-clock ms of each first INVITE to the server, in the order sent. */
  readonly times: number[];
  uninstall(): void;
}

export function watchInvitesTo(serverPort: number): InviteClock {
  const times: number[] = [];
  const seen = new Set<string>();
  const original = dgram.Socket.prototype.send;
  const patched = function (this: dgram.Socket, ...args: unknown[]) {
    const [message, port] = args;
    const callback = args.findLast((arg) => typeof arg === 'function') as
      ((error: Error | null, bytes: number) => void) | undefined;
    if (Buffer.isBuffer(message) && port === serverPort && message.subarray(0, 7).toString() === 'INVITE ') {
      const callId = /^(?:Call-ID|i)\s*:\s*(\S+)/im.exec(message.toString('latin1'))?.[1] ?? '';
      const first = !seen.has(callId);
      seen.add(callId);
      const sent = (error: Error | null, bytes: number) => {
        if (!error && first) times.push(performance.timeOrigin + performance.now());
        callback?.(error, bytes);
      };
      const rest = callback ? args.slice(0, args.lastIndexOf(callback)) : args;
      return (original as (...values: unknown[]) => void).apply(this, [...rest, sent]);
    }
    return (original as (...values: unknown[]) => void).apply(this, args);
  };
  dgram.Socket.prototype.send = patched as typeof original;
  return {
    times,
    uninstall: () => {
      dgram.Socket.prototype.send = original;
    },
  };
}
