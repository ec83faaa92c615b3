/**
 * Video on the agent test page (`window.tandemVideo`, see ../browser-video-types.ts): a call answered with
 * the fake camera, a screen share started and stopped mid-call, and per-m-line video statistics.
 *
 * The screen share is what a real client does: `getDisplayMedia` (Chromium's fake media UI picks the
 * whole screen, and headless Chromium captures its own page), its track on a transceiver of its own
 * (sendonly), and a re-INVITE that offers the new m-line. Stopping it stops the transceiver, so the
 * next offer carries that m-line with port 0 (RFC 8829 5.2.2: a stopped transceiver's m= section is
 * rejected), and the re-INVITE says so.
 */
import { Invitation, type Session, type Web } from 'sip.js';
import type {
  InboundVideoStats,
  OutboundVideoStats,
  ScreenShareSnapshot,
  VideoPageApi,
  VideoStats,
} from '../browser-video-types.js';
import type { PageCall } from './page-call.dom.js';
import { rawMicrophone } from './page-call.dom.js';

/** The raw microphone (as for audio calls) and the fake camera. */
export const microphoneAndCamera: Web.SessionDescriptionHandlerOptions = {
  constraints: { audio: rawMicrophone.constraints?.audio ?? true, video: true },
};

type Report = Record<string, unknown> & { readonly id: string; readonly type: string };

const numberOf = (report: Report, key: string): number => {
  const value = report[key];
  return typeof value === 'number' ? value : 0;
};

const optional = (report: Report, key: string): number | undefined => {
  const value = report[key];
  return typeof value === 'number' ? value : undefined;
};

const stringOf = (report: Report | undefined, key: string): string => {
  const value = report?.[key];
  return typeof value === 'string' ? value : '';
};

const byMid = (a: { mid: string }, b: { mid: string }) => a.mid.localeCompare(b.mid, 'en', { numeric: true });

/** Sends a re-INVITE with the peer connection as it is now; resolves when the other side accepted it. */
function reinvite(session: Session, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    session
      .invite({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) =>
            reject(
              new Error(
                `${what}: re-INVITE refused with ${response.message.statusCode} ${response.message.reasonPhrase}`,
              ),
            ),
        },
      })
      .catch(reject);
  });
}

export async function readVideoStats(peerConnection: RTCPeerConnection): Promise<VideoStats> {
  const stats = await peerConnection.getStats();
  const byId = new Map<string, Report>();
  stats.forEach((report: Report) => byId.set(report.id, report));
  const video = (type: string) =>
    [...byId.values()].filter((report) => report.type === type && report['kind'] === 'video');
  const codecOf = (report: Report) => {
    const codec = stringOf(byId.get(stringOf(report, 'codecId')), 'mimeType');
    return codec ? { codec } : {};
  };
  const inbound: InboundVideoStats[] = video('inbound-rtp').map((report) => {
    const width = optional(report, 'frameWidth');
    const height = optional(report, 'frameHeight');
    return {
      mid: stringOf(report, 'mid'),
      trackIdentifier: stringOf(report, 'trackIdentifier'),
      packetsReceived: numberOf(report, 'packetsReceived'),
      framesReceived: numberOf(report, 'framesReceived'),
      framesDecoded: numberOf(report, 'framesDecoded'),
      ...(width === undefined ? {} : { frameWidth: width }),
      ...(height === undefined ? {} : { frameHeight: height }),
      ...codecOf(report),
    };
  });
  const outbound: OutboundVideoStats[] = video('outbound-rtp').map((report) => ({
    mid: stringOf(report, 'mid'),
    packetsSent: numberOf(report, 'packetsSent'),
    framesEncoded: numberOf(report, 'framesEncoded'),
    ...codecOf(report),
  }));
  const first = byId.values().next().value;
  return {
    timestamp: first ? numberOf(first, 'timestamp') : Date.now(),
    inbound: inbound.sort(byMid),
    outbound: outbound.sort(byMid),
    transceivers: peerConnection.getTransceivers().map((transceiver) => ({
      mid: transceiver.mid,
      kind: transceiver.receiver.track.kind,
      direction: transceiver.direction,
      currentDirection: transceiver.currentDirection,
    })),
  };
}

export class VideoPage implements VideoPageApi {
  private readonly shares = new Map<string, { transceiver: RTCRtpTransceiver; track: MediaStreamTrack }>();

  constructor(
    private readonly callOf: (callId: string) => PageCall,
    private readonly log: (message: string) => void,
  ) {}

  async answer(callId: string): Promise<void> {
    const { session } = this.callOf(callId);
    if (!(session instanceof Invitation)) throw new TypeError(`${callId} is not an incoming call`);
    await session.accept({ sessionDescriptionHandlerOptions: microphoneAndCamera });
  }

  async startScreenShare(callId: string): Promise<ScreenShareSnapshot> {
    const call = this.callOf(callId);
    if (this.shares.has(callId)) throw new Error(`${callId} is already sharing its screen`);
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const [track] = display.getVideoTracks();
    if (!track) throw new Error('getDisplayMedia gave no video track');
    const transceiver = call
      .peerConnection()
      .addTransceiver(track, { direction: 'sendonly', streams: [display] });
    this.shares.set(callId, { transceiver, track });
    try {
      await reinvite(call.session, 'screen share');
    } catch (error) {
      this.shares.delete(callId);
      track.stop();
      transceiver.stop();
      throw error;
    }
    if (!transceiver.mid) throw new Error('the screen share was accepted but has no mid');
    this.log(`${callId}: sharing the screen on mid ${transceiver.mid} (${track.label})`);
    return { mid: transceiver.mid, source: 'display', label: track.label };
  }

  async stopScreenShare(callId: string): Promise<void> {
    const call = this.callOf(callId);
    const share = this.shares.get(callId);
    if (!share) throw new Error(`${callId} is not sharing its screen`);
    this.shares.delete(callId);
    share.track.stop();
    share.transceiver.stop();
    await reinvite(call.session, 'screen share stop');
    this.log(`${callId}: screen share stopped`);
  }

  videoStats(callId: string): Promise<VideoStats> {
    return readVideoStats(this.callOf(callId).peerConnection());
  }
}
