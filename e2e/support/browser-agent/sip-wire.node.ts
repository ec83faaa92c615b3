/**
 * A SIP-over-WebSocket wire between exactly two user agents, for testing the browser agent before (and
 * apart from) Tandem's calls layer: every message one side sends reaches the other unchanged, and is
 * recorded. No registrar, no proxy logic: SIP.js addresses its requests to the other side's Contact, and a
 * wire that adds no Via returns each response to the one peer that can have sent its request.
 *
 *   const wire = await startSipWire();
 *   const alice = await openBrowserAgent(context, { server: wire.url, username: 'alice', register: false });
 *   const bob = await openBrowserAgent(context, { server: wire.url, username: 'bob', register: false });
 *   await alice.call('sip:bob@tandem.local');
 *   await wire.close();
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface WireMessage {
  /** Which peer sent it: 0 connected first. */
  readonly from: 0 | 1;
  readonly text: string;
}

export interface SipWire {
  /** `ws://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every SIP message that crossed, in order. */
  readonly messages: readonly WireMessage[];
  /** The messages whose start line matches, e.g. `/^INFO /` or `/^SIP\/2\.0 200 /`. */
  messagesLike(startLine: RegExp): string[];
  close(): Promise<void>;
}

/** RFC 7118 section 7 / RFC 5626 4.4.1: a double CRLF is a keep-alive ping, answered with one CRLF. */
const keepAlivePing = '\r\n\r\n';

export async function startSipWire(): Promise<SipWire> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // RFC 7118 section 4: the WebSocket subprotocol of SIP is "sip".
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const peers: WebSocket[] = [];
  const messages: WireMessage[] = [];

  server.on('connection', (socket) => {
    if (peers.length >= 2) {
      socket.close(1008, 'this wire joins two peers');
      return;
    }
    const from = peers.length as 0 | 1;
    peers.push(socket);
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text === keepAlivePing) {
        socket.send('\r\n');
        return;
      }
      messages.push({ from, text });
      const other = peers[from === 0 ? 1 : 0];
      if (other && other.readyState === other.OPEN) other.send(text);
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    messages,
    messagesLike: (startLine) =>
      messages.map((message) => message.text).filter((text) => startLine.test(text)),
    close: () =>
      new Promise((resolve, reject) => {
        for (const peer of peers) peer.terminate();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
