/**
 * Loading a flow: what an administrator's mistakes look like. Each refusal names the field at
 * fault and says what is wrong, and a flow that passes cannot trap a caller.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/errors.js';
import { parseFlow, parseFlowText } from './flow-loader.js';
import type { FlowDefinitionInput } from './flow-schema.js';

const menu = (options: Record<string, string>, onFailure = 'support') => ({
  id: 'menu',
  kind: 'menu' as const,
  prompts: ['For sales press 1'],
  options,
  onFailure,
});

function flow(steps: FlowDefinitionInput['steps'], extra: Partial<FlowDefinitionInput> = {}) {
  return { id: 'test', start: steps[0]?.id ?? 'none', steps, ...extra };
}

const queues = [
  { id: 'sales', kind: 'queue' as const, queue: 'sales' },
  { id: 'support', kind: 'queue' as const, queue: 'support' },
];

function problemsOf(input: unknown): readonly string[] {
  try {
    parseFlow(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('the flow was accepted');
}

describe('a flow definition', () => {
  it('accepts a small menu and fills in the defaults', () => {
    const parsed = parseFlow(flow([menu({ '1': 'sales', '2': 'support' }), ...queues]));
    expect(parsed).toMatchObject({ voice: 'en-us', maxSteps: 50, name: '' });
    expect(parsed.steps[0]).toMatchObject({ timeoutMs: 5000, retries: 2 });
  });

  it('names a step that points at a step that does not exist', () => {
    expect(problemsOf(flow([menu({ '1': 'sales', '2': 'suport' }), ...queues]))).toEqual([
      'steps.0.options.2: no step "suport" (steps: menu, sales, support)',
    ]);
    expect(problemsOf(flow(queues, { start: 'welcome' }))).toEqual([
      'start: no step "welcome" (steps: sales, support)',
    ]);
  });

  it('refuses menu options that are not keys of a keypad', () => {
    expect(problemsOf(flow([menu({ '1': 'sales', '12': 'support', a: 'support' }), ...queues]))).toEqual([
      'steps.0.options.12: "12" is not a key of the keypad: expected one of 0-9, * or #',
      'steps.0.options.a: "a" is not a key of the keypad: expected one of 0-9, * or #',
    ]);
    expect(problemsOf(flow([menu({}), ...queues]))).toEqual([
      'steps.0.options: expected at least one option',
    ]);
  });

  it('refuses a step id used twice, and an unknown kind', () => {
    expect(problemsOf(flow([menu({ '1': 'sales' }), ...queues, queues[0]!]))).toEqual([
      'steps.3.id: step id "sales" is used twice',
    ]);
    const problems = problemsOf(flow([{ id: 'x', kind: 'dance' } as never]));
    expect(problems[0]).toMatch(/^steps\.0\.kind: Invalid discriminator value/);
  });

  it('refuses steps nobody reaches', () => {
    expect(problemsOf(flow([menu({ '1': 'sales' }, 'sales'), ...queues]))).toEqual([
      'steps.2: step "support" is never reached from "menu"',
    ]);
  });

  it('refuses a loop with no way out, even one through a menu', () => {
    const trap = flow([
      { id: 'start', kind: 'menu', prompts: ['Press 1'], options: { '1': 'again' }, onFailure: 'again' },
      { id: 'again', kind: 'play', prompts: ['Again'], next: 'start' },
    ]);
    expect(problemsOf(trap)).toEqual([
      'steps.0: step "start" can never reach an end (queue, transfer, voicemail, callback, hangup): a loop with no way out',
      'steps.1: step "again" can never reach an end (queue, transfer, voicemail, callback, hangup): a loop with no way out',
    ]);
  });

  it('refuses a loop that never waits for the caller, though it has a way out', () => {
    const spin = flow([
      { id: 'hold', kind: 'play', prompts: ['Please hold'], next: 'hours' },
      { id: 'hours', kind: 'check-hours', queue: 'support', open: 'hold', closed: 'bye' },
      { id: 'bye', kind: 'hangup' },
    ]);
    expect(problemsOf(spin)).toEqual([
      'steps.0: steps hold -> hours -> hold loop without ever waiting for the caller (put a menu in the loop)',
    ]);
  });

  it('accepts a loop through a menu ("press 9 to hear this again")', () => {
    const repeat = flow([menu({ '1': 'sales', '9': 'menu' }), ...queues]);
    expect(() => parseFlow(repeat)).not.toThrow();
  });

  it('checks each kind of step for its own fields', () => {
    const problems = problemsOf(
      flow([
        {
          id: 'account',
          kind: 'collect',
          prompts: [],
          attribute: 'account',
          minDigits: 8,
          maxDigits: 4,
          next: 'hours',
          onFailure: 'bye',
        },
        { id: 'hours', kind: 'check-hours', open: 'call', closed: 'bye' },
        { id: 'call', kind: 'transfer', to: { number: '5550123' } },
        { id: 'bye', kind: 'hangup', extra: true } as never,
      ]),
    );
    expect(problems).toEqual([
      'steps.0.prompts: expected at least one prompt',
      'steps.0.minDigits: expected minDigits to be at most maxDigits',
      'steps.1: expected either "hours" or "queue", not both and not neither',
      'steps.2.to.number: expected an E.164 number like +15550100',
      'steps.3.extra: unknown key',
    ]);
  });

  it('refuses a collect step whose minimum is above its maximum, and a fallback that is not an end', () => {
    expect(
      problemsOf(
        flow([
          {
            id: 'account',
            kind: 'collect',
            prompts: ['Your account number'],
            attribute: 'account',
            minDigits: 8,
            maxDigits: 4,
            next: 'sales',
            onFailure: 'sales',
          },
          queues[0]!,
        ]),
      ),
    ).toEqual(['steps.0.minDigits: expected minDigits to be at most maxDigits']);
    expect(
      problemsOf(flow([menu({ '1': 'sales', '2': 'support' }), ...queues], { fallback: 'menu' })),
    ).toEqual(['fallback: the fallback must be an end step (queue, transfer, voicemail, callback, hangup)']);
  });

  it('reads YAML, and says where a document is not YAML at all', () => {
    const parsed = parseFlowText(
      [
        'id: yaml-menu',
        'start: menu',
        'steps:',
        '  - { id: menu, kind: menu, prompts: ["Press 1"], options: { "1": sales }, onFailure: sales }',
        '  - { id: sales, kind: queue, queue: sales }',
      ].join('\n'),
    );
    expect(parsed.steps.map((step) => step.kind)).toEqual(['menu', 'queue']);
    expect(() => parseFlowText('id: [unclosed', 'flow file broken.yaml')).toThrow(
      /^invalid flow file broken\.yaml:\n {2}\(document\): /,
    );
    expect(() => parseFlowText('just text')).toThrow(ConfigError);
  });
});
