/**
 * Reading typed values out of an ng reply without trusting it: a missing or mistyped field gives
 * the fallback (or NgProtocolError where the field is essential), never an exception elsewhere.
 */
import { isBencodeDict, type BencodeDict, type BencodeValue } from './bencode.js';
import { NgProtocolError } from './ng-errors.js';
import type { NgCallInfo, NgMediaInfo, NgStatistics, NgStreamInfo, NgTagInfo } from './ng-types.js';

export function stringField(dict: BencodeDict, key: string): string | null {
  const value = dict[key];
  return typeof value === 'string' ? value : null;
}

/** rtpengine writes some numbers as strings ("uptime": "3"); both read as numbers. */
export function numberField(dict: BencodeDict, key: string, fallback = 0): number {
  const value = dict[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return fallback;
}

export function listField(dict: BencodeDict, key: string): readonly BencodeValue[] {
  const value = dict[key];
  return Array.isArray(value) ? (value as readonly BencodeValue[]) : [];
}

export function dictField(dict: BencodeDict, key: string): BencodeDict {
  const value = dict[key];
  return isBencodeDict(value) ? value : {};
}

export function stringList(dict: BencodeDict, key: string): string[] {
  return listField(dict, key).filter((item): item is string => typeof item === 'string');
}

export function requiredString(dict: BencodeDict, key: string, command: string): string {
  const value = stringField(dict, key);
  if (value === null) throw new NgProtocolError(command, `the reply has no "${key}"`);
  return value;
}

function dicts(values: readonly BencodeValue[]): BencodeDict[] {
  return values.filter(isBencodeDict);
}

function streamInfo(stream: BencodeDict): NgStreamInfo {
  const endpoint = dictField(stream, 'endpoint');
  const stats = dictField(stream, 'stats');
  const address = stringField(endpoint, 'address');
  return {
    localAddress: stringField(stream, 'local address') ?? '',
    localPort: numberField(stream, 'local port'),
    endpoint: address ? { address, port: numberField(endpoint, 'port') } : null,
    packets: numberField(stats, 'packets'),
    bytes: numberField(stats, 'bytes'),
    errors: numberField(stats, 'errors'),
    flags: stringList(stream, 'flags'),
  };
}

function mediaInfo(media: BencodeDict): NgMediaInfo {
  return {
    index: numberField(media, 'index'),
    type: stringField(media, 'type') ?? '',
    protocol: stringField(media, 'protocol') ?? '',
    streams: dicts(listField(media, 'streams')).map(streamInfo),
    flags: stringList(media, 'flags'),
  };
}

/** The `query` reply: one entry per tag (call side), with its media streams and packet counters. */
export function parseCallInfo(reply: BencodeDict): NgCallInfo {
  const tags = dictField(reply, 'tags');
  const tagInfos: NgTagInfo[] = Object.keys(tags).flatMap((key) => {
    const tag = tags[key];
    if (!isBencodeDict(tag)) return [];
    return [
      {
        tag: stringField(tag, 'tag') ?? key,
        label: stringField(tag, 'label'),
        medias: dicts(listField(tag, 'medias')).map(mediaInfo),
      },
    ];
  });
  return {
    created: numberField(reply, 'created'),
    lastSignal: numberField(reply, 'last signal'),
    tags: tagInfos,
    raw: reply,
  };
}

export function parseStatistics(reply: BencodeDict): NgStatistics {
  const statistics = dictField(reply, 'statistics');
  const current = dictField(statistics, 'currentstatistics');
  return {
    sessionsOwn: numberField(current, 'sessionsown'),
    sessionsForeign: numberField(current, 'sessionsforeign'),
    sessionsTotal: numberField(current, 'sessionstotal'),
    transcodedMedia: numberField(current, 'transcodedmedia'),
    packetRate: numberField(current, 'packetrate'),
    raw: statistics,
  };
}
