/** Test support: a PresenceSource whose presences the test sets by hand. */
import type {
  PresenceListener,
  PresenceSource,
  PresenceSourceHealth,
  TeamsPresence,
} from './presence-source-types.js';

export class InMemoryPresenceSource implements PresenceSource {
  watched: string[] = [];
  private readonly listeners = new Set<PresenceListener>();
  private readonly latest = new Map<string, TeamsPresence>();

  watch(teamsUserIds: Iterable<string>): void {
    this.watched = [...teamsUserIds].sort();
  }

  subscribe(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): readonly TeamsPresence[] {
    return [...this.latest.values()];
  }

  health(): PresenceSourceHealth {
    return {
      state: 'ok',
      lastSuccessAt: null,
      lastError: null,
      consecutiveFailures: 0,
      nextAttemptAt: null,
      watched: this.watched.length,
    };
  }

  close(): void {
    this.listeners.clear();
  }

  /** Delivers one batch, as a poll would. */
  report(
    observedAt: number,
    ...entries: [teamsUserId: string, availability: string, activity: string][]
  ): void {
    const presences = entries.map(([teamsUserId, availability, activity]) => ({
      teamsUserId,
      availability,
      activity,
      observedAt,
    }));
    for (const presence of presences) this.latest.set(presence.teamsUserId, presence);
    for (const listener of this.listeners) listener({ presences });
  }
}
