/**
 * No caller gets stuck: for any valid flow and any events at all (late, duplicated, out of place,
 * not keys), the runner never throws, gives at most one end command and nothing after it, and a
 * host that then simply follows its commands (prompts finish, timers fire, hours are answered,
 * whatever the caller presses) reaches an end within a bound the flow itself sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoFlows } from './demo-flows.js';
import { FlowRunner, FlowRunnerState } from './flow-runner.js';
import { isEndCommand, type FlowCommand, type FlowEvent } from './flow-runner-types.js';
import { parseFlow } from './flow-loader.js';
import type { FlowDefinition, FlowDefinitionInput } from './flow-schema.js';

const KEYS = [...'0123456789*#ABCD'];
const END_KINDS = ['queue', 'transfer', 'voicemail', 'callback', 'hangup'] as const;
const MIDDLE_KINDS = ['play', 'menu', 'collect', 'check-hours', 'set'] as const;

/**
 * A valid flow by construction: steps s0..s(n-1) then end steps; each middle step's first
 * target is the next step (so all are reached and every step can end), steps that do not wait for
 * the caller point only forward (no loop without a menu), menus and collect steps anywhere.
 */
const flowArbitrary: fc.Arbitrary<FlowDefinition> = fc
  .record({
    kinds: fc.array(fc.constantFrom(...MIDDLE_KINDS), { minLength: 1, maxLength: 7 }),
    ends: fc.array(fc.constantFrom(...END_KINDS), { minLength: 1, maxLength: 3 }),
    picks: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    maxSteps: fc.integer({ min: 2, max: 30 }),
    retries: fc.integer({ min: 0, max: 3 }),
    maxDigits: fc.integer({ min: 1, max: 6 }),
    bargeIn: fc.boolean(),
    withFallback: fc.boolean(),
  })
  .map(({ kinds, ends, picks, maxSteps, retries, maxDigits, bargeIn, withFallback }) => {
    const middle = kinds.map((_, index) => `s${index}`);
    const endIds = ends.map((_, index) => `e${index}`);
    let pick = 0;
    const any = (from: number) => {
      const choices = [...middle.slice(from), ...endIds];
      return choices[picks[pick++ % picks.length]! % choices.length]!;
    };
    const anywhere = () => any(0);
    const steps: FlowDefinitionInput['steps'] = kinds.map((kind, index) => {
      const id = middle[index]!;
      const next = middle[index + 1] ?? endIds[0]!;
      const forward = () => any(index + 1);
      switch (kind) {
        case 'play':
          return { id, kind, prompts: [`play ${id}`], bargeIn, next };
        case 'set':
          return { id, kind, attributes: { [id]: 'yes' }, next };
        case 'check-hours':
          return { id, kind, queue: 'q', open: next, closed: forward() };
        case 'menu':
          return {
            id,
            kind,
            prompts: [`menu ${id}`],
            options: { '1': next, '2': anywhere(), '9': anywhere() },
            retries,
            onFailure: anywhere(),
          };
        case 'collect':
          return {
            id,
            kind,
            prompts: [`collect ${id}`],
            attribute: id,
            minDigits: 1,
            maxDigits,
            retries,
            next,
            onFailure: anywhere(),
          };
      }
    });
    ends.forEach((kind, index) => {
      const id = endIds[index]!;
      if (kind === 'queue') steps.push({ id, kind, queue: 'q' });
      else if (kind === 'transfer') steps.push({ id, kind, to: { number: '+15550199' } });
      else if (kind === 'voicemail') steps.push({ id, kind, mailbox: 'm' });
      else if (kind === 'callback') steps.push({ id, kind, queue: 'q' });
      else steps.push({ id, kind });
    });
    // End steps other than e0 are reached only through random picks (or as the fallback): the
    // ones no step names are left out, since a flow with an unreachable step is refused.
    const unreachedEnds = endIds.filter(
      (id) => id !== endIds[0] && !JSON.stringify(steps.slice(0, kinds.length)).includes(`"${id}"`),
    );
    const fallback = withFallback ? endIds.at(-1)! : undefined;
    const reachable = unreachedEnds.filter((id) => id !== fallback);
    const input: FlowDefinitionInput = {
      id: 'generated',
      start: 's0',
      maxSteps,
      ...(fallback ? { fallback } : {}),
      steps: steps.filter((step) => !reachable.includes(step.id)),
    };
    return parseFlow(input, 'generated flow');
  });

const eventArbitrary: fc.Arbitrary<FlowEvent> = fc.oneof(
  { weight: 3, arbitrary: fc.nat(12).map((playback) => ({ kind: 'prompt-finished' as const, playback })) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(...KEYS, 'x', '', '11').map((digit) => ({ kind: 'digit' as const, digit })),
  },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 5 }).map((digits) => ({ kind: 'digits-collected' as const, digits })),
  },
  { weight: 3, arbitrary: fc.nat(12).map((timer) => ({ kind: 'timeout' as const, timer })) },
  { weight: 1, arbitrary: fc.boolean().map((open) => ({ kind: 'hours' as const, open })) },
);

/** The most events a host following the commands can need: every step, every attempt, every key. */
function bound(flow: FlowDefinition): number {
  return (flow.maxSteps + 1) * 10 * 40;
}

/** A host that does what it is told; the caller's keys come from `choices` (null: silence). */
function follow(
  runner: FlowRunner,
  commands: FlowCommand[],
  choices: readonly (string | null)[],
  limit: number,
): { events: number; all: FlowCommand[] } {
  const all: FlowCommand[] = [];
  let playback: number | null = null;
  let timer: number | null = null;
  let hours = false;
  const note = (given: FlowCommand[]) => {
    for (const command of given) {
      if (command.kind === 'play') playback = command.playback;
      if (command.kind === 'start-timer') timer = command.timer;
      if (command.kind === 'check-hours') hours = true;
    }
    all.push(...given);
  };
  note(commands);
  let events = 0;
  while (!runner.isFinished && events < limit) {
    const ignoredBefore = runner.ignored;
    const key = choices.length > 0 ? choices[events % choices.length]! : null;
    let event: FlowEvent;
    if (runner.state === FlowRunnerState.CheckingHours && hours) {
      event = { kind: 'hours', open: events % 2 === 0 };
      hours = false;
    } else if (key !== null && runner.state === FlowRunnerState.WaitingForKeys) {
      event = { kind: 'digit', digit: key };
    } else if (runner.state === FlowRunnerState.Prompting && playback !== null) {
      event = { kind: 'prompt-finished', playback };
    } else if (runner.state === FlowRunnerState.WaitingForKeys && timer !== null) {
      event = { kind: 'timeout', timer };
    } else {
      throw new Error(`the host has nothing to answer in state ${runner.state}`);
    }
    note(runner.handle(event));
    events += 1;
    // Following the commands, the host's reports are never stale.
    expect(runner.ignored, `${JSON.stringify(event)} was ignored`).toBe(ignoredBefore);
  }
  return { events, all };
}

function checkCommands(commands: readonly FlowCommand[]): void {
  const ends = commands.filter(isEndCommand);
  expect(ends.length).toBeLessThanOrEqual(1);
  if (ends.length === 1) expect(commands.at(-1)).toBe(ends[0]);
  const played = new Set<number>();
  for (const command of commands) {
    if (command.kind === 'play') played.add(command.playback);
    if (command.kind === 'stop-prompts') expect(played.has(command.playback)).toBe(true);
  }
}

describe('a flow runner under any events', () => {
  it('never throws, never gets stuck, and ends exactly once', () => {
    fc.assert(
      fc.property(
        fc.oneof(flowArbitrary, fc.constant(demoFlows()[0]!)),
        fc.array(eventArbitrary, { maxLength: 60 }),
        fc.array(fc.option(fc.constantFrom(...KEYS), { nil: null }), { maxLength: 8 }),
        (flow, noise, choices) => {
          const runner = new FlowRunner(flow, { now: () => 0 });
          const given = [...runner.start()];
          const afterNoise: FlowCommand[] = [];
          for (const event of noise) afterNoise.push(...runner.handle(event));
          // The noise may have moved the runner anywhere; from there the host follows its commands.
          const lastPlay = [...given, ...afterNoise].filter((command) => command.kind === 'play').at(-1);
          const lastTimer = [...given, ...afterNoise]
            .filter((command) => command.kind === 'start-timer')
            .at(-1);
          const lastHours = [...given, ...afterNoise]
            .filter((command) => command.kind === 'check-hours')
            .at(-1);
          const seed = ([lastPlay, lastTimer, lastHours] as (FlowCommand | undefined)[]).filter(
            (command): command is FlowCommand => command !== undefined,
          );
          const { all } = follow(runner, seed, choices, bound(flow));
          expect(runner.state).toBe(FlowRunnerState.Finished);
          const everything = [...given, ...afterNoise, ...all.slice(seed.length)];
          checkCommands(everything);
          expect(everything.some(isEndCommand)).toBe(true);
          expect(runner.journal.at(-1)?.outcome).toMatch(
            /^(enqueued|transferred|voicemail|callback|hung-up|step-limit)$/,
          );
          // Nothing more once it ended.
          for (const event of noise.slice(0, 5)) expect(runner.handle(event)).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('lets a silent caller through every generated flow within its bound, with no event ignored', () => {
    fc.assert(
      fc.property(flowArbitrary, (flow) => {
        const runner = new FlowRunner(flow, { now: () => 0 });
        const first = runner.start();
        const { events, all } = follow(runner, first, [], bound(flow));
        expect(runner.isFinished).toBe(true);
        expect(events).toBeLessThanOrEqual(bound(flow));
        checkCommands([...first, ...all.slice(first.length)]);
      }),
      { numRuns: 300 },
    );
  });
});
