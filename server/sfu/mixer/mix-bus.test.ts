/**
 * The mixer's fast path (one shared sum, less one's own voice, plus whispers) against the plain
 * definition: for each listener, the clipped sum of every voice `hears()` allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, MixBus } from './mix-bus.js';
import { checkRole, hears, isHeardByEveryone, MIXER_ROLES, type RoleHolder } from './mixer-roles.js';

interface Voice extends RoleHolder {
  frame: Int16Array | null; // null: silent this tick
}

function fastMix(voices: readonly Voice[]): Map<string, Int16Array> {
  const bus = new MixBus();
  bus.clear();
  for (const voice of voices)
    if (voice.frame && isHeardByEveryone(voice.role)) bus.addHeardByEveryone(voice.frame);
  const mixes = new Map<string, Int16Array>();
  for (const listener of voices) {
    const out = new Int16Array(FRAME_SAMPLES);
    const own = isHeardByEveryone(listener.role) ? listener.frame : null;
    const whispers = voices
      .filter((voice) => voice.role === 'whisper' && voice.whisperTo === listener.id && voice.frame)
      .map((voice) => voice.frame!);
    bus.renderFor(out, own, whispers);
    mixes.set(listener.id, out);
  }
  return mixes;
}

function plainMix(voices: readonly Voice[], listener: Voice): Int16Array {
  const out = new Int16Array(FRAME_SAMPLES);
  for (let index = 0; index < FRAME_SAMPLES; index += 1) {
    let sum = 0;
    for (const speaker of voices) if (speaker.frame && hears(listener, speaker)) sum += speaker.frame[index]!;
    out[index] = Math.max(-32768, Math.min(32767, sum));
  }
  return out;
}

const voiceArbitrary = (count: number) =>
  fc.tuple(
    ...Array.from({ length: count }, (_, index) =>
      fc.record({
        role: fc.constantFrom(...MIXER_ROLES),
        whisperTarget: fc.integer({ min: 0, max: count - 1 }),
        frame: fc.option(fc.integer({ min: -32768, max: 32767 })),
        seed: fc.integer({ min: 0, max: 1000 }),
        index: fc.constant(index),
      }),
    ),
  );

describe('mix bus', () => {
  it('gives every listener exactly the clipped sum of the voices it may hear', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((count) => voiceArbitrary(count)),
        (specs) => {
          const voices: Voice[] = specs.map((spec) => {
            const whisperTo =
              spec.whisperTarget === spec.index ? (spec.index + 1) % specs.length : spec.whisperTarget;
            const canWhisper = specs.length > 1;
            const role = spec.role === 'whisper' && !canWhisper ? 'full' : spec.role;
            const frame =
              spec.frame === null
                ? null
                : Int16Array.from({ length: FRAME_SAMPLES }, (_, n) =>
                    Math.round(spec.frame! * Math.sin((n + spec.seed) / 7)),
                  );
            return {
              id: `p${spec.index}`,
              role,
              whisperTo: role === 'whisper' ? `p${whisperTo}` : null,
              frame,
            };
          });
          const mixes = fastMix(voices);
          for (const listener of voices) expect(mixes.get(listener.id)).toEqual(plainMix(voices, listener));
        },
      ),
    );
  });

  it('clips instead of wrapping around when loud voices add up', () => {
    const loud = new Int16Array(FRAME_SAMPLES).fill(30_000);
    const bus = new MixBus();
    bus.clear();
    bus.addHeardByEveryone(loud);
    bus.addHeardByEveryone(loud);
    const out = new Int16Array(FRAME_SAMPLES);
    bus.renderFor(out, null, [new Int16Array(FRAME_SAMPLES).fill(-32768), loud]);
    expect(out[0]).toBe(32767);
  });
});

describe('mixer roles', () => {
  const agent: RoleHolder = { id: 'agent', role: 'full', whisperTo: null };
  const caller: RoleHolder = { id: 'caller', role: 'full', whisperTo: null };
  const coach: RoleHolder = { id: 'coach', role: 'whisper', whisperTo: 'agent' };
  const monitor: RoleHolder = { id: 'monitor', role: 'listen', whisperTo: null };

  it('lets only the agent hear a whisper, and nobody a silent monitor', () => {
    expect(hears(agent, coach)).toBe(true);
    expect(hears(caller, coach)).toBe(false);
    expect(hears(monitor, coach)).toBe(false);
    expect([agent, caller, coach].some((listener) => hears(listener, monitor))).toBe(false);
    expect([agent, caller].every((listener) => hears(monitor, listener) && hears(coach, listener))).toBe(
      true,
    );
    expect(hears(agent, agent)).toBe(false);
  });

  it('refuses a whisper to nobody or to oneself, and whisperTo on other roles', () => {
    expect(() => checkRole('coach', 'whisper', null)).toThrow(TypeError);
    expect(() => checkRole('coach', 'whisper', 'coach')).toThrow(TypeError);
    expect(() => checkRole('agent', 'full', 'caller')).toThrow(TypeError);
    expect(() => checkRole('agent', 'loud' as never, null)).toThrow(TypeError);
    expect(() => checkRole('coach', 'whisper', 'agent')).not.toThrow();
  });
});
