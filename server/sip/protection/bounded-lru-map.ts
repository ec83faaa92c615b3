/**
 * A Map that holds at most `capacity` entries and forgets the least recently used one to make room: the
 * memory bound every per-source table relies on, since an attacker controls how many distinct sources
 * (spoofed UDP addresses, user names, nonces) we see.
 *
 * Recency is kept in a doubly linked list beside the Map rather than in the Map's own insertion order:
 * finding a Map's first entry after many deletions means stepping over the deleted slots, which made
 * eviction cost grow with the table (a million sources through a 10 000 cap: 9 s that way, under 1 s with
 * the list).
 */

interface Entry<K, V> {
  readonly key: K;
  value: V;
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
}

export class BoundedLruMap<K, V> {
  readonly #entries = new Map<K, Entry<K, V>>();
  #oldest: Entry<K, V> | undefined;
  #newest: Entry<K, V> | undefined;

  /** `onEvict` hears of every entry dropped to make room (not of explicit deletes). */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, marking it as the most recently used. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#unlink(entry);
    this.#append(entry);
    return entry.value;
  }

  /** The value for `key` without changing its recency. */
  peek(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** The least recently used entry, next in line for eviction. */
  oldest(): { readonly key: K; readonly value: V } | undefined {
    return this.#oldest === undefined ? undefined : { key: this.#oldest.key, value: this.#oldest.value };
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used beyond capacity. */
  set(key: K, value: V): void {
    const existing = this.#entries.get(key);
    if (existing !== undefined) {
      existing.value = value;
      this.#unlink(existing);
      this.#append(existing);
      return;
    }
    const entry: Entry<K, V> = { key, value, older: undefined, newer: undefined };
    this.#entries.set(key, entry);
    this.#append(entry);
    if (this.#entries.size > this.capacity && this.#oldest !== undefined) {
      const evicted = this.#oldest;
      this.#remove(evicted);
      this.onEvict?.(evicted.key, evicted.value);
    }
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#remove(entry);
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#oldest = undefined;
    this.#newest = undefined;
  }

  #remove(entry: Entry<K, V>): void {
    this.#unlink(entry);
    this.#entries.delete(entry.key);
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  #append(entry: Entry<K, V>): void {
    entry.older = this.#newest;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }
}
