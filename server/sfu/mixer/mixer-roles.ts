/**
 * Who hears whom in a mixer. Four roles, as a supervisor uses them on a live call:
 *
 *   full    a caller, an agent, a third party: hears everyone, heard by everyone
 *   listen  silent monitoring: hears everyone, heard by no one
 *   whisper coaching: hears everyone, heard only by the participant named in `whisperTo`
 *   barge   the supervisor joins the call: the same as full
 *
 * Nobody ever hears their own voice.
 */
export type MixerRole = 'full' | 'listen' | 'whisper' | 'barge';

export const MIXER_ROLES: readonly MixerRole[] = ['full', 'listen', 'whisper', 'barge'];

export interface RoleHolder {
  readonly id: string;
  readonly role: MixerRole;
  /** The one listener a `whisper` participant is heard by; null for other roles. */
  readonly whisperTo: string | null;
}

export function isHeardByEveryone(role: MixerRole): boolean {
  return role === 'full' || role === 'barge';
}

export function hears(listener: RoleHolder, speaker: RoleHolder): boolean {
  if (listener.id === speaker.id) return false;
  if (isHeardByEveryone(speaker.role)) return true;
  return speaker.role === 'whisper' && speaker.whisperTo === listener.id;
}

/** Refuses role settings that make no sense, at the boundary (TypeError). */
export function checkRole(id: string, role: MixerRole, whisperTo: string | null | undefined): void {
  if (!MIXER_ROLES.includes(role)) throw new TypeError(`participant ${id}: unknown role ${String(role)}`);
  if (role === 'whisper' && !whisperTo) {
    throw new TypeError(`participant ${id}: a whisper needs the id of the one who hears it (whisperTo)`);
  }
  if (role !== 'whisper' && whisperTo) {
    throw new TypeError(`participant ${id}: whisperTo is only for the whisper role, not ${role}`);
  }
  if (whisperTo === id) throw new TypeError(`participant ${id}: cannot whisper to itself`);
}
