/** Waits until a SIP server answers over UDP on 127.0.0.1 (any response to an OPTIONS will do). */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { LOOPBACK } from './loopback-ports.js';

export async function waitForSipAnswer(port: number, exited: Promise<unknown>, timeoutMs = 15_000) {
  const socket = createSocket('udp4');
  let answered = false;
  let gone = false;
  socket.on('message', () => (answered = true));
  void exited.then(() => (gone = true));
  await new Promise<void>((resolve) => socket.bind({ address: LOOPBACK, port: 0 }, () => resolve()));
  const local = `${LOOPBACK}:${socket.address().port}`;
  const deadline = Date.now() + timeoutMs;
  try {
    while (!answered && !gone && Date.now() < deadline) {
      const options = [
        `OPTIONS sip:${LOOPBACK}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${local};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
        'Max-Forwards: 70',
        `From: <sip:bench@${LOOPBACK}>;tag=${randomBytes(4).toString('hex')}`,
        `To: <sip:${LOOPBACK}:${port}>`,
        `Call-ID: ping-${randomBytes(6).toString('hex')}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
      ];
      socket.send(`${options.join('\r\n')}\r\n\r\n`, port, LOOPBACK);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    socket.close();
  }
  if (!answered) {
    throw new Error(
      gone ? `the SIP server on port ${port} exited` : `no SIP answer on UDP port ${port} in ${timeoutMs} ms`,
    );
  }
}
