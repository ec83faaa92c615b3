/**
 * Comparing secrets without leaking, through timing, how many leading characters matched.
 */
import { timingSafeEqual } from 'node:crypto';

/**
 * True when both strings have the same UTF-8 bytes. The time taken depends on the lengths only, which are
 * not secret here (a digest response has a fixed length per algorithm).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still spend the time of one comparison so that a length mismatch is not faster than a content one.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
