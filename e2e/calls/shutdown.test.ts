/**
 * Stopping the built server while a client follows its events: the WebSocket is closed with 1001
 * ("going away") and the server exits instead of waiting for the client to hang up (it used to hang
 * until the test harness killed it).
 */
import { expect, it } from 'vitest';
import { openEventStream } from '../support/call-peers.js';
import { startTandem } from '../support/tandem-server.js';

it('stops with an event stream connected, telling the client it is going away', async () => {
  const tandem = await startTandem({});
  const events = await openEventStream(tandem, 'alice', 'demo');
  await expect.poll(() => events.messages[0]?.type).toBe('ready');
  // stop() throws when the server has to be killed after its stop timeout.
  await tandem.stop();
  expect(await events.closed).toBe(1001);
}, 30_000);
