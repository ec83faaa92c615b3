/**
 * A list of addresses and CIDR ranges (IPv4 and IPv6), e.g. the trusted sources that are never
 * rate-limited. Entries that are not addresses are refused when the list is built.
 */
import { BlockList, isIP } from 'node:net';

/** Answers remembered per address: the check runs for every request, and a BlockList lookup allocates. */
const CACHE_LIMIT = 4_096;

export class AddressList {
  private readonly list = new BlockList();
  private readonly empty: boolean;
  private readonly answers = new Map<string, boolean>();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const family = isIP(address);
      if (family === 0) throw new TypeError(`not an IP address or CIDR range: ${entry}`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.list.addAddress(address, type);
      else {
        const bits = Number(prefix);
        if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
          throw new TypeError(`bad prefix length in ${entry}`);
        }
        this.list.addSubnet(address, bits, type);
      }
    }
    this.empty = entries.length === 0;
  }

  has(address: string): boolean {
    if (this.empty) return false;
    const known = this.answers.get(address);
    if (known !== undefined) return known;
    const family = isIP(address);
    const answer = family !== 0 && this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    // A scan from many addresses must not grow the cache: it starts over when full.
    if (this.answers.size >= CACHE_LIMIT) this.answers.clear();
    this.answers.set(address, answer);
    return answer;
  }
}
