/**
 * A caller going through flows, step kind by step kind: what they hear (play commands), what the
 * host is asked to do, where they end up, and what the call's record says they chose.
 */
import { describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../shared/errors.js';
import { FlowRunnerState } from './flow-runner.js';
import { answerHoursCheck } from './hours-check.js';
import type { FlowDefinitionInput } from './flow-schema.js';
import { FlowHost } from './testing/flow-host.fixture.js';

const salesAndSupport: FlowDefinitionInput = {
  id: 'main',
  start: 'welcome',
  steps: [
    { id: 'welcome', kind: 'play', prompts: ['Welcome.'], bargeIn: true, next: 'menu' },
    {
      id: 'menu',
      kind: 'menu',
      prompts: ['For sales press 1.', 'For support press 2.'],
      options: { '1': 'sales', '2': 'support' },
      timeoutMs: 4000,
      retries: 2,
      invalidPrompts: ['Not a choice.'],
      noInputPrompts: ['Nothing heard.'],
      onFailure: 'support',
    },
    { id: 'sales', kind: 'queue', queue: 'sales', attributes: { menu: 'sales' } },
    { id: 'support', kind: 'queue', queue: 'support' },
  ],
};

describe('a play step', () => {
  it('plays its prompts in the flow voice, then goes on', () => {
    const host = new FlowHost(salesAndSupport);
    expect(host.start()).toEqual([
      { kind: 'play', playback: 1, prompts: ['Welcome.'], voice: 'en-us', bargeIn: true },
    ]);
    expect(host.runner.state).toBe(FlowRunnerState.Prompting);
    expect(host.promptsFinished()).toEqual([
      {
        kind: 'play',
        playback: 2,
        prompts: ['For sales press 1.', 'For support press 2.'],
        voice: 'en-us',
        bargeIn: true,
      },
      { kind: 'collect-digits', maxDigits: 1, terminator: null, timeoutMs: 4000 },
    ]);
    expect(host.journal[0]).toEqual({ stepId: 'welcome', kind: 'play', outcome: 'played', to: 'menu' });
  });

  it('with barge-in, hands the key that cut it short to the next step (no menu prompt is started)', () => {
    const host = new FlowHost(salesAndSupport);
    host.start();
    expect(host.press('1')).toEqual([
      { kind: 'stop-prompts', playback: 1 },
      { kind: 'collect-digits', maxDigits: 1, terminator: null, timeoutMs: 4000 },
      { kind: 'enqueue', queue: 'sales', skills: [], attributes: { menu: 'sales' } },
    ]);
    expect(host.journal).toEqual([
      { stepId: 'welcome', kind: 'play', outcome: 'interrupted', choice: '1', to: 'menu' },
      { stepId: 'menu', kind: 'menu', outcome: 'chose', choice: '1', attempt: 1, to: 'sales' },
      { stepId: 'sales', kind: 'queue', outcome: 'enqueued' },
    ]);
  });

  it('without barge-in, ignores keys while it plays', () => {
    const host = new FlowHost({
      id: 'notice',
      start: 'notice',
      steps: [
        { id: 'notice', kind: 'play', prompts: ['Calls are recorded.'], next: 'bye' },
        { id: 'bye', kind: 'hangup' },
      ],
    });
    host.start();
    expect(host.press('5')).toEqual([]);
    expect(host.runner.ignored).toBe(1);
    expect(host.promptsFinished()).toEqual([{ kind: 'hang-up', reason: 'flow' }]);
  });
});

describe('a menu step', () => {
  function atMenu() {
    const host = new FlowHost(salesAndSupport);
    host.start();
    host.promptsFinished();
    return host;
  }

  it('waits for a key once its prompts finished, and a valid key chooses', () => {
    const host = atMenu();
    expect(host.promptsFinished()).toEqual([{ kind: 'start-timer', timer: 1, ms: 4000 }]);
    expect(host.runner.state).toBe(FlowRunnerState.WaitingForKeys);
    expect(host.press('2')).toEqual([{ kind: 'enqueue', queue: 'support', skills: [], attributes: {} }]);
    expect(host.runner.state).toBe(FlowRunnerState.Finished);
    expect(host.runner.result).toMatchObject({ kind: 'enqueue', queue: 'support' });
  });

  it('a key during the prompts stops them and chooses', () => {
    const host = atMenu();
    expect(host.press('1')).toEqual([
      { kind: 'stop-prompts', playback: 2 },
      { kind: 'enqueue', queue: 'sales', skills: [], attributes: { menu: 'sales' } },
    ]);
  });

  it('says sorry and asks again after a wrong key or silence, then gives up to onFailure', () => {
    const host = atMenu();
    host.promptsFinished();
    const retry = host.press('7');
    expect(retry[0]).toMatchObject({
      kind: 'play',
      prompts: ['Not a choice.', 'For sales press 1.', 'For support press 2.'],
    });
    host.promptsFinished();
    host.timeout();
    expect(host.lastPrompts).toEqual(['Nothing heard.', 'For sales press 1.', 'For support press 2.']);
    host.promptsFinished();
    expect(host.press('#')).toEqual([{ kind: 'enqueue', queue: 'support', skills: [], attributes: {} }]);
    expect(host.journal.filter((entry) => entry.stepId === 'menu')).toEqual([
      { stepId: 'menu', kind: 'menu', outcome: 'invalid', choice: '7', attempt: 1 },
      { stepId: 'menu', kind: 'menu', outcome: 'no-input', attempt: 2 },
      { stepId: 'menu', kind: 'menu', outcome: 'invalid', choice: '#', attempt: 3 },
      { stepId: 'menu', kind: 'menu', outcome: 'failed', attempt: 3, to: 'support' },
    ]);
  });

  it('ignores a stale timer, a stale prompt-finished, and keys that are not keys', () => {
    const host = atMenu();
    host.promptsFinished(); // timer 1
    host.press('9'); // wrong: asks again, timer 1 is stale now
    expect(host.send({ kind: 'timeout', timer: 1 })).toEqual([]);
    expect(host.send({ kind: 'prompt-finished', playback: 2 })).toEqual([]);
    expect(host.send({ kind: 'digit', digit: 'x' })).toEqual([]);
    expect(host.send({ kind: 'digit', digit: '12' })).toEqual([]);
    expect(host.send({ kind: 'hours', open: true })).toEqual([]);
    expect(host.runner.ignored).toBe(5);
    expect(host.runner.state).toBe(FlowRunnerState.Prompting);
  });

  it('takes keys the host gathered itself, and an empty entry counts as silence', () => {
    const host = atMenu();
    host.promptsFinished();
    expect(host.send({ kind: 'digits-collected', digits: '' })[0]).toMatchObject({
      kind: 'play',
      prompts: ['Nothing heard.', 'For sales press 1.', 'For support press 2.'],
    });
    host.promptsFinished();
    expect(host.send({ kind: 'digits-collected', digits: '2' })).toEqual([
      { kind: 'enqueue', queue: 'support', skills: [], attributes: {} },
    ]);
  });
});

describe('a collect step', () => {
  const account: FlowDefinitionInput = {
    id: 'account',
    start: 'ask',
    steps: [
      {
        id: 'ask',
        kind: 'collect',
        prompts: ['Enter your account number, then hash.'],
        attribute: 'account',
        minDigits: 4,
        maxDigits: 6,
        retries: 1,
        interDigitTimeoutMs: 2000,
        invalidPrompts: ['Too short.'],
        next: 'queue',
        onFailure: 'bye',
      },
      { id: 'queue', kind: 'queue', queue: 'billing' },
      { id: 'bye', kind: 'hangup' },
    ],
  };

  it('asks for digits with its limits and stores them in an attribute at the terminator', () => {
    const host = new FlowHost(account);
    expect(host.start()[1]).toEqual({
      kind: 'collect-digits',
      maxDigits: 6,
      terminator: '#',
      timeoutMs: 5000,
    });
    host.press('12');
    expect(host.last.at(-1)).toEqual({ kind: 'start-timer', timer: 2, ms: 2000 });
    expect(host.press('34#')).toEqual([
      { kind: 'start-timer', timer: 3, ms: 2000 },
      { kind: 'start-timer', timer: 4, ms: 2000 },
      { kind: 'enqueue', queue: 'billing', skills: [], attributes: { account: '1234' } },
    ]);
    expect(host.journal).toEqual([
      { stepId: 'ask', kind: 'collect', outcome: 'collected', digits: '1234', attempt: 1, to: 'queue' },
      { stepId: 'queue', kind: 'queue', outcome: 'enqueued' },
    ]);
  });

  it('ends at maxDigits, or when the caller pauses after enough digits', () => {
    const full = new FlowHost(account);
    full.start();
    expect(full.press('123456').at(-1)).toMatchObject({ attributes: { account: '123456' } });
    const paused = new FlowHost(account);
    paused.start();
    paused.promptsFinished();
    paused.press('98765');
    expect(paused.timeout()).toEqual([
      { kind: 'enqueue', queue: 'billing', skills: [], attributes: { account: '98765' } },
    ]);
  });

  it('asks again when too short, then fails over, and masks sensitive digits in the record', () => {
    const host = new FlowHost({
      ...account,
      steps: [{ ...account.steps[0]!, sensitive: true } as never, ...account.steps.slice(1)],
    });
    host.start();
    host.press('12#');
    expect(host.lastPrompts).toEqual(['Too short.', 'Enter your account number, then hash.']);
    host.promptsFinished();
    expect(host.timeout()).toEqual([{ kind: 'hang-up', reason: 'flow' }]);
    expect(host.journal).toEqual([
      { stepId: 'ask', kind: 'collect', outcome: 'too-short', digits: '**', attempt: 1 },
      { stepId: 'ask', kind: 'collect', outcome: 'no-input', digits: '', attempt: 2 },
      { stepId: 'ask', kind: 'collect', outcome: 'failed', attempt: 2, to: 'bye' },
      { stepId: 'bye', kind: 'hangup', outcome: 'hung-up' },
    ]);
  });
});

describe('check-hours, set, and the ends of a flow', () => {
  const hours = {
    timeZone: 'America/New_York',
    weekly: { mon: [{ from: '09:00', to: '17:00' }] },
  };
  const afterHours: FlowDefinitionInput = {
    id: 'hours',
    start: 'hours',
    steps: [
      { id: 'hours', kind: 'check-hours', hours, open: 'vip', closed: 'closed' },
      {
        id: 'vip',
        kind: 'set',
        attributes: { tier: 'gold' },
        skills: [{ skill: 'english', minLevel: 2 }],
        next: 'queue',
      },
      {
        id: 'queue',
        kind: 'queue',
        queue: 'support',
        skills: [{ skill: 'english', minLevel: 4 }, { skill: 'billing' }],
        attributes: { from: 'ivr' },
      },
      {
        id: 'closed',
        kind: 'menu',
        prompts: ['We are closed. Press 1 for voicemail, 2 for a callback, 3 for our partner, 4 for Alice.'],
        options: { '1': 'voicemail', '2': 'callback', '3': 'partner', '4': 'alice' },
        onFailure: 'bye',
      },
      { id: 'voicemail', kind: 'voicemail', mailbox: 'support' },
      { id: 'callback', kind: 'callback', queue: 'support' },
      { id: 'partner', kind: 'transfer', to: { number: '+15550199' } },
      { id: 'alice', kind: 'transfer', to: { agent: 'alice' } },
      { id: 'bye', kind: 'hangup' },
    ],
  };

  it('asks the host whether it is open, and the answer from business hours picks the branch', () => {
    const host = new FlowHost(afterHours);
    const [check] = host.start();
    expect(check).toEqual({
      kind: 'check-hours',
      hours: expect.objectContaining({ timeZone: 'America/New_York' }),
      queue: null,
    });
    if (check?.kind !== 'check-hours') throw new Error('expected check-hours');
    const mondayNoonInNewYork = Date.parse('2026-03-02T17:00:00Z');
    const answer = answerHoursCheck(check, mondayNoonInNewYork, () => undefined);
    expect(answer).toEqual({ kind: 'hours', open: true });
    expect(host.send(answer)).toEqual([
      {
        kind: 'enqueue',
        queue: 'support',
        // The queue step's own requirement for a skill wins over the set step's.
        skills: [
          { skill: 'english', minLevel: 4 },
          { skill: 'billing', minLevel: 1 },
        ],
        attributes: { tier: 'gold', from: 'ivr' },
      },
    ]);
    expect(host.journal.map((entry) => entry.outcome)).toEqual(['open', 'set', 'enqueued']);
  });

  it.each([
    ['1', { kind: 'voicemail', mailbox: 'support', attributes: {} }],
    ['2', { kind: 'callback', queue: 'support', attributes: {} }],
    ['3', { kind: 'transfer', to: { number: '+15550199' }, attributes: {} }],
    ['4', { kind: 'transfer', to: { agent: 'alice' }, attributes: {} }],
  ])('when closed, key %s ends in %o', (key, end) => {
    const host = new FlowHost(afterHours);
    host.start();
    host.send({ kind: 'hours', open: false });
    expect(host.press(key).at(-1)).toEqual(end);
    expect(host.runner.isFinished).toBe(true);
  });

  it("uses a queue's hours when the step names a queue; an unknown queue counts as closed", () => {
    const check = { kind: 'check-hours', hours: null, queue: 'support' } as const;
    const sunday = Date.parse('2026-03-01T17:00:00Z');
    expect(answerHoursCheck(check, sunday, () => null)).toEqual({ kind: 'hours', open: true });
    expect(
      answerHoursCheck(check, sunday, () => ({
        ...hours,
        weekly: { ...emptyWeek(), ...hours.weekly },
        holidays: [],
      })),
    ).toEqual({
      kind: 'hours',
      open: false,
    });
    expect(answerHoursCheck(check, sunday, () => undefined)).toEqual({ kind: 'hours', open: false });
  });
});

function emptyWeek() {
  return { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
}

describe('the runner as a whole', () => {
  it('stops taking events when the caller hangs up, and records it', () => {
    const host = new FlowHost(salesAndSupport);
    host.start();
    expect(host.send({ kind: 'caller-hung-up' })).toEqual([]);
    expect(host.runner.state).toBe(FlowRunnerState.Finished);
    expect(host.runner.result).toBeNull();
    expect(host.press('1')).toEqual([]);
    expect(host.journal).toEqual([{ stepId: 'welcome', kind: 'play', outcome: 'caller-hung-up' }]);
  });

  it('sends a caller who keeps choosing "again" to the fallback after maxSteps', () => {
    const host = new FlowHost({
      id: 'repeat',
      start: 'menu',
      maxSteps: 4,
      fallback: 'support',
      steps: [
        {
          id: 'menu',
          kind: 'menu',
          prompts: ['Press 9 to repeat.'],
          options: { '9': 'menu', '1': 'support' },
          onFailure: 'support',
        },
        { id: 'support', kind: 'queue', queue: 'support' },
      ],
    });
    host.start();
    host.press('9');
    host.press('9');
    host.press('9');
    const playing = host.lastPlayback;
    expect(host.press('9')).toEqual([
      { kind: 'stop-prompts', playback: playing },
      { kind: 'enqueue', queue: 'support', skills: [], attributes: {} },
    ]);
    expect(host.journal.at(-2)).toEqual({ stepId: 'menu', kind: 'menu', outcome: 'step-limit', attempt: 1 });
  });

  it('hangs up at the step limit when the flow has no fallback', () => {
    const host = new FlowHost({
      id: 'repeat',
      start: 'menu',
      maxSteps: 2,
      steps: [
        {
          id: 'menu',
          kind: 'menu',
          prompts: ['Press 9 to repeat.'],
          options: { '9': 'menu', '1': 'bye' },
          onFailure: 'bye',
        },
        { id: 'bye', kind: 'hangup' },
      ],
    });
    host.start();
    host.press('9');
    expect(host.press('9').at(-1)).toEqual({ kind: 'hang-up', reason: 'step-limit' });
  });

  it('starts once', () => {
    const host = new FlowHost(salesAndSupport);
    host.start();
    expect(() => host.start()).toThrow(InvalidStateError);
  });
});
