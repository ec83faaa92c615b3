import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  ringing: [callId: string];
  ended: [callId: string, reason: string];
}

describe('TypedEmitter', () => {
  it('delivers events to listeners, once-listeners only once, and stops after off', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const off = emitter.on('ended', (callId, reason) => seen.push(`${callId}:${reason}`));
    emitter.once('ringing', (callId) => seen.push(`ringing ${callId}`));
    emitter.emit('ringing', 'c1');
    emitter.emit('ringing', 'c1');
    emitter.emit('ended', 'c1', 'bye');
    off();
    emitter.emit('ended', 'c1', 'again');
    expect(seen).toEqual(['ringing c1', 'c1:bye']);
  });

  it('keeps delivering to other listeners when one throws, and logs the error', () => {
    const error = vi.fn();
    const emitter = new TypedEmitter<Events>({ error } as never);
    const after = vi.fn();
    emitter.on('ringing', () => {
      throw new Error('listener bug');
    });
    emitter.on('ringing', after);
    expect(() => emitter.emit('ringing', 'c2')).not.toThrow();
    expect(after).toHaveBeenCalledWith('c2');
    expect(error).toHaveBeenCalledOnce();
  });
});
