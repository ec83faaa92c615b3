/** The benchmark's tables, as printed at the end of a run and copied into docs/benchmarks.md. */
import { percentile } from '../support/percentiles.js';
import { formatNumber, textTable } from '../support/text-table.js';
import type { RegistrarFigures } from './udp-register-measurements.js';
import type { WssFigures } from './wss-held-registrations.js';

export interface UdpTargets {
  readonly registrationsPerSecond: number;
  readonly p99Ms: number;
  readonly ratioToKamailio: number;
}

const cores = (value: number | undefined) => formatNumber(value ?? NaN, 2);

interface UdpRow {
  readonly label: string;
  value(figures: RegistrarFigures): string;
}

function udpRows(offeredRate: number): UdpRow[] {
  const latency = (p: number) => (figures: RegistrarFigures) =>
    formatNumber(percentile(figures.atTargetRate.probe.latenciesMs, p), 2);
  return [
    {
      label: 'capacity: authenticated REGISTER/s',
      value: ({ capacity }) => formatNumber(capacity.sipp.registrationsPerSecond),
    },
    { label: 'capacity: failed calls', value: ({ capacity }) => formatNumber(capacity.sipp.failedCalls) },
    { label: 'capacity: server CPU (cores)', value: ({ capacity }) => cores(capacity.cpu.cores.server) },
    { label: 'capacity: SIPp CPU (cores)', value: ({ capacity }) => cores(capacity.cpu.cores.sipp) },
    {
      label: 'capacity: other load on the machine (cores)',
      value: ({ capacity }) => cores(capacity.cpu.otherCores),
    },
    {
      label: `at ${formatNumber(offeredRate)}/s offered: achieved/s`,
      value: ({ atTargetRate }) => formatNumber(atTargetRate.sipp.registrationsPerSecond),
    },
    { label: '  failed calls', value: ({ atTargetRate }) => formatNumber(atTargetRate.sipp.failedCalls) },
    { label: '  REGISTER -> 200 p50 (ms, probe)', value: latency(50) },
    { label: '  REGISTER -> 200 p99 (ms, probe)', value: latency(99) },
    {
      label: '  probe samples / lost or refused',
      value: ({ atTargetRate: { probe } }) =>
        `${formatNumber(probe.latenciesMs.length)} / ${formatNumber(probe.lost + probe.refused)}`,
    },
    { label: '  server CPU (cores)', value: ({ atTargetRate }) => cores(atTargetRate.cpu.cores.server) },
    {
      label: '  other load on the machine (cores)',
      value: ({ atTargetRate }) => cores(atTargetRate.cpu.otherCores),
    },
  ];
}

export function udpReport(
  tandem: RegistrarFigures,
  kamailio: RegistrarFigures,
  offeredRate: number,
  targets: UdpTargets,
): string {
  const ratio = tandem.capacity.sipp.registrationsPerSecond / kamailio.capacity.sipp.registrationsPerSecond;
  const metTarget =
    tandem.capacity.sipp.registrationsPerSecond >= targets.registrationsPerSecond &&
    tandem.atTargetRate.sipp.failedCalls === 0 &&
    percentile(tandem.atTargetRate.probe.latenciesMs, 99) < targets.p99Ms &&
    ratio >= targets.ratioToKamailio;
  const rows = udpRows(offeredRate).map((row) => [row.label, row.value(tandem), row.value(kamailio)]);
  return [
    textTable([['', tandem.name, kamailio.name], ...rows]),
    '',
    `Tandem/Kamailio capacity: ${formatNumber(ratio, 2)}` +
      ` (target >= ${formatNumber(targets.ratioToKamailio, 2)})`,
    `Targets for Tandem: >= ${formatNumber(targets.registrationsPerSecond)} REGISTER/s,` +
      ` p99 < ${targets.p99Ms} ms at that rate, >= ${formatNumber(targets.ratioToKamailio * 100)}% of Kamailio:` +
      ` ${metTarget ? 'met' : 'NOT met'}`,
  ].join('\n');
}

export function wssReport(figures: WssFigures): string {
  const megabytes = (bytes: number) => formatNumber(bytes / 1024 / 1024, 1);
  const perRegistration = (before: number, after: number) =>
    formatNumber((after - before) / Math.max(1, figures.registered) / 1024, 1);
  const seconds = figures.elapsedMs / 1000;
  return textTable([
    ['', 'Tandem'],
    ['registrations held (client side)', formatNumber(figures.registered)],
    ['failed registrations', formatNumber(figures.failures)],
    ['agents x contacts per agent', `${figures.agents} x ${figures.contactsPerAgent}`],
    ['time to register all (s)', formatNumber(seconds, 1)],
    ['registrations/s while connecting', formatNumber(figures.registered / seconds)],
    [
      'server RSS before / after (MB)',
      `${megabytes(figures.before.residentBytes)} / ${megabytes(figures.after.residentBytes)}`,
    ],
    ['RSS per registration (KB)', perRegistration(figures.before.residentBytes, figures.after.residentBytes)],
    [
      'JS heap used per registration (KB)',
      perRegistration(figures.before.heapUsedBytes, figures.after.heapUsedBytes),
    ],
    ['GET /metrics tandem_sip_bindings', formatNumber(figures.bindingsHeld)],
    ['GET /metrics tandem_sip_connections', formatNumber(figures.connectionsHeld)],
    ['bindings after the clients closed', formatNumber(figures.bindingsAfterClose)],
    ['server CPU while registering (cores)', cores(figures.cpu.cores.server)],
    ['client CPU while registering (cores)', cores(figures.cpu.cores.client)],
    ['other load on the machine (cores)', cores(figures.cpu.otherCores)],
  ]);
}
