/**
 * Tandem as the calls benchmark runs it: bench/sip's startTandem (built server, TANDEM_* variables, SIP over
 * UDP, 127.0.0.1 trusted, log level warn) with its embedded rtpengine on an ng port and a port range sized
 * for the measurement, and the pid of that rtpengine (a child of the server) for its CPU and memory.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freeUdpPort } from '../support/loopback-ports.js';
import { startTandem, type TandemProcess } from '../sip/tandem-process.js';

const profilerPreload = fileURLToPath(new URL('./cpu-profiler-preload.mjs', import.meta.url));

/** Below Linux's ephemeral ports (32768 and up), where the free ports of the other processes come from. */
const MEDIA_PORT_MIN = 16_000;
const MEDIA_PORT_CEILING = 32_767;

export interface TandemForCalls {
  readonly tandem: TandemProcess;
  readonly rtpenginePid: number;
  readonly ngPort: number;
  readonly mediaPorts: { readonly min: number; readonly max: number };
}

/**
 * rtpengine takes two ports (RTP, RTCP) per side and a call has two sides; it picks them at random in its
 * range, so the range is kept at least twice as large as what the peak needs.
 */
export function mediaPortCount(peakCalls: number): number {
  return Math.max(4_000, peakCalls * 8);
}

/** With `profileDir`, Tandem is profiled as with `node --cpu-prof` and writes its profile there when it stops. */
export async function startTandemForCalls(
  dataDir: string,
  peakCalls: number,
  profileDir?: string,
): Promise<TandemForCalls> {
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const ngPort = await freeUdpPort();
  const max = Math.min(MEDIA_PORT_CEILING, MEDIA_PORT_MIN + mediaPortCount(peakCalls) - 1);
  const tandem = await startTandem({
    dataDir,
    listeners: { udp: true },
    env: {
      TANDEM_MEDIA_RTPENGINE_NG_PORT: String(ngPort),
      TANDEM_MEDIA_RTPENGINE_PORT_MIN: String(MEDIA_PORT_MIN),
      TANDEM_MEDIA_RTPENGINE_PORT_MAX: String(max),
      // NODE_OPTIONS refuses --cpu-prof: a preload does the same through the inspector.
      ...(profileDir
        ? { NODE_OPTIONS: `--import=${profilerPreload}`, TANDEM_BENCH_PROFILE_DIR: profileDir }
        : {}),
    },
  });
  try {
    const rtpenginePid = await childNamed(tandem.pid, 'rtpengine');
    return { tandem, rtpenginePid, ngPort, mediaPorts: { min: MEDIA_PORT_MIN, max } };
  } catch (error) {
    await tandem.process.stop();
    throw error;
  }
}

async function childNamed(parent: number, name: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (ppid === parent && comm === name) return Number(entry);
      } catch {
        // Gone meanwhile.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${name} process under Tandem (pid ${parent})`);
}
