/** The benchmark's table, one column per measurement, as printed at the end of a run. */
import { formatNumber, textTable } from '../support/text-table.js';
import type { StepFigures } from './step-figures.js';

const ms = (value: number) => formatNumber(value, 2);
const percent = (fraction: number) => `${formatNumber(fraction * 100, 3)}%`;
const cores = (value: number | undefined) => formatNumber(value ?? NaN, 2);
const megabytes = (bytes: number) => formatNumber(bytes / 1024 / 1024, 0);

type Row = readonly [string, (figures: StepFigures) => string];

const rows: readonly Row[] = [
  ['calls placed / completed / failed', (f) => `${f.calls} / ${f.completed} / ${f.failed}`],
  ['INVITEs sent per second (measured)', (f) => formatNumber(f.setupsPerSecond, 1)],
  ['peak calls / media sessions (Tandem gauges)', (f) => `${f.peakCalls} / ${f.peakSessions}`],
  ['agents registered', (f) => formatNumber(f.agents)],
  [
    'setup p50 / p99 (ms, tandem_calls_setup_seconds)',
    (f) => `${ms(f.setup.p50.value)} / ${ms(f.setup.p99.value)}`,
  ],
  [
    '  bucket of the p50 (ms)',
    (f) => `${formatNumber(f.setup.p50.lower, 1)}-${formatNumber(f.setup.p50.upper, 1)}`,
  ],
  [
    'setup p50 / p99 (ms, wire: trunk INVITE out to agent INVITE in)',
    (f) => `${ms(f.wireMs.p50)} / ${ms(f.wireMs.p99)}`,
  ],
  [
    'Tandem -> rtpengine ng offer p50 / p99 (ms)',
    (f) => `${ms(f.ngOffer.p50.value)} / ${ms(f.ngOffer.p99.value)}`,
  ],
  ['ng requests timed out', (f) => formatNumber(f.ngTimeouts)],
  ['Tandem event loop delay, worst second (ms)', (f) => ms(f.eventLoopLagMs)],
  ['RTP streams measured / cut short', (f) => `${f.rtp.streams} / ${f.rtp.cutShort}`],
  [
    'RTP packets sent / echoed by agents / returned',
    (f) => `${formatNumber(f.rtp.sent)} / ${formatNumber(f.rtp.echoed)} / ${formatNumber(f.rtp.returned)}`,
  ],
  ['RTP loss toward agents', (f) => percent(f.rtp.lossTowardAgents)],
  ['RTP loss toward callers', (f) => percent(f.rtp.lossTowardCallers)],
  ['RTP loss, round trip', (f) => percent(f.rtp.lossRoundTrip)],
  ['RTP round trip p50 / p99 (ms)', (f) => `${ms(f.rtp.roundTripP50Ms)} / ${ms(f.rtp.roundTripP99Ms)}`],
  [
    'kernel UDP drops (receive / send buffer)',
    (f) => `${formatNumber(f.udp.receiveBufferErrors)} / ${formatNumber(f.udp.sendBufferErrors)}`,
  ],
  [
    '  of which at rtpengine media / caller endpoint / agents echo',
    (f) =>
      ['rtpengine', 'caller endpoint', 'agents echo']
        .map((owner) => formatNumber(f.socketDrops.get(owner) ?? 0))
        .join(' / '),
  ],
  [
    '  of which at Tandem SIP / rtpengine ng / agents SIPp',
    (f) =>
      ['Tandem SIP', 'rtpengine ng', 'agents SIPp']
        .map((owner) => formatNumber(f.socketDrops.get(owner) ?? 0))
        .join(' / '),
  ],
  ['CPU at plateau: Tandem (cores)', (f) => cores(tandemCores(f))],
  ['CPU at plateau: rtpengine (cores)', (f) => cores(f.cpu?.cores.rtpengine)],
  [
    'CPU at plateau: SIPp trunk / phones (cores)',
    (f) => `${cores(f.cpu?.cores.trunk)} / ${cores(f.cpu?.cores.phones)}`,
  ],
  ['CPU: benchmark process, caller RTP (cores, whole run)', (f) => cores(f.benchCores)],
  ['CPU at plateau: other load on the machine (cores)', (f) => cores(f.cpu?.otherCores)],
  [
    'peak RSS Tandem / rtpengine (MB)',
    (f) => `${megabytes(f.rssBytes.tandem)} / ${megabytes(f.rssBytes.rtpengine)}`,
  ],
  ['sessions left in rtpengine (after up to 30 s)', (f) => formatNumber(f.leftoverSessions)],
  ['passed', (f) => (f.passed ? 'yes' : 'NO')],
];

/** The Tandem process alone: its process tree holds the embedded rtpengine. */
export function tandemCores(figures: StepFigures): number {
  const cpu = figures.cpu;
  return cpu ? (cpu.cores.tandem ?? 0) - (cpu.cores.rtpengine ?? 0) : NaN;
}

export function callsTable(steps: readonly StepFigures[]): string {
  const header = [
    'calls/s offered, hold',
    ...steps.map((step) => `${step.plan.rate}/s, ${step.plan.holdSeconds} s`),
  ];
  return textTable([header, ...rows.map(([label, value]) => [label, ...steps.map(value)])]);
}

export function failureNotes(steps: readonly StepFigures[]): string[] {
  return steps.flatMap((step) => [
    ...step.why.map((why) => `${step.plan.rate}/s: ${why}`),
    ...(step.endedBy.size > 0
      ? [`${step.plan.rate}/s: calls ended by ${[...step.endedBy].map(([r, n]) => `${r} ${n}`).join(', ')}`]
      : []),
    ...(step.sippErrors ? [`${step.plan.rate}/s: SIPp errors:\n${step.sippErrors}`] : []),
  ]);
}
