import { describe, expect, it } from 'vitest';
import { screenPopProblem, screenPopUrl, type ScreenPopValues } from './screen-pop.js';

const values: ScreenPopValues = {
  number: '+49 30 111&222',
  name: 'Ada "Countess" Lovelace',
  queue: 'sales/EU',
  callId: 'c-1',
  waited: '42',
};

describe('the screen-pop template', () => {
  it('fills in the caller, URL-encoded, so no value adds parameters or changes the path', () => {
    const url = screenPopUrl('https://crm.example/search?phone={number}&queue={queue}&who={name}', values);
    expect(url).toBe(
      'https://crm.example/search?phone=%2B49%2030%20111%26222&queue=sales%2FEU&who=Ada%20%22Countess%22%20Lovelace',
    );
    const parsed = new URL(url!);
    expect(parsed.searchParams.get('phone')).toBe('+49 30 111&222');
    expect([...parsed.searchParams.keys()]).toEqual(['phone', 'queue', 'who']);
  });

  it('leaves a value the call does not have empty', () => {
    expect(screenPopUrl('https://crm.example/c/{callId}?q={queue}', { ...values, queue: null })).toBe(
      'https://crm.example/c/c-1?q=',
    );
  });

  it('refuses what is not an http page, unknown placeholders, and placeholders in the host', () => {
    expect(screenPopProblem('https://crm.example/?p={number}')).toBeNull();
    expect(screenPopProblem('crm.example/?p={number}')).toBe('not-a-url');
    expect(screenPopProblem('javascript:alert({number})')).toBe('not-http');
    expect(screenPopProblem('file:///etc/passwd')).toBe('not-http');
    expect(screenPopProblem('https://crm.example/?p={phone}')).toBe('unknown-placeholder');
    expect(screenPopProblem('https://{queue}.crm.example/')).toBe('placeholder-in-host');
    expect(screenPopProblem('https://crm.example@{name}/x')).toBe('placeholder-in-host');
    expect(screenPopUrl('https://{queue}.crm.example/', values)).toBeNull();
  });
});
