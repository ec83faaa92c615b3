/**
 * Call-quality figures from WebRTC statistics, as pure functions over plain objects (no browser needed):
 * one sample per poll of `RTCPeerConnection.getStats()`, an estimated MOS by the E-model simplification,
 * a level the desk shows, and the summary saved with the call.
 */
import type { CallQualityFigures } from '../../../server/api/call-quality-api-types.js';

/** The counters of one poll that the next poll needs for "lost since the last one". */
export interface LossCounters {
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

export interface QualitySample {
  /** Epoch ms. */
  readonly at: number;
  /** Null while neither RTCP receiver reports nor ICE checks have measured one. */
  readonly roundTripMs: number | null;
  readonly jitterMs: number;
  /** Of the packets expected since the previous sample (0 when none were expected). */
  readonly lossPercent: number;
  readonly mos: number;
  readonly counters: LossCounters;
}

export type QualityLevel = 'good' | 'fair' | 'poor';

/** What `getStats()` yields, reduced to what is read here: each report as a record. */
export type StatsReports = Iterable<Record<string, unknown>>;

const numberOf = (report: Record<string, unknown> | undefined, key: string): number | undefined => {
  const value = report?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/**
 * One sample from a poll's reports. Round-trip time: the far end's RTCP receiver reports on our audio
 * (`remote-inbound-rtp`, RFC 3550 section 6.4.1 "DLSR"), else the selected ICE pair's STUN checks. Jitter
 * and loss: what we receive (`inbound-rtp`), loss counted since `previous`.
 */
export function readQualitySample(reports: StatsReports, at: number, previous?: LossCounters): QualitySample {
  const all = [...reports];
  const audio = (type: string) => all.find((report) => report['type'] === type && report['kind'] === 'audio');
  const inbound = audio('inbound-rtp');
  const remoteInbound = audio('remote-inbound-rtp');
  const transport = all.find((report) => report['type'] === 'transport');
  const pair =
    all.find(
      (report) =>
        report['type'] === 'candidate-pair' && report['id'] === transport?.['selectedCandidatePairId'],
    ) ?? all.find((report) => report['type'] === 'candidate-pair' && report['nominated'] === true);
  const roundTripSeconds = numberOf(remoteInbound, 'roundTripTime') ?? numberOf(pair, 'currentRoundTripTime');
  const counters: LossCounters = {
    packetsReceived: numberOf(inbound, 'packetsReceived') ?? 0,
    // packetsLost may go negative with duplicates (RFC 3550 section 6.4.1); never count that as a gain.
    packetsLost: Math.max(0, numberOf(inbound, 'packetsLost') ?? 0),
  };
  const lossPercent = lossSince(previous ?? { packetsReceived: 0, packetsLost: 0 }, counters);
  const roundTripMs = roundTripSeconds === undefined ? null : roundTripSeconds * 1000;
  const jitterMs = (numberOf(inbound, 'jitter') ?? 0) * 1000;
  return {
    at,
    roundTripMs,
    jitterMs,
    lossPercent,
    mos: estimateMos({ roundTripMs, jitterMs, lossPercent }),
    counters,
  };
}

/** Percent of the packets expected between two polls that were lost. */
export function lossSince(previous: LossCounters, current: LossCounters): number {
  const received = Math.max(0, current.packetsReceived - previous.packetsReceived);
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  return received + lost === 0 ? 0 : (100 * lost) / (received + lost);
}

/**
 * The E-model (ITU-T G.107) simplified as VoIP monitors commonly do for G.711-like codecs:
 * effective latency = one-way delay + 2 x jitter + 10 ms of codec delay; R = 93.2 less 1/40 per ms up to
 * 160 ms and 1/10 per ms beyond (from 120), less 2.5 per percent of loss; then G.107 Annex B's mapping
 * MOS = 1 + 0.035 R + 7e-6 R (R - 60)(100 - R), 1 below R = 0 and 4.5 above R = 100.
 * An unknown round-trip time counts as none: jitter and loss still tell.
 */
export function estimateMos(figures: {
  roundTripMs: number | null;
  jitterMs: number;
  lossPercent: number;
}): number {
  const oneWayMs = (figures.roundTripMs ?? 0) / 2;
  const effectiveMs = oneWayMs + 2 * figures.jitterMs + 10;
  let r = effectiveMs < 160 ? 93.2 - effectiveMs / 40 : 93.2 - (effectiveMs - 120) / 10;
  r -= 2.5 * figures.lossPercent;
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}

/** MOS 4.0 and above is what people call toll quality; below 3.6 many callers complain. */
export const FAIR_MOS = 4.0;
export const POOR_MOS = 3.6;

export function qualityLevel(mos: number): QualityLevel {
  if (mos >= FAIR_MOS) return 'good';
  return mos >= POOR_MOS ? 'fair' : 'poor';
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The figures saved with the call: averages and worst values over the samples, loss over the whole call
 * (from the last sample's counters), and how many samples were poor. Null without samples.
 */
export function summariseQuality(samples: readonly QualitySample[]): CallQualityFigures | null {
  const last = samples.at(-1);
  if (!last) return null;
  const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const roundTrips = samples.flatMap((sample) => (sample.roundTripMs === null ? [] : [sample.roundTripMs]));
  const jitters = samples.map((sample) => sample.jitterMs);
  const scores = samples.map((sample) => sample.mos);
  return {
    samples: samples.length,
    roundTripMsAvg: roundTrips.length > 0 ? round(average(roundTrips)) : null,
    roundTripMsMax: roundTrips.length > 0 ? round(Math.max(...roundTrips)) : null,
    jitterMsAvg: round(average(jitters)),
    jitterMsMax: round(Math.max(...jitters)),
    packetLossPercent: round(lossSince({ packetsReceived: 0, packetsLost: 0 }, last.counters)),
    mosAvg: round(average(scores)),
    mosMin: round(Math.min(...scores)),
    degradedSamples: samples.filter((sample) => qualityLevel(sample.mos) === 'poor').length,
  };
}
