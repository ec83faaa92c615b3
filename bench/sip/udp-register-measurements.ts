/**
 * Part A: authenticated REGISTER over UDP, the same SIPp scenario against each registrar.
 *
 * - Capacity: SIPp offers calls as fast as it can with at most `inFlight` outstanding (a closed loop), so the
 *   registrar's pace sets the rate; the figure is successful calls per second.
 * - At the target rate: SIPp offers `targetRate` calls per second (an open loop); the figure is the rate
 *   achieved, the failures, and response times from the probe beside the load.
 */
import { CpuWindow, type CpuUse } from '../support/cpu-window.js';
import { startSippLoad, type SippLoadResult } from './sipp-register-load.js';
import { demoAccounts, type RegistrarUnderTest } from './registrars-under-test.js';
import { UdpLatencyProbe, type ProbeResult } from './udp-latency-probe.js';

export interface UdpMeasurementOptions {
  readonly workDir: string;
  readonly capacityCalls: number;
  readonly inFlight: number;
  readonly targetRate: number;
  readonly targetSeconds: number;
  readonly probesPerSecond: number;
}

export interface CapacityFigures {
  readonly sipp: SippLoadResult;
  readonly cpu: CpuUse;
}

export interface TargetRateFigures {
  readonly sipp: SippLoadResult;
  readonly probe: ProbeResult;
  readonly cpu: CpuUse;
}

export interface RegistrarFigures {
  readonly name: string;
  readonly capacity: CapacityFigures;
  readonly atTargetRate: TargetRateFigures;
}

/** Far above what one SIPp process can send: the in-flight limit is what holds the rate back. */
const unboundedRate = 100_000;

export async function measureRegistrar(
  registrar: RegistrarUnderTest,
  options: UdpMeasurementOptions,
  say: (line: string) => void,
): Promise<RegistrarFigures> {
  say(`${registrar.name}: capacity, ${options.capacityCalls} calls, ${options.inFlight} in flight`);
  const capacity = await measureCapacity(registrar, options);
  say(
    `${registrar.name}: at ${options.targetRate}/s for ${options.targetSeconds} s, ` +
      `probe ${options.probesPerSecond}/s`,
  );
  const atTargetRate = await measureAtTargetRate(registrar, options);
  return { name: registrar.name, capacity, atTargetRate };
}

async function measureCapacity(
  registrar: RegistrarUnderTest,
  options: UdpMeasurementOptions,
): Promise<CapacityFigures> {
  const server = await registrar.start();
  try {
    const load = await startSippLoad({
      registrarPort: server.udpPort,
      accounts: demoAccounts,
      calls: options.capacityCalls,
      callsPerSecond: unboundedRate,
      maxInFlight: options.inFlight,
      timeoutSeconds: 120,
      workDir: options.workDir,
    });
    const window = new CpuWindow({ server: server.pid, sipp: load.process.pid });
    try {
      return { sipp: await load.finished, cpu: window.close() };
    } finally {
      window.close();
    }
  } finally {
    await server.stop();
  }
}

async function measureAtTargetRate(
  registrar: RegistrarUnderTest,
  options: UdpMeasurementOptions,
): Promise<TargetRateFigures> {
  const server = await registrar.start();
  const probe = await UdpLatencyProbe.open(server.udpPort, demoAccounts);
  try {
    const load = await startSippLoad({
      registrarPort: server.udpPort,
      accounts: demoAccounts,
      calls: options.targetRate * options.targetSeconds,
      callsPerSecond: options.targetRate,
      // One second's worth: a registrar that falls further behind than that is not keeping up.
      maxInFlight: options.targetRate,
      timeoutSeconds: options.targetSeconds * 4 + 10,
      workDir: options.workDir,
    });
    const window = new CpuWindow({ server: server.pid, sipp: load.process.pid, probe: process.pid });
    // Probe once SIPp has reached its rate.
    const probeStart = setTimeout(() => probe.start(options.probesPerSecond), 1_000);
    try {
      const sipp = await load.finished;
      clearTimeout(probeStart);
      const cpu = window.close();
      return { sipp, probe: await probe.stop(), cpu };
    } finally {
      clearTimeout(probeStart);
      window.close();
    }
  } finally {
    await probe.stop();
    await server.stop();
  }
}
