/**
 * The demo main number against the built server with SIPp on both sides: alice's desk phone (SIPp,
 * registered, answers and echoes), and a caller (SIPp) who dials +15550100, hears the IVR, presses 2 as
 * RFC 4733 (SIPp's DTMF pcap), waits in support and is moved by re-INVITE to alice when she answers. The
 * call record keeps the menu choice, the queue and the agent; rtpengine is left empty.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOnDeskPhone, registerDeskPhone } from '../support/call-peers.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { describeSipp, runSipp } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;

beforeAll(async () => {
  tandem = await startTandem({ env: { TANDEM_CALLS_RING_TIMEOUT_SECONDS: '10' } });
});

afterAll(async () => {
  await tandem?.stop();
});

function lastCall(): { queue: string | null; agent: string | null; steps: Record<string, unknown>[] } {
  const db = new Database(join(tandem.dataDir, 'tandem.db'), { readonly: true });
  try {
    const call = db
      .prepare(
        `SELECT c.id, q.name AS queue, a.username AS agent FROM calls c
         LEFT JOIN queues q ON q.id = c.queue_id LEFT JOIN agents a ON a.id = c.agent_id
         ORDER BY c.started_at DESC, c.rowid DESC LIMIT 1`,
      )
      .get() as { id: string; queue: string | null; agent: string | null };
    const steps = (
      db
        .prepare("SELECT data FROM call_events WHERE call_id = ? AND kind = 'ivr-step' ORDER BY id")
        .all(call.id) as {
        data: string;
      }[]
    ).map((row) => JSON.parse(row.data) as Record<string, unknown>);
    return { queue: call.queue, agent: call.agent, steps };
  } finally {
    db.close();
  }
}

describe('the main number menu', () => {
  it('takes a SIPp caller who presses 2 to support, and to alice when she answers', async () => {
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    const phone = answerOnDeskPhone(tandem, phonePort);
    const caller = runSipp({
      scenario: 'menu-caller.xml',
      port: tandem.sip.udp,
      transport: 'udp',
      service: '+15550100',
      defaultBehaviors: 'all',
      timeoutMs: 40_000,
      extraArgs: ['-mp', String(await freeLoopbackPort())],
    });
    const [callerResult, phoneResult] = await Promise.all([caller, phone]);
    expect(callerResult.exitCode, describeSipp(callerResult)).toBe(0);
    expect(phoneResult.exitCode, describeSipp(phoneResult)).toBe(0);

    await expect.poll(() => lastCall().agent).toBe('alice');
    const call = lastCall();
    expect(call.queue).toBe('support');
    expect(call.steps).toContainEqual(
      expect.objectContaining({ stepId: 'main-menu', choice: '2', to: 'support' }),
    );
    await expectNoMediaSessions(tandem.media.ngPort);
  }, 60_000);
});
