import { describe, expect, it } from 'vitest';
import { chooseInstance, type Candidate } from './instance-selection.js';

const instance = (id: string, isHealthy = true): Candidate => ({ id, isHealthy });

function pickMany(instances: Candidate[], count: number, sessions = new Map<string, number>()) {
  let cursor = 0;
  const picked: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const choice = chooseInstance(instances, (candidate) => sessions.get(candidate.id) ?? 0, cursor);
    if (!choice) break;
    picked.push(choice.instance.id);
    cursor = choice.cursor;
  }
  return picked;
}

describe('choosing an rtpengine for a new session', () => {
  it('takes the healthy instance with the fewest sessions', () => {
    const sessions = new Map([
      ['a', 5],
      ['b', 2],
      ['c', 0],
    ]);
    const choice = chooseInstance(
      [instance('a'), instance('b'), instance('c', false)],
      (c) => sessions.get(c.id)!,
      0,
    );
    expect(choice?.instance.id).toBe('b');
  });

  it('takes equally loaded instances in turn', () => {
    expect(pickMany([instance('a'), instance('b'), instance('c')], 6)).toEqual([
      'a',
      'b',
      'c',
      'a',
      'b',
      'c',
    ]);
  });

  it('balances as sessions are added', () => {
    const sessions = new Map<string, number>();
    const instances = [instance('a'), instance('b')];
    let cursor = 0;
    for (let i = 0; i < 10; i += 1) {
      const choice = chooseInstance(instances, (c) => sessions.get(c.id) ?? 0, cursor)!;
      sessions.set(choice.instance.id, (sessions.get(choice.instance.id) ?? 0) + 1);
      cursor = choice.cursor;
    }
    expect([...sessions.values()]).toEqual([5, 5]);
  });

  it('skips unhealthy and excluded instances, and has no answer when none is left', () => {
    const instances = [instance('a', false), instance('b'), instance('c')];
    expect(chooseInstance(instances, () => 0, 0, new Set(['b']))?.instance.id).toBe('c');
    expect(chooseInstance(instances, () => 0, 0, new Set(['b', 'c']))).toBeNull();
    expect(chooseInstance([], () => 0, 0)).toBeNull();
  });
});
