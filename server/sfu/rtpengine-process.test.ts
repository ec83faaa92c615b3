/**
 * The supervised rtpengine, for real: Debian's /usr/bin/rtpengine started as our child on a random
 * loopback port range, killed in every way we can think of, and checked by pid afterwards.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from '../shared/logger.js';
import { NgClient } from './ng/ng-client.js';
import { NgChannelClosedError } from './ng/ng-errors.js';
import { rtpengineArguments } from './rtpengine-command.js';
import { isAlive } from './rtpengine-pid-file.js';
import { RtpengineProcess } from './rtpengine-process.js';
import { RtpengineState, type RtpengineProcessOptions } from './rtpengine-process-types.js';
import { freeze } from './testing/freeze.fixture.js';
import { freePortRange } from './testing/test-ports.fixture.js';

const running: RtpengineProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((process) => process.stop()));
});

async function supervisor(overrides: Partial<RtpengineProcessOptions> = {}) {
  const range = await freePortRange();
  const options: RtpengineProcessOptions = {
    binary: '/usr/bin/rtpengine',
    interface: '127.0.0.1',
    ngHost: '127.0.0.1',
    ...range,
    logLevel: 5,
    startTimeoutMs: 3_000,
    stopTimeoutMs: 1_000,
    restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 10_000 },
    ng: { timeoutMs: 500, retries: 1 },
    logger: createRootLogger({ level: 'silent' }),
    ...overrides,
  };
  const process = new RtpengineProcess(options);
  running.push(process);
  const states: RtpengineState[] = [];
  process.on('state', (state) => states.push(state));
  return { process, options, states, client: new NgClient(process) };
}

function untilState(process: RtpengineProcess, state: RtpengineState, timeoutMs = 5_000): Promise<void> {
  if (process.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still ${process.state}, not ${state}`)), timeoutMs);
    const off = process.on('state', (next) => {
      if (next !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

async function untilGone(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 3_000; waited += 20) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('supervised rtpengine', () => {
  it('starts in userspace on the loopback, answers ping, and stops leaving no process', async () => {
    const { process, client, options } = await supervisor();
    await process.start();
    expect(process.state).toBe(RtpengineState.Ready);
    const pid = process.pid!;
    expect(isAlive(pid)).toBe(true);
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
    expect(commandLine).toEqual(expect.arrayContaining(rtpengineArguments(options)));
    expect(commandLine).toContain('--table=-1');
    await expect(client.ping()).resolves.toBeUndefined();

    await process.stop();
    await process.stop();
    expect(process.state).toBe(RtpengineState.Stopped);
    expect(isAlive(pid)).toBe(false);
    expect(process.health().lastExit).toEqual({ code: 0, signal: null }); // a clean exit on SIGTERM
    await expect(client.ping()).rejects.toBeInstanceOf(NgChannelClosedError);
  });

  it('restarts rtpengine after kill -9, rejecting what was pending, and is ready again', async () => {
    const { process, client, states } = await supervisor();
    await process.start();
    const firstPid = process.pid!;
    const crashes: unknown[] = [];
    process.on('crashed', (exit) => crashes.push(exit));

    // Freeze rtpengine so a request is surely pending when it dies.
    await freeze(firstPid);
    const pending = process.request('ping', {}, { timeoutMs: 10_000, retries: 0 });
    globalThis.process.kill(firstPid, 'SIGKILL');
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NgChannelClosedError);
    expect((error as Error).message).toContain('SIGKILL');
    await expect(client.ping()).rejects.toBeInstanceOf(NgChannelClosedError);

    await untilState(process, RtpengineState.Ready);
    expect(process.pid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    await expect(client.ping()).resolves.toBeUndefined();
    expect(states).toEqual(['starting', 'ready', 'backing-off', 'starting', 'ready']);
    expect(crashes).toEqual([{ code: null, signal: 'SIGKILL' }]);
    expect(process.health()).toMatchObject({ restarts: 1, consecutiveFailures: 1 });
  });

  it('backs off longer after each crash in a row, and forgets them after a stable run', async () => {
    const { process } = await supervisor({
      restart: { initialDelayMs: 20, maxDelayMs: 60, stableAfterMs: 300 },
    });
    await process.start();
    for (let crash = 1; crash <= 3; crash += 1) {
      globalThis.process.kill(process.pid!, 'SIGKILL');
      await untilState(process, RtpengineState.BackingOff);
      await untilState(process, RtpengineState.Ready);
      expect(process.health().consecutiveFailures).toBe(crash);
    }
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(process.health()).toMatchObject({ consecutiveFailures: 0, restarts: 3 });
  });

  it('kills an rtpengine that ignores SIGTERM once the stop timeout passes', async () => {
    const { process } = await supervisor({ stopTimeoutMs: 200 });
    await process.start();
    const pid = process.pid!;
    await freeze(pid); // a stopped process cannot act on SIGTERM
    await process.stop();
    expect(process.health().lastExit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(pid)).toBe(false);
  });

  it('deletes leftover calls before stopping, so a call being recorded cannot crash rtpengine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-rtpengine-'));
    const { process, client } = await supervisor({ recordingDir: dir, workingDir: dir });
    await process.start();
    const sdp = (port: number) =>
      `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`;
    await client.offer({ callId: 'left-over', fromTag: 'a', toTag: 'b', sdp: sdp(40000) });
    await client.answer({ callId: 'left-over', fromTag: 'a', toTag: 'b', sdp: sdp(40002) });
    await client.startRecording({ callId: 'left-over' });

    await process.stop();
    // rtpengine 10.5 dies of SIGSEGV (and dumps core) when it exits while recording a call.
    expect(process.health().lastExit).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dir, 'core'))).toBe(false);
  });

  it('refuses to start without a binary, and leaves nothing running', async () => {
    const { process } = await supervisor({ binary: '/nonexistent/rtpengine' });
    await expect(process.start()).rejects.toThrow(/exited during start-up/);
    expect(process.state).toBe(RtpengineState.Stopped);
    expect(process.pid).toBeNull();
  });

  it('gives up on an rtpengine that never answers ping, and kills it', async () => {
    const silent = join(mkdtempSync(join(tmpdir(), 'tandem-silent-')), 'rtpengine');
    writeFileSync(silent, '#!/bin/sh\necho "pretending to start" >&2\nexec sleep 30\n', { mode: 0o755 });
    const { process } = await supervisor({ binary: silent, startTimeoutMs: 300, stopTimeoutMs: 300 });
    const starting = process.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pid = process.pid!;
    expect(isAlive(pid)).toBe(true);
    await expect(starting).rejects.toThrow(/did not answer ping within 300 ms: pretending to start/);
    expect(process.state).toBe(RtpengineState.Stopped);
    expect(isAlive(pid)).toBe(false);
  });

  it('refuses to start when its ng port is taken, naming the reason', async () => {
    const { process, options } = await supervisor();
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(options.ngPort, '127.0.0.1', resolve));
    try {
      await expect(process.start()).rejects.toThrow(/exited during start-up \(code \d+\)/);
      expect(process.state).toBe(RtpengineState.Stopped);
    } finally {
      squatter.close();
    }
  });

  it('reaps the rtpengine a killed Tandem left behind, found by its pid file', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'tandem-rtpengine-')), 'rtpengine.pid');
    const { process, options } = await supervisor({ pidFile });
    const leftover = spawn(options.binary, rtpengineArguments(options), { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(pidFile, `${leftover.pid}\n`);

    await process.start();
    expect(isAlive(leftover.pid!)).toBe(false);
    expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(process.pid));
    await process.stop();
    expect(existsSync(pidFile)).toBe(false);
  });

  it('takes rtpengine down with Tandem even when Tandem is killed with SIGKILL', async () => {
    const range = await freePortRange();
    const script = `
      import { RtpengineProcess } from ${JSON.stringify(new URL('./rtpengine-process.ts', import.meta.url).href)};
      import { createRootLogger } from ${JSON.stringify(new URL('../shared/logger.ts', import.meta.url).href)};
      const supervisor = new RtpengineProcess({
        binary: '/usr/bin/rtpengine', interface: '127.0.0.1', ngHost: '127.0.0.1', ...${JSON.stringify(range)},
        logLevel: 5, startTimeoutMs: 5000, stopTimeoutMs: 1000,
        restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 10000 },
        ng: { timeoutMs: 500, retries: 1 }, logger: createRootLogger({ level: 'silent' }),
      });
      await supervisor.start();
      process.stdout.write(supervisor.pid + '\\n');
      setInterval(() => {}, 1000);
    `;
    const tandem = spawn(
      globalThis.process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      tandem.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
      tandem.once('exit', (code) => reject(new Error(`the Tandem stand-in exited with ${code}`)));
    });
    expect(isAlive(pid)).toBe(true);
    tandem.kill('SIGKILL');
    expect(await untilGone(pid)).toBe(true);
  });
});
