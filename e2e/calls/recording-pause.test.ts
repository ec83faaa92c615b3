/**
 * A recorded call (queue support recorded by configuration) whose agent pauses the recording while a card
 * number would be read out, through POST /api/calls/recording: the call record shows the pause and the resume,
 * and references a listenable WAV when the call is over. Also who may not pause: a wrong password (401), an
 * agent not on the call (403), a call that does not exist (404).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOnDeskPhone, openEventStream, registerDeskPhone, trunkCall } from '../support/call-peers.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { describeSipp } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;

beforeAll(async () => {
  tandem = await startTandem({ env: { TANDEM_CALLS_RECORDING_QUEUES: '["support"]' } });
});

afterAll(async () => {
  await tandem?.stop();
});

function pause(callId: string, paused: boolean, username = 'alice', password = 'demo') {
  return fetch(`${tandem.baseUrl}/api/calls/recording`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    },
    body: JSON.stringify({ callId, paused }),
  });
}

/** The call record and its events, read from the server's database (WAL: readers do not block it). */
function callRecord(callId: string) {
  const db = new Database(join(tandem.dataDir, 'tandem.db'), { readonly: true });
  try {
    const record = db.prepare('SELECT recording_ref FROM calls WHERE id = ?').get(callId) as
      { recording_ref: string | null } | undefined;
    const events = db.prepare('SELECT kind FROM call_events WHERE call_id = ? ORDER BY id').all(callId) as {
      kind: string;
    }[];
    return { recordingRef: record?.recording_ref ?? null, events: events.map((event) => event.kind) };
  } finally {
    db.close();
  }
}

describe('pausing the recording of a call', () => {
  it('is recorded in the call journey, and the call leaves a WAV', async () => {
    const events = await openEventStream(tandem, 'alice', 'demo');
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    const phone = answerOnDeskPhone(tandem, phonePort);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const caller = trunkCall(tandem);

    // Routing, ringing and the desk phone's answer: well over vitest's default second under a full run.
    await expect
      .poll(() => events.messages.find((message) => message.event?.type === 'answered'), { timeout: 10_000 })
      .toBeDefined();
    const callId = events.messages.find((message) => message.event?.type === 'answered')!.event!.callId;
    await expect.poll(() => callRecord(callId).events, { timeout: 5_000 }).toContain('recording-started');

    expect((await pause(callId, true, 'alice', 'wrong')).status).toBe(401);
    expect((await pause(callId, true, 'bob')).status).toBe(403);
    expect((await pause('no-such-call', true)).status).toBe(404);
    expect((await pause(callId, true)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await pause(callId, false)).status).toBe(204);

    const [callerResult, phoneResult] = await Promise.all([caller, phone]);
    expect(callerResult.exitCode, describeSipp(callerResult)).toBe(0);
    expect(phoneResult.exitCode, describeSipp(phoneResult)).toBe(0);
    await expect.poll(() => callRecord(callId).recordingRef, { timeout: 5_000 }).toMatch(/\.wav$/);
    expect(existsSync(callRecord(callId).recordingRef!)).toBe(true);
    expect(callRecord(callId).events).toEqual(
      expect.arrayContaining(['recording-started', 'recording-paused', 'recording-resumed']),
    );
    await expectNoMediaSessions(tandem.media.ngPort);
    events.ws.close();
  }, 40_000);
});
