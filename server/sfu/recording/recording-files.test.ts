/**
 * Finding a call's segments in rtpengine's recording directory (layout as rtpengine 10.5 writes
 * it), and the rtpengine ports of a leg from an ng `query`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NgCallInfo } from '../ng/ng-types.js';
import { findCallRecording, recordingPortsOf } from './recording-files.js';

const root = mkdtempSync(join(tmpdir(), 'tandem-recording-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(...parts: string[]) {
  mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
  writeFileSync(join(root, ...parts), '');
}

describe('recording files', () => {
  it("lists the call's closed segments, tells open ones apart and ignores other calls", async () => {
    const call = 'tandem-1.2';
    touch('pcaps', `${call}-00a33e86780397e3.pcap`);
    touch('metadata', `rtpengine-meta-${call}-00a33e86780397e3.txt`);
    touch('pcaps', `${call}-28c06d1c345bd54b.pcap`);
    touch('tmp', `rtpengine-meta-${call}-28c06d1c345bd54b.tmp`);
    touch('pcaps', `${call}-extra-0123456789abcdef.pcap`); // another call whose id starts like this one
    touch('pcaps', 'tandem-1x2-0123456789abcdef.pcap'); // the dot is not a wildcard
    touch('metadata', 'rtpengine-meta-tandem-1x2-0123456789abcdef.txt');

    expect(await findCallRecording(root, call)).toEqual({
      pcaps: [join(root, 'pcaps', `${call}-00a33e86780397e3.pcap`)],
      open: [join(root, 'pcaps', `${call}-28c06d1c345bd54b.pcap`)],
    });
    expect(await findCallRecording(join(root, 'nothing-here'), call)).toEqual({ pcaps: [], open: [] });
  });

  it("takes a leg's receiving ports from rtpengine's query, leaving released ones out", () => {
    const stream = (localPort: number) => ({
      localAddress: '127.0.0.1',
      localPort,
      endpoint: null,
      packets: 0,
      bytes: 0,
      errors: 0,
      flags: [],
    });
    const info: NgCallInfo = {
      created: 0,
      lastSignal: 0,
      raw: {},
      tags: [
        {
          tag: 'caller-tag',
          label: 'caller',
          medias: [
            {
              index: 1,
              type: 'audio',
              protocol: 'RTP/AVP',
              flags: [],
              streams: [stream(20000), stream(20001)],
            },
          ],
        },
        {
          tag: 'agent-tag',
          label: 'agent',
          medias: [{ index: 1, type: 'audio', protocol: 'RTP/AVP', flags: [], streams: [stream(0)] }],
        },
      ],
    };
    expect(recordingPortsOf(info, 'caller-tag')).toEqual([20000, 20001]);
    expect(recordingPortsOf(info, 'agent-tag')).toEqual([]);
    expect(recordingPortsOf(info, 'nobody')).toEqual([]);
  });
});
