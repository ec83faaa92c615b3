/**
 * Lets a journey read the desk's WebRTC statistics without a hook in the product: an init script records
 * every RTCPeerConnection the page creates, and `readDeskAudio` asks the newest one for `getStats()`.
 */
import type { Page } from '@playwright/test';

export interface DeskAudio {
  readonly packetsReceived: number;
  readonly totalAudioEnergy: number;
  readonly packetsSent: number;
  /** The selected candidate pair's local and remote addresses. */
  readonly localAddress: string | null;
  readonly remoteAddress: string | null;
}

/** Call before `page.goto`. */
export async function recordPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const created: RTCPeerConnection[] = [];
    (window as unknown as { __deskPeerConnections: RTCPeerConnection[] }).__deskPeerConnections = created;
    class Recorded extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        created.push(this);
      }
    }
    window.RTCPeerConnection = Recorded;
  });
}

export function readDeskAudio(page: Page): Promise<DeskAudio> {
  return page.evaluate(async () => {
    const all =
      (window as unknown as { __deskPeerConnections?: RTCPeerConnection[] }).__deskPeerConnections ?? [];
    const connection = all.at(-1);
    const empty = {
      packetsReceived: 0,
      totalAudioEnergy: 0,
      packetsSent: 0,
      localAddress: null,
      remoteAddress: null,
    };
    if (!connection) return empty;
    const reports = new Map<string, Record<string, unknown>>();
    (await connection.getStats()).forEach((report: Record<string, unknown>) =>
      reports.set(String(report['id']), report),
    );
    const values = [...reports.values()];
    const audio = (type: string) =>
      values.find((report) => report['type'] === type && report['kind'] === 'audio');
    const number = (report: Record<string, unknown> | undefined, key: string) =>
      typeof report?.[key] === 'number' ? (report[key] as number) : 0;
    const transport = values.find((report) => report['type'] === 'transport');
    const pair = reports.get(String(transport?.['selectedCandidatePairId']));
    const address = (id: unknown) => {
      const candidate = reports.get(String(id));
      return typeof candidate?.['address'] === 'string' ? (candidate['address'] as string) : null;
    };
    return {
      packetsReceived: number(audio('inbound-rtp'), 'packetsReceived'),
      totalAudioEnergy: number(audio('inbound-rtp'), 'totalAudioEnergy'),
      packetsSent: number(audio('outbound-rtp'), 'packetsSent'),
      localAddress: pair ? address(pair['localCandidateId']) : null,
      remoteAddress: pair ? address(pair['remoteCandidateId']) : null,
    };
  });
}

/** Waits until the desk hears sound: `minPackets` new packets carrying at least `minEnergy` new energy. */
export async function waitForDeskAudio(
  page: Page,
  options: { minPackets?: number; minEnergy?: number; timeoutMs?: number } = {},
): Promise<DeskAudio> {
  const { minPackets = 50, minEnergy = 0.0001, timeoutMs = 10_000 } = options;
  const start = await readDeskAudio(page);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await readDeskAudio(page);
    const packets = now.packetsReceived - start.packetsReceived;
    const energy = now.totalAudioEnergy - start.totalAudioEnergy;
    if (packets >= minPackets && energy >= minEnergy) return now;
    if (Date.now() >= deadline) {
      throw new Error(
        `the desk heard ${packets} packets carrying energy ${energy.toFixed(6)} in ${timeoutMs} ms ` +
          `(needed ${minPackets} and ${minEnergy}): ${JSON.stringify(now)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What identifies the media path in the newest connection's remote SDP: a change restarts ICE or DTLS. */
export interface RemoteMediaIdentity {
  /** The SDP's origin session id (`o=`), to tell which offer was applied (Chromium rewrites `s=` as "-"). */
  readonly origin: string | null;
  readonly audioPort: string | null;
  readonly iceUfrag: string | null;
  readonly icePwd: string | null;
  readonly fingerprint: string | null;
}

export function remoteMediaIdentity(page: Page): Promise<RemoteMediaIdentity> {
  return page.evaluate(() => {
    const all =
      (window as unknown as { __deskPeerConnections?: RTCPeerConnection[] }).__deskPeerConnections ?? [];
    const sdp = all.at(-1)?.remoteDescription?.sdp ?? '';
    const line = (pattern: RegExp) => pattern.exec(sdp)?.[1] ?? null;
    return {
      origin: line(/^o=\S+ (\d+) /m),
      audioPort: line(/^m=audio (\d+) /m),
      iceUfrag: line(/^a=ice-ufrag:(\S+)/m),
      icePwd: line(/^a=ice-pwd:(\S+)/m),
      fingerprint: line(/^a=fingerprint:(.+)$/m),
    };
  });
}
