/** How many calls Tandem's rtpengine holds, asked over its ng port with Tandem's own ng client (`list`). */
import { pino } from 'pino';
import { NgChannel } from '../../server/sfu/ng/ng-channel.js';
import { NgClient } from '../../server/sfu/ng/ng-client.js';
import { LOOPBACK } from '../support/loopback-ports.js';

export async function rtpengineSessions(ngPort: number): Promise<number> {
  const channel = await NgChannel.open({
    host: LOOPBACK,
    port: ngPort,
    timeoutMs: 2_000,
    retries: 2,
    logger: pino({ level: 'silent' }),
  });
  try {
    // A reply is one datagram: up to about 1,600 call-ids of Tandem's; more would not come back at all.
    return (await new NgClient(channel).list(100_000)).length;
  } finally {
    channel.close();
  }
}
