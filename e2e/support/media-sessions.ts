/**
 * What a server's rtpengine still holds, asked over its ng port the way an operator would (`list`): every
 * test that creates calls ends with `await expectNoMediaSessions(tandem.media.ngPort)`, so that a call whose
 * media session leaked fails the test that leaked it (TESTING.md: "no media sessions are left behind").
 *
 *   await expectNoMediaSessions(tandem.media.ngPort);           // polls up to 3 s, then throws with the ids
 *   const ids = await listMediaSessions(tandem.media.ngPort);   // one look
 */
import { createRootLogger } from '../../server/shared/logger.js';
import { NgChannel } from '../../server/sfu/ng/ng-channel.js';
import { NgClient } from '../../server/sfu/ng/ng-client.js';

/** Runs `use` with an ng client for the rtpengine at 127.0.0.1:`ngPort`, and closes its socket after. */
export async function withNgClient<T>(ngPort: number, use: (ng: NgClient) => Promise<T>): Promise<T> {
  const channel = await NgChannel.open({
    host: '127.0.0.1',
    port: ngPort,
    timeoutMs: 1_000,
    retries: 1,
    logger: createRootLogger({ level: 'silent' }),
  });
  try {
    return await use(new NgClient(channel));
  } finally {
    channel.close('test done');
  }
}

/** The call-ids rtpengine at 127.0.0.1:`ngPort` holds now. */
export function listMediaSessions(ngPort: number): Promise<string[]> {
  return withNgClient(ngPort, (ng) => ng.list());
}

/**
 * Waits until rtpengine at 127.0.0.1:`ngPort` holds no call (a call's session is deleted just after its
 * BYE, so it is polled for a moment), and throws with the ids of the calls left when it still holds some.
 */
export async function expectNoMediaSessions(
  ngPort: number,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const deadline = Date.now() + timeoutMs;
  await withNgClient(ngPort, async (ng) => {
    for (;;) {
      const left = await ng.list();
      if (left.length === 0) return;
      if (Date.now() >= deadline) {
        throw new Error(
          `rtpengine (ng port ${ngPort}) still holds ${left.length} media session(s) ${timeoutMs} ms ` +
            `after the calls ended: ${left.join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}
