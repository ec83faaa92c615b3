import { describe, expect, it } from 'vitest';
import { MULAW_SILENCE, PlayerState, PromptPlayer } from './prompt-player.js';

const frame = () => new Uint8Array(160);
const clip = (value: number, length: number) => new Uint8Array(length).fill(value);

describe('the prompt player', () => {
  it('plays clips back to back with no gap, pads the last frame, then is idle', () => {
    const player = new PromptPlayer();
    player.start([clip(1, 100), clip(2, 150)]);
    const first = frame();
    expect(player.fill(first)).toBe('prompt');
    expect([...first.subarray(0, 100)].every((code) => code === 1)).toBe(true);
    expect([...first.subarray(100)].every((code) => code === 2)).toBe(true);
    const second = frame();
    expect(player.fill(second)).toBe('prompt');
    expect([...second.subarray(0, 90)].every((code) => code === 2)).toBe(true);
    expect([...second.subarray(90)].every((code) => code === MULAW_SILENCE)).toBe(true);
    expect(player.state).toBe(PlayerState.Idle);
    expect(player.fill(frame())).toBe('silence');
  });

  it('loops the hold music between prompts and resumes it where it was', () => {
    const player = new PromptPlayer();
    const music = Uint8Array.from({ length: 240 }, (_, index) => index % 200);
    player.setLoop(music);
    const out = frame();
    expect(player.fill(out)).toBe('loop');
    player.start([clip(7, 160)]);
    expect(player.fill(frame())).toBe('prompt');
    expect(player.fill(out)).toBe('loop');
    expect(out[0]).toBe(160 % 200);
    expect(out[80]).toBe(0); // wrapped at 240
  });

  it('stops at once, and an empty list plays nothing', () => {
    const player = new PromptPlayer();
    player.start([clip(3, 1000)]);
    player.stop();
    expect(player.fill(frame())).toBe('silence');
    player.start([new Uint8Array(0)]);
    expect(player.state).toBe(PlayerState.Idle);
  });
});
