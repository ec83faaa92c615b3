/**
 * Where routing learns what Teams says about people: the contract a presence source (Microsoft
 * Graph polling, later change notifications) implements. Routing never imports the source itself;
 * server/teams implements this interface and the wiring hands it to the PresenceFeeder.
 *
 * Users are named by the ids the caller watches (an Entra object id or a UPN): a source that has to
 * translate them (Graph answers by object id) reports under the id it was asked for.
 */

/** Teams availability values (Graph `presence.availability`). Unknown values are passed through. */
export type TeamsAvailability =
  | 'Available'
  | 'AvailableIdle'
  | 'Away'
  | 'BeRightBack'
  | 'Busy'
  | 'BusyIdle'
  | 'DoNotDisturb'
  | 'Offline'
  | 'PresenceUnknown'
  | (string & {});

/** Teams activity values (Graph `presence.activity`). Unknown values are passed through. */
export type TeamsActivity =
  | 'Available'
  | 'Away'
  | 'BeRightBack'
  | 'Busy'
  | 'DoNotDisturb'
  | 'InACall'
  | 'InAConferenceCall'
  | 'Inactive'
  | 'InAMeeting'
  | 'Offline'
  | 'OffWork'
  | 'OutOfOffice'
  | 'PresenceUnknown'
  | 'Presenting'
  | 'UrgentInterruptionsOnly'
  | (string & {});

/** One user's presence as the source last saw it. */
export interface TeamsPresence {
  /** The id it was watched under (object id or UPN, as given to `watch`). */
  readonly teamsUserId: string;
  readonly availability: TeamsAvailability;
  readonly activity: TeamsActivity;
  /** When the source obtained it (ms since the epoch): the gate's staleness is measured from here. */
  readonly observedAt: number;
}

/** Presences obtained together (one poll, one notification). */
export interface PresenceBatch {
  readonly presences: readonly TeamsPresence[];
}

export type PresenceListener = (batch: PresenceBatch) => void;

/** How the source is doing, for a health page: ok, degraded (failing, retrying) or down. */
export type PresenceSourceState = 'ok' | 'degraded' | 'down';

export interface PresenceSourceHealth {
  readonly state: PresenceSourceState;
  /** Last time presences were obtained, or null if never. */
  readonly lastSuccessAt: number | null;
  readonly lastError: string | null;
  readonly consecutiveFailures: number;
  /** When the next attempt is due (after the interval, a Retry-After or a back-off), or null when idle. */
  readonly nextAttemptAt: number | null;
  /** How many ids are watched. */
  readonly watched: number;
}

export interface PresenceSource {
  /** Replaces the set of watched users; an empty set stops asking. */
  watch(teamsUserIds: Iterable<string>): void;
  /** Called with every batch of presences obtained; returns the function that unsubscribes. */
  subscribe(listener: PresenceListener): () => void;
  /** Latest known presences of the watched users (possibly old: compare `observedAt`). */
  snapshot(): readonly TeamsPresence[];
  health(): PresenceSourceHealth;
  /** Stops for good; idempotent. Pending requests are abandoned, never reported. */
  close(): void;
}
