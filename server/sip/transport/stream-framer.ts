/**
 * Cuts a byte stream (TCP or TLS) into SIP messages.
 *
 * RFC 3261 section 18.3: "In the case of stream-oriented transports such as TCP, the
 * Content-Length header field indicates the size of the body. All stream-oriented transports MUST
 * use Content-Length." And RFC 5626 section 4.4.1: a client's keep-alive ping is CRLF CRLF, and the
 * server answers with a single CRLF (the pong).
 */

export type FrameEvent =
  { kind: 'message'; data: Buffer } | { kind: 'ping' } | { kind: 'error'; reason: string };

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im;

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxMessageBytes: number) {}

  /** Feeds bytes; returns the events they complete. After an error the stream is unusable. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: FrameEvent[] = [];
    for (;;) {
      // Leading CRLFs between messages: CRLFCRLF is a keep-alive ping, a lone CRLF is ignored.
      let skipped = 0;
      while (this.buffer[skipped] === 0x0d && this.buffer[skipped + 1] === 0x0a) skipped += 2;
      if (skipped > 0) {
        if (skipped >= 4) events.push({ kind: 'ping' });
        this.buffer = this.buffer.subarray(skipped);
        if (this.buffer.length === 0) break;
      }
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (this.buffer.length > this.maxMessageBytes)
          return this.fail(events, 'headers exceed the maximum message size');
        break;
      }
      const head = this.buffer.subarray(0, headerEnd).toString('latin1');
      const match = CONTENT_LENGTH.exec(head);
      if (!match) return this.fail(events, 'message on a stream without Content-Length');
      const bodyLength = Number(match[1]);
      const total = headerEnd + HEADER_END.length + bodyLength;
      if (total > this.maxMessageBytes)
        return this.fail(events, `message of ${total} bytes exceeds the maximum size`);
      if (this.buffer.length < total) break;
      events.push({ kind: 'message', data: Buffer.from(this.buffer.subarray(0, total)) });
      this.buffer = this.buffer.subarray(total);
      if (this.buffer.length === 0) break;
    }
    if (this.buffer.length === 0) this.buffer = Buffer.alloc(0);
    return events;
  }

  /** Bytes held while waiting for the rest of a message. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  private fail(events: FrameEvent[], reason: string): FrameEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    events.push({ kind: 'error', reason });
    return events;
  }
}
