/**
 * Which trunk a request comes from, by its source address (the trunk's `allowedSources`). A call
 * from an address no trunk lists is refused with 403 before anything else is spent on it.
 */
import type { Trunk, TrunkRepository } from '../store/store-types.js';
import { AddressList } from '../sip/protection/address-list.js';

export class TrunkDirectory {
  private entries: { trunk: Trunk; sources: AddressList }[] = [];

  constructor(private readonly trunks: TrunkRepository) {
    this.reload();
  }

  /** Reads the trunks again (after an admin change). */
  reload(): void {
    this.entries = this.trunks
      .list()
      .map((trunk) => ({ trunk, sources: new AddressList(trunk.allowedSources) }));
  }

  identify(source: string): Trunk | null {
    return this.entries.find((entry) => entry.sources.has(source))?.trunk ?? null;
  }
}
