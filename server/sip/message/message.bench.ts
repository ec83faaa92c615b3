/**
 * How long parsing and serialising a typical REGISTER takes on this machine.
 * Run: npx tsx server/sip/message/message.bench.ts
 */
import { SipRequest } from './message.js';
import { parseSipMessage } from './parser.js';
import { createResponse } from './response-builder.js';

const register = Buffer.from(
  [
    'REGISTER sip:tandem.example.com SIP/2.0',
    'Via: SIP/2.0/WSS 9s1tf6lk0ig4.invalid;branch=z9hG4bK6563281',
    'Max-Forwards: 70',
    'To: <sip:agent.1001@tandem.example.com>',
    'From: "Agent 1001" <sip:agent.1001@tandem.example.com>;tag=qgd7s5elb3',
    'Call-ID: 8h1o2ugurd6lbe3ff3m8o5',
    'CSeq: 2 REGISTER',
    'Authorization: Digest algorithm=MD5, username="agent.1001", realm="tandem.example.com", nonce="a1b2c3d4e5", uri="sip:tandem.example.com", response="0123456789abcdef0123456789abcdef"',
    'Contact: <sip:lt5c0qb2@9s1tf6lk0ig4.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:2c4e2f0a-6d5b-4a57-9a7b-1d1a9e5c3f10>";expires=600',
    'Expires: 600',
    'Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER',
    'Supported: path,gruu,outbound',
    'User-Agent: SIP.js/0.21.2',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n'),
);

function measure(label: string, iterations: number, run: () => void): void {
  for (let i = 0; i < iterations / 10; i++) run(); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  const elapsedNs = Number(process.hrtime.bigint() - started);
  const micros = elapsedNs / iterations / 1000;
  console.log(`${label.padEnd(58)} ${micros.toFixed(2).padStart(6)} µs  (${Math.round(1e6 / micros)}/s)`);
}

const iterations = 200_000;
measure('parse REGISTER', iterations, () => {
  parseSipMessage(register);
});
measure('parse REGISTER + serialise', iterations, () => {
  parseSipMessage(register).toBuffer();
});
measure('parse + read contacts/expires + serialise', iterations, () => {
  const message = parseSipMessage(register);
  void message.contacts[0]?.params.get('+sip.instance');
  void message.expires;
  message.toBuffer();
});
measure('parse + 200 OK built with createResponse + serialise', iterations, () => {
  const request = parseSipMessage(register);
  if (!(request instanceof SipRequest)) throw new Error('expected a request');
  const response = createResponse(request, 200, undefined, { toTag: 'a1b2c3' });
  response.headers.append('Contact', request.headers.get('contact') ?? '');
  response.toBuffer();
});
