import { describe, expect, it } from 'vitest';
import { BoundedLruMap } from './bounded-lru-map.js';

describe('BoundedLruMap', () => {
  it('forgets the least recently used entry when full, counting reads as use', () => {
    const map = new BoundedLruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
    expect(map.size).toBe(2);
  });

  it('replaces a value without growing', () => {
    const map = new BoundedLruMap<string, number>(2);
    map.set('a', 1);
    map.set('a', 2);
    expect(map.size).toBe(1);
    expect(map.get('a')).toBe(2);
  });

  it('tells who was evicted, lets one peek without touching, and shows the next in line', () => {
    const evicted: string[] = [];
    const map = new BoundedLruMap<string, number>(2, (key, value) => evicted.push(`${key}=${value}`));
    map.set('a', 1);
    map.set('b', 2);
    expect(map.peek('a')).toBe(1);
    expect(map.oldest()).toEqual({ key: 'a', value: 1 });
    map.set('c', 3);
    expect(evicted).toEqual(['a=1']);
    expect(map.delete('b')).toBe(true);
    expect(map.delete('b')).toBe(false);
    expect(evicted).toEqual(['a=1']);
    expect(map.oldest()).toEqual({ key: 'c', value: 3 });
    map.clear();
    expect(map.oldest()).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedLruMap(0)).toThrow(TypeError);
    expect(() => new BoundedLruMap(1.5)).toThrow(TypeError);
  });
});
