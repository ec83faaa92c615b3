/**
 * What the Teams presence gate holds back, and what it does when presence is old or missing.
 * Defaults follow DESIGN.md: an agent in a call, conference call or meeting, presenting, or on Do
 * Not Disturb is not offered calls.
 */

/** 'offer': treat the agent as free; 'hold-back': do not offer calls until presence is known again. */
export type PresenceFallback = 'offer' | 'hold-back';

export interface PresenceGateOptions {
  /** Activities that keep calls away (compared case-insensitively). */
  readonly busyActivities: readonly string[];
  /** Availabilities that keep calls away (compared case-insensitively). */
  readonly busyAvailabilities: readonly string[];
  /** Presence older than this is stale. */
  readonly staleAfterMs: number;
  /** For an agent whose presence is stale (the source stopped answering). */
  readonly whenStale: PresenceFallback;
  /** For an agent whose presence was never obtained, or that Teams reports as PresenceUnknown. */
  readonly whenUnknown: PresenceFallback;
}

export const DEFAULT_BUSY_ACTIVITIES: readonly string[] = [
  'InACall',
  'InAConferenceCall',
  'InAMeeting',
  'Presenting',
];
export const DEFAULT_BUSY_AVAILABILITIES: readonly string[] = ['DoNotDisturb'];

export const DEFAULT_PRESENCE_GATE_OPTIONS: PresenceGateOptions = {
  busyActivities: DEFAULT_BUSY_ACTIVITIES,
  busyAvailabilities: DEFAULT_BUSY_AVAILABILITIES,
  staleAfterMs: 120_000,
  whenStale: 'offer',
  whenUnknown: 'offer',
};

/** Fills in defaults and refuses impossible values with a TypeError that names them. */
export function presenceGateOptions(input: Partial<PresenceGateOptions> = {}): PresenceGateOptions {
  const options = { ...DEFAULT_PRESENCE_GATE_OPTIONS, ...stripUndefined(input) };
  if (!Number.isFinite(options.staleAfterMs) || options.staleAfterMs <= 0) {
    throw new TypeError(`presence staleAfterMs must be a positive number, got ${options.staleAfterMs}`);
  }
  for (const key of ['whenStale', 'whenUnknown'] as const) {
    if (options[key] !== 'offer' && options[key] !== 'hold-back') {
      throw new TypeError(`presence ${key} must be "offer" or "hold-back", got ${String(options[key])}`);
    }
  }
  for (const key of ['busyActivities', 'busyAvailabilities'] as const) {
    const list: unknown = options[key];
    if (!Array.isArray(list) || list.some((value) => typeof value !== 'string' || value.trim() === '')) {
      throw new TypeError(`presence ${key} must be a list of non-empty names`);
    }
  }
  return options;
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
