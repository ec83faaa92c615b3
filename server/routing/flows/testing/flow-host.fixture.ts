/**
 * A host for a FlowRunner in tests, as the calls layer will be: it keeps the commands it was
 * given, knows the current playback and timer, and lets a test speak as the caller ("the prompts
 * finished", "presses 2", "stays silent until the timer fires").
 */
import { FlowRunner } from '../flow-runner.js';
import type { FlowCommand, FlowEvent } from '../flow-runner-types.js';
import { parseFlow } from '../flow-loader.js';
import type { FlowDefinitionInput } from '../flow-schema.js';

export class FlowHost {
  readonly runner: FlowRunner;
  /** Every command so far, in order. */
  readonly commands: FlowCommand[] = [];
  /** The commands of the last start() or event. */
  last: FlowCommand[] = [];
  private playback: number | null = null;
  private timer: number | null = null;
  private clock = 1_000;

  constructor(definition: FlowDefinitionInput) {
    this.runner = new FlowRunner(parseFlow(definition), { now: () => (this.clock += 10) });
  }

  start(): FlowCommand[] {
    return this.take(this.runner.start());
  }

  send(event: FlowEvent): FlowCommand[] {
    return this.take(this.runner.handle(event));
  }

  /** The current prompts played to the end. */
  promptsFinished(): FlowCommand[] {
    if (this.playback === null) throw new Error('nothing is playing');
    return this.send({ kind: 'prompt-finished', playback: this.playback });
  }

  press(keys: string): FlowCommand[] {
    const out: FlowCommand[] = [];
    for (const digit of keys) out.push(...this.send({ kind: 'digit', digit }));
    this.last = out;
    return out;
  }

  /** The current timer fires. */
  timeout(): FlowCommand[] {
    if (this.timer === null) throw new Error('no timer is armed');
    return this.send({ kind: 'timeout', timer: this.timer });
  }

  /** The token of the last play command. */
  get lastPlayback(): number | null {
    const plays = this.commands.filter((command) => command.kind === 'play');
    return plays.at(-1)?.playback ?? null;
  }

  /** What the last play command said. */
  get lastPrompts(): readonly string[] | null {
    const plays = this.commands.filter((command) => command.kind === 'play');
    return plays.at(-1)?.prompts ?? null;
  }

  get journal() {
    return this.runner.journal.map(({ at: _at, ...entry }) => entry);
  }

  private take(commands: FlowCommand[]): FlowCommand[] {
    for (const command of commands) {
      if (command.kind === 'play') this.playback = command.playback;
      if (command.kind === 'stop-prompts' && command.playback === this.playback) this.playback = null;
      if (command.kind === 'start-timer') this.timer = command.timer;
    }
    this.commands.push(...commands);
    this.last = commands;
    return commands;
  }
}
