/**
 * Where rtpengine 10.5 puts one call's recording (see recording-mixdown.ts for what was observed):
 * `<recordingDir>/pcaps/<call-id>-<16 hex digits>.pcap` per segment (one per start or resume), and
 * a metadata file that sits in `tmp/` while the segment is written and moves to `metadata/` when
 * it is closed (pause, stop, or the call's deletion). And which rtpengine ports received a leg's
 * media, so the mixdown can tell the caller from the agent.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { NgCallInfo } from '../ng/ng-types.js';

export interface CallRecordingFiles {
  /** Segments rtpengine has closed: ready to mix. In no particular order. */
  pcaps: string[];
  /** Segments still being written (recording running, or rtpengine died before closing them). */
  open: string[];
}

const SEGMENT_ID = '[0-9a-f]{16}';

export async function findCallRecording(recordingDir: string, callId: string): Promise<CallRecordingFiles> {
  const id = escapeRegExp(callId);
  const pcapName = new RegExp(`^${id}-(${SEGMENT_ID})\\.pcap$`);
  const [pcaps, closed, writing] = await Promise.all([
    list(join(recordingDir, 'pcaps')),
    list(join(recordingDir, 'metadata')),
    list(join(recordingDir, 'tmp')),
  ]);
  const closedIds = segmentIds(closed, new RegExp(`^rtpengine-meta-${id}-(${SEGMENT_ID})\\.txt$`));
  const writingIds = segmentIds(writing, new RegExp(`^rtpengine-meta-${id}-(${SEGMENT_ID})\\.tmp$`));
  const files: CallRecordingFiles = { pcaps: [], open: [] };
  for (const name of pcaps) {
    const segment = pcapName.exec(name)?.[1];
    if (!segment) continue;
    const path = join(recordingDir, 'pcaps', name);
    if (writingIds.has(segment) || !closedIds.has(segment)) files.open.push(path);
    else files.pcaps.push(path);
  }
  return files;
}

/**
 * The rtpengine ports that receive media from the side named `tag` (ng `query`): pass the caller's
 * as RecordingMixdownOptions.callerPorts. Query before the session closes; ports that a leg used
 * earlier in the call (before a transfer moved it) should be added by the caller of this function.
 */
export function recordingPortsOf(info: NgCallInfo, tag: string): number[] {
  const side = info.tags.find((candidate) => candidate.tag === tag);
  if (!side) return [];
  return side.medias.flatMap((media) =>
    media.streams.map((stream) => stream.localPort).filter((port) => port > 0),
  );
}

async function list(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function segmentIds(names: readonly string[], pattern: RegExp): Set<string> {
  return new Set(names.flatMap((name) => pattern.exec(name)?.[1] ?? []));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
