/**
 * The desk's SIP connection drops in the middle of a call (a network blip: its WebSocket closes, the page
 * lives on). The desk reconnects and registers again by itself; the server carries the call's dialog over
 * to the new connection (the same Contact registered again), so the call outlives the server's 10 s grace
 * period, audio still flows both ways, and the caller's hang-up reaches the desk.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { startTrunkCaller } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const journey = deskJourney(test);

/** Call before the desk opens: keeps every WebSocket the page creates, so that a test can drop one. */
async function recordWebSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.WebSocket;
    const created: WebSocket[] = [];
    (window as unknown as { __deskSockets: WebSocket[] }).__deskSockets = created;
    class Recorded extends Original {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        created.push(this);
      }
    }
    window.WebSocket = Recorded;
  });
}

/** Closes the desk's open SIP WebSocket as a failing network would (not a clean 1000 close); how many it closed. */
function dropSipConnection(page: Page): Promise<number> {
  return page.evaluate(() => {
    const open = (window as unknown as { __deskSockets: WebSocket[] }).__deskSockets.filter(
      (socket) => socket.readyState === WebSocket.OPEN && socket.protocol === 'sip',
    );
    for (const socket of open) socket.close(4000, 'network lost (test)');
    return open.length;
  });
}

test('the connection drops mid-call and comes back: the call goes on past the grace period, then ends normally', async ({
  page,
  tandem,
}) => {
  test.setTimeout(90_000);
  await recordWebSockets(page);
  await journey.signedInDesk(page, tandem, 'alice');
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const caller = await answeredOnDesk(page, trunk);
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });

  expect(await dropSipConnection(page)).toBe(1);
  const status = page.getByTestId('connection-status');
  await expect(status).not.toHaveText('Connected, phone registered');
  await expect(status).toHaveText('Connected, phone registered', { timeout: 20_000 });
  await expect(page.getByTestId('active-call')).toBeVisible();

  // Past the grace period the call is still up: the dialog went over to the new connection.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  await expect(page.getByTestId('active-call')).toBeVisible();
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  await expect
    .poll(async () => (await caller.hears(AGENT_TONE_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);

  // The caller hangs up: the BYE reaches the desk over its new connection.
  expect(await caller.hangup()).toBe(200);
  await expect(page.getByTestId('ended-call')).toBeVisible({ timeout: 10_000 });
});
