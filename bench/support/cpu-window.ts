/**
 * CPU used during one measurement, by the processes under test and by everything else on the machine. Other
 * work on a shared machine depresses the figures; this says by how much the machine was busy with it.
 */
import { cpuSecondsOfProcessTree, machineCpu, type MachineCpu } from './proc-stats.js';

export interface CpuUse {
  readonly wallSeconds: number;
  /** Average number of CPUs each watched process tree kept busy (1.0 = one core all the time). */
  readonly cores: Record<string, number>;
  /** Average number of CPUs busy with anything else. */
  readonly otherCores: number;
}

export class CpuWindow {
  private readonly startedAt = process.hrtime.bigint();
  private readonly machineAtStart: MachineCpu = machineCpu();
  private readonly atStart = new Map<string, number>();
  private readonly latest = new Map<string, number>();
  private readonly sampler: NodeJS.Timeout;
  private closed: CpuUse | undefined;

  /** `pids` by label; each is sampled every 250 ms so that a process that exits early still counts. */
  constructor(private readonly pids: Record<string, number>) {
    for (const [label, pid] of Object.entries(pids)) {
      const seconds = cpuSecondsOfProcessTree(pid);
      this.atStart.set(label, seconds);
      this.latest.set(label, seconds);
    }
    this.sampler = setInterval(() => this.sample(), 250);
  }

  /** Stops sampling and returns the figures; later calls return the same figures. */
  close(): CpuUse {
    this.closed ??= this.measure();
    return this.closed;
  }

  private measure(): CpuUse {
    this.sample();
    clearInterval(this.sampler);
    const wallSeconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const machine = machineCpu();
    const cores: Record<string, number> = {};
    let watched = 0;
    for (const label of Object.keys(this.pids)) {
      const used = (this.latest.get(label) ?? 0) - (this.atStart.get(label) ?? 0);
      cores[label] = used / wallSeconds;
      watched += used;
    }
    const machineBusy = machine.busySeconds - this.machineAtStart.busySeconds;
    return { wallSeconds, cores, otherCores: Math.max(0, machineBusy - watched) / wallSeconds };
  }

  private sample(): void {
    for (const [label, pid] of Object.entries(this.pids)) {
      const seconds = cpuSecondsOfProcessTree(pid);
      if (seconds > 0) this.latest.set(label, Math.max(seconds, this.latest.get(label) ?? 0));
    }
  }
}
