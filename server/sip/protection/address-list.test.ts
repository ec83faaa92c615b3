import { describe, expect, it } from 'vitest';
import { AddressList } from './address-list.js';

describe('AddressList', () => {
  it('matches exact addresses and CIDR ranges of both families', () => {
    const list = new AddressList(['127.0.0.1', '10.20.0.0/16', '2001:db8::/32']);
    expect(list.has('127.0.0.1')).toBe(true);
    expect(list.has('127.0.0.2')).toBe(false);
    expect(list.has('10.20.255.1')).toBe(true);
    expect(list.has('10.21.0.1')).toBe(false);
    expect(list.has('2001:db8::5')).toBe(true);
    expect(list.has('not-an-address')).toBe(false);
    expect(new AddressList([]).has('127.0.0.1')).toBe(false);
  });

  it('refuses entries that are not addresses', () => {
    expect(() => new AddressList(['example.com'])).toThrow(TypeError);
    expect(() => new AddressList(['10.0.0.0/33'])).toThrow(/prefix/);
  });
});
