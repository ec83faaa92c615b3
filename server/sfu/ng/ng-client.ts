/**
 * Typed helpers for the ng commands Tandem uses, over any NgRequester. Each maps our field names
 * to the protocol's keys and reads the reply defensively (ng-reply-fields.ts).
 */
import type { BencodeDict, BencodeValue } from './bencode.js';
import type { NgReply, NgRequestOverrides } from './ng-channel.js';
import { NgProtocolError } from './ng-errors.js';
import {
  numberField,
  parseCallInfo,
  parseStatistics,
  requiredString,
  stringField,
  stringList,
} from './ng-reply-fields.js';
import type {
  NgAnswerRequest,
  NgCallInfo,
  NgCallRef,
  NgDeleteRequest,
  NgOfferRequest,
  NgPlayDtmfRequest,
  NgPlayMediaRequest,
  NgRequester,
  NgSdpOptions,
  NgSdpResult,
  NgStatistics,
} from './ng-types.js';

export class NgClient {
  constructor(private readonly requester: NgRequester) {}

  /** Resolves when rtpengine answers `pong`. */
  async ping(overrides?: NgRequestOverrides): Promise<void> {
    const reply = await this.requester.request('ping', {}, overrides);
    if (reply.result !== 'pong') throw new NgProtocolError('ping', `expected "pong", got "${reply.result}"`);
  }

  /** The caller's SDP in, the SDP to send to the callee out (both sides now anchored in rtpengine). */
  async offer(request: NgOfferRequest): Promise<NgSdpResult> {
    return sdpResult('offer', await this.requester.request('offer', offerParams(request)));
  }

  /** The callee's SDP in, the SDP to send back to the caller out. */
  async answer(request: NgAnswerRequest): Promise<NgSdpResult> {
    return sdpResult('answer', await this.requester.request('answer', offerParams(request)));
  }

  /** Deletes the call (or one side of it); by default at once rather than after rtpengine's delay. */
  async delete(request: NgDeleteRequest): Promise<{ warning: string | null }> {
    const reply = await this.requester.request('delete', {
      ...callRef(request),
      'delete-delay': request.deleteDelay ?? 0,
    });
    return { warning: stringField(reply, 'warning') };
  }

  async query(ref: NgCallRef): Promise<NgCallInfo> {
    return parseCallInfo(await this.requester.request('query', callRef(ref)));
  }

  /** The call-ids rtpengine holds (at most `limit`; rtpengine's default limit is 32). */
  async list(limit = 10_000): Promise<string[]> {
    return stringList(await this.requester.request('list', { limit }), 'calls');
  }

  async statistics(): Promise<NgStatistics> {
    return parseStatistics(await this.requester.request('statistics'));
  }

  /** Plays audio toward the side named by the ref; resolves with its duration in ms when known. */
  async playMedia(request: NgPlayMediaRequest): Promise<{ durationMs: number | null }> {
    const { source } = request;
    const reply = await this.requester.request('play media', {
      ...callRef(request),
      file: 'file' in source ? source.file : undefined,
      blob: 'blob' in source ? source.blob : undefined,
      'db-id': 'dbId' in source ? source.dbId : undefined,
      'repeat-times': request.repeatTimes,
      'start-pos': request.startPosition,
    });
    const duration = numberField(reply, 'duration', -1);
    return { durationMs: duration >= 0 ? duration : null };
  }

  async stopMedia(ref: NgCallRef): Promise<void> {
    await this.requester.request('stop media', callRef(ref));
  }

  /** Injects an RFC 4733 event into the stream of the side named by `fromTag` (see NgPlayDtmfRequest). */
  async playDtmf(request: NgPlayDtmfRequest): Promise<void> {
    await this.requester.request('play DTMF', {
      ...callRef(request),
      code: request.code,
      duration: request.durationMs,
      volume: request.volume,
    });
  }

  async blockDtmf(ref: NgCallRef): Promise<void> {
    await this.requester.request('block DTMF', callRef(ref));
  }

  async unblockDtmf(ref: NgCallRef): Promise<void> {
    await this.requester.request('unblock DTMF', callRef(ref));
  }

  /** Stops forwarding media from the side named by the ref (mute), without renegotiating. */
  async blockMedia(ref: NgCallRef): Promise<void> {
    await this.requester.request('block media', callRef(ref));
  }

  async unblockMedia(ref: NgCallRef): Promise<void> {
    await this.requester.request('unblock media', callRef(ref));
  }

  /** Needs rtpengine started with a recording directory (see RtpengineProcessOptions.recordingDir). */
  async startRecording(ref: NgCallRef): Promise<void> {
    await this.requester.request('start recording', callRef(ref));
  }

  /**
   * Pauses a recording (card payments, PCI DSS) until startRecording resumes it. rtpengine 10.5
   * has no `pause recording` command: this is `stop recording` with the `pause` flag, and with
   * pcap recording the resumed part goes to a new file, so a call's recording is its pcaps in order.
   */
  async pauseRecording(ref: NgCallRef): Promise<void> {
    await this.requester.request('stop recording', { ...callRef(ref), flags: ['pause'] });
  }

  async stopRecording(ref: NgCallRef): Promise<void> {
    await this.requester.request('stop recording', callRef(ref));
  }
}

function callRef(ref: NgCallRef): BencodeDict {
  return {
    'call-id': ref.callId,
    'from-tag': ref.fromTag,
    'to-tag': ref.toTag,
    'via-branch': ref.viaBranch,
  };
}

function list(values: readonly string[] | undefined): BencodeValue | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}

function sdpOptions(options: NgSdpOptions): BencodeDict {
  const codec = options.codec;
  return {
    ...options.extra,
    flags: list(options.flags),
    replace: list(options.replace),
    direction: options.direction ? [...options.direction] : undefined,
    ICE: options.ice,
    DTLS: options.dtls,
    'transport-protocol': options.transportProtocol,
    'rtcp-mux': list(options.rtcpMux),
    SDES: list(options.sdes),
    label: options.label,
    codec: codec
      ? {
          strip: list(codec.strip),
          offer: list(codec.offer),
          transcode: list(codec.transcode),
          mask: list(codec.mask),
          except: list(codec.except),
          accept: list(codec.accept),
        }
      : undefined,
  };
}

function offerParams(request: NgOfferRequest): BencodeDict {
  return {
    ...sdpOptions(request),
    'call-id': request.callId,
    'from-tag': request.fromTag,
    'to-tag': request.toTag,
    'via-branch': request.viaBranch,
    sdp: request.sdp,
  };
}

function sdpResult(command: string, reply: NgReply): NgSdpResult {
  const warning = stringField(reply, 'warning');
  return { sdp: requiredString(reply, 'sdp', command), ...(warning ? { warning } : {}) };
}
