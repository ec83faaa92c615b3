/**
 * What a trunk hears when Tandem cannot take its call, against the built server: a source that is no trunk of
 * ours (403), an offer without a codec we carry (488), a number nobody has (404) and nobody
 * available (480). Each refusal is final, leaves no media session in rtpengine, and the refused calls that
 * reached routing are recorded with why. (503 while the media plane is down: media-plane-restart.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCallRecords } from '../support/call-records.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import { CallRefusedError, startTrunkCaller, type TrunkCaller } from '../support/trunk-caller.js';

let tandem: TandemServer;
let trunk: TrunkCaller;

beforeAll(async () => {
  tandem = await startTandem();
  trunk = await startTrunkCaller(tandem);
});

afterAll(async () => {
  await trunk?.close();
  await tandem?.stop();
});

async function refusal(caller: TrunkCaller, number: string, sdp?: (port: number) => string) {
  const error = await caller.dial(number, { sdp }).then(
    () => new Error(`the call to ${number} was answered`),
    (reason: unknown) => reason,
  );
  if (!(error instanceof CallRefusedError)) throw error;
  return error;
}

/** G.729 only: a codec Tandem does not carry. */
const g729Offer = (port: number) =>
  [
    'v=0',
    `o=- ${port} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 18`,
    'a=rtpmap:18 G729/8000',
    '',
  ].join('\r\n');

describe('calls Tandem refuses', () => {
  it('403 from a source that is no trunk of ours', async () => {
    const stranger = await startTrunkCaller(tandem, { host: '127.0.0.2' });
    try {
      expect(await refusal(stranger, '+15550101')).toMatchObject({ status: 403 });
    } finally {
      await stranger.close();
    }
  });

  it('488 for an offer without a codec Tandem carries; 404 for a number nobody has; 480 with nobody there', async () => {
    expect(await refusal(trunk, '+15550101', g729Offer)).toMatchObject({ status: 488 });
    expect(await refusal(trunk, '+15559999')).toMatchObject({ status: 404 });
    expect(await refusal(trunk, '+15550101')).toMatchObject({ status: 480 });
    await expectNoMediaSessions(tandem.media.ngPort);
    expect(readCallRecords(tandem.dataDir).at(-1)).toMatchObject({
      status: 'completed',
      endReason: 'unavailable',
      answeredAt: null,
    });
  });
});
