/**
 * The audio of one peer connection as `getStats()` reports it (W3C webrtc-stats), reduced to what a test
 * asserts on: did packets arrive, did they carry sound, over which candidate pair.
 */
import type { AudioStats, CandidatePairStats } from '../browser-agent-types.js';

/** A stats entry read loosely: the dictionaries differ by type and Chromium adds its own members. */
type Report = Record<string, unknown> & { readonly id: string; readonly type: string };

const numberOf = (report: Report | undefined, key: string): number => {
  const value = report?.[key];
  return typeof value === 'number' ? value : 0;
};

const optionalNumber = (report: Report | undefined, key: string): number | undefined => {
  const value = report?.[key];
  return typeof value === 'number' ? value : undefined;
};

const stringOf = (report: Report | undefined, key: string): string => {
  const value = report?.[key];
  return typeof value === 'string' ? value : '';
};

function codecOf(byId: ReadonlyMap<string, Report>, rtp: Report): string | undefined {
  const codec = byId.get(stringOf(rtp, 'codecId'));
  return codec ? stringOf(codec, 'mimeType') : undefined;
}

function candidatePair(
  byId: ReadonlyMap<string, Report>,
  pair: Report,
  selectedId: string,
): CandidatePairStats {
  const local = byId.get(stringOf(pair, 'localCandidateId'));
  const remote = byId.get(stringOf(pair, 'remoteCandidateId'));
  const rtt = optionalNumber(pair, 'currentRoundTripTime');
  return {
    state: stringOf(pair, 'state'),
    nominated: pair['nominated'] === true,
    selected: pair.id === selectedId,
    localAddress: stringOf(local, 'address'),
    localPort: numberOf(local, 'port'),
    remoteAddress: stringOf(remote, 'address'),
    remotePort: numberOf(remote, 'port'),
    protocol: stringOf(local, 'protocol'),
    localType: stringOf(local, 'candidateType'),
    remoteType: stringOf(remote, 'candidateType'),
    bytesSent: numberOf(pair, 'bytesSent'),
    bytesReceived: numberOf(pair, 'bytesReceived'),
    ...(rtt === undefined ? {} : { currentRoundTripTime: rtt }),
  };
}

export async function readAudioStats(peerConnection: RTCPeerConnection): Promise<AudioStats> {
  const stats = await peerConnection.getStats();
  const byId = new Map<string, Report>();
  stats.forEach((report: Report) => byId.set(report.id, report));
  const all = [...byId.values()];
  const audio = (type: string) => all.find((report) => report.type === type && report['kind'] === 'audio');

  const inbound = audio('inbound-rtp');
  const outbound = audio('outbound-rtp');
  const remoteInbound = audio('remote-inbound-rtp');
  const source = audio('media-source');
  const transport = all.find((report) => report.type === 'transport');
  const selectedId = stringOf(transport, 'selectedCandidatePairId');
  const candidatePairs = all
    .filter((report) => report.type === 'candidate-pair')
    .map((pair) => candidatePair(byId, pair, selectedId));
  const outboundRtt = optionalNumber(remoteInbound, 'roundTripTime');
  const inboundCodec = inbound && codecOf(byId, inbound);
  const outboundCodec = outbound && codecOf(byId, outbound);

  return {
    timestamp: all[0] === undefined ? Date.now() : numberOf(all[0], 'timestamp'),
    inbound: inbound
      ? {
          packetsReceived: numberOf(inbound, 'packetsReceived'),
          bytesReceived: numberOf(inbound, 'bytesReceived'),
          packetsLost: numberOf(inbound, 'packetsLost'),
          jitter: numberOf(inbound, 'jitter'),
          audioLevel: numberOf(inbound, 'audioLevel'),
          totalAudioEnergy: numberOf(inbound, 'totalAudioEnergy'),
          totalSamplesDuration: numberOf(inbound, 'totalSamplesDuration'),
          ...(inboundCodec ? { codec: inboundCodec } : {}),
        }
      : null,
    outbound: outbound
      ? {
          packetsSent: numberOf(outbound, 'packetsSent'),
          bytesSent: numberOf(outbound, 'bytesSent'),
          ...(outboundCodec ? { codec: outboundCodec } : {}),
          ...(outboundRtt === undefined ? {} : { roundTripTime: outboundRtt }),
        }
      : null,
    source: source
      ? { audioLevel: numberOf(source, 'audioLevel'), totalAudioEnergy: numberOf(source, 'totalAudioEnergy') }
      : null,
    candidatePairs,
    selectedPair: candidatePairs.find((pair) => pair.selected) ?? null,
  };
}
