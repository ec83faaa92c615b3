/**
 * The agents' phones' media, in a process of its own: one UDP socket of 127.0.0.1, named in every agent's
 * SDP, that sends each RTP packet back to where it came from (rtpengine's port of that agent's side) and
 * counts them. It replaces SIPp's -rtp_echo, whose socket keeps the system's default receive buffer (about
 * 200 packets, 8 ms of traffic at 500 calls) and dropped packets whenever SIPp's thread was not scheduled
 * in time on a busy machine: a loss of the test peer, not of the media plane. This one asks for 8 MB.
 *
 * Prints `port <n>` once bound; on SIGTERM prints `echoed <n>` and exits.
 */
import { createSocket } from 'node:dgram';

const socket = createSocket({ type: 'udp4', recvBufferSize: 8 << 20, sendBufferSize: 8 << 20 });
let echoed = 0;
let sendErrors = 0;
socket.on('message', (data, remote) => {
  socket.send(data, remote.port, remote.address, (error) => {
    if (error) sendErrors++;
  });
  echoed++;
});
socket.bind({ address: '127.0.0.1', port: 0 }, () => {
  process.stdout.write(`port ${socket.address().port}\n`);
});
process.once('SIGTERM', () => {
  process.stdout.write(`echoed ${echoed} send-errors ${sendErrors}\n`);
  socket.close(() => process.exit(0));
});
