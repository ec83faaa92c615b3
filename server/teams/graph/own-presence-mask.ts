/**
 * Hides from the presence gate the presence Tandem set itself. While an agent is on a Tandem call we
 * show Busy / InACall in Teams (TeamsPresenceWriter); Graph then reports that InACall back to us,
 * and the gate would hold the agent back after the call for as long as Teams keeps showing it.
 * Routing knows the agent is on our call already, so the presence we set means nothing to the gate.
 *
 * A PresenceSource around another one: for a user marked as "ours", a presence equal to what we
 * set (availability and activity) is passed on as Available. Any other presence (a Teams meeting
 * during our call, Do Not Disturb) passes unchanged. After the call the mark stays until Graph
 * reports anything else (our session is gone), or `settleMs` at most, as Graph takes a moment to
 * drop our session; then the latest real presence counts again, so an agent who really went into a
 * Teams call is held back.
 */
import type {
  PresenceListener,
  PresenceSource,
  PresenceSourceHealth,
  TeamsPresence,
} from '../../routing/presence/presence-source-types.js';

export interface OwnPresence {
  readonly availability: string;
  readonly activity: string;
}

interface Mark {
  readonly own: OwnPresence;
  settleTimer: NodeJS.Timeout | null;
}

export class OwnPresenceMask implements PresenceSource {
  private readonly marks = new Map<string, Mark>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly latest = new Map<string, TeamsPresence>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly inner: PresenceSource,
    private readonly settleMs = 30_000,
  ) {
    for (const presence of inner.snapshot()) this.latest.set(key(presence.teamsUserId), presence);
    this.unsubscribe = inner.subscribe(({ presences }) => {
      for (const presence of presences) {
        this.latest.set(key(presence.teamsUserId), presence);
        this.dropSettledMark(presence);
      }
      this.emit(presences.map((presence) => this.masked(presence)));
    });
  }

  /** We show `own` for this Teams user from now on. */
  mark(teamsUserId: string, own: OwnPresence): void {
    const previous = this.marks.get(key(teamsUserId));
    if (previous?.settleTimer) clearTimeout(previous.settleTimer);
    this.marks.set(key(teamsUserId), { own, settleTimer: null });
    this.redeliver(teamsUserId);
  }

  /** We cleared what we showed: the real presence counts again after the settle time. */
  unmark(teamsUserId: string): void {
    const mark = this.marks.get(key(teamsUserId));
    if (!mark || mark.settleTimer) return;
    mark.settleTimer = setTimeout(() => {
      if (this.marks.get(key(teamsUserId)) !== mark) return;
      this.marks.delete(key(teamsUserId));
      this.redeliver(teamsUserId);
    }, this.settleMs);
    mark.settleTimer.unref();
  }

  watch(teamsUserIds: Iterable<string>): void {
    this.inner.watch(teamsUserIds);
  }

  subscribe(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): readonly TeamsPresence[] {
    return this.inner.snapshot().map((presence) => this.masked(presence));
  }

  health(): PresenceSourceHealth {
    return this.inner.health();
  }

  close(): void {
    this.unsubscribe();
    for (const mark of this.marks.values()) if (mark.settleTimer) clearTimeout(mark.settleTimer);
    this.marks.clear();
    this.listeners.clear();
    this.inner.close();
  }

  /** Cleared by us and Graph shows something else: our session is gone, the mark has done its work. */
  private dropSettledMark(presence: TeamsPresence): void {
    const mark = this.marks.get(key(presence.teamsUserId));
    if (!mark?.settleTimer || isOwn(mark.own, presence)) return;
    clearTimeout(mark.settleTimer);
    this.marks.delete(key(presence.teamsUserId));
  }

  private masked(presence: TeamsPresence): TeamsPresence {
    const own = this.marks.get(key(presence.teamsUserId))?.own;
    if (!own) return presence;
    return isOwn(own, presence)
      ? { ...presence, availability: 'Available', activity: 'Available' }
      : presence;
  }

  private redeliver(teamsUserId: string): void {
    const presence = this.latest.get(key(teamsUserId));
    if (presence) this.emit([this.masked(presence)]);
  }

  private emit(presences: readonly TeamsPresence[]): void {
    if (presences.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener({ presences });
      } catch {
        // One listener failing must not keep presence from the others (the feeder logs its own).
      }
    }
  }
}

function isOwn(own: OwnPresence, presence: TeamsPresence): boolean {
  return (
    own.availability.toLowerCase() === presence.availability.toLowerCase() &&
    own.activity.toLowerCase() === presence.activity.toLowerCase()
  );
}

function key(teamsUserId: string): string {
  return teamsUserId.trim().toLowerCase();
}
