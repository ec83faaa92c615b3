/**
 * What can still be read from a message the parser refused, so that the transaction layer can
 * answer `400 Bad Request` with the request's Via, From, To, Call-ID and CSeq (RFC 3261 8.2.6.2),
 * or drop it when even those are missing. Reads line by line, tolerating anything; never throws.
 */
import { headerKey } from './header-names.js';
import type { SipParsePartial } from './sip-parse-error.js';
import { splitTopLevel } from './syntax.js';

type SingleField = 'from' | 'to' | 'callId' | 'cseq';

const SINGLE_VALUED = new Map<string, SingleField>([
  ['from', 'from'],
  ['to', 'to'],
  ['call-id', 'callId'],
  ['cseq', 'cseq'],
]);

export function readPartial(bytes: Buffer, maxBytes: number): SipParsePartial | undefined {
  const lines = bytes.toString('utf8', 0, Math.min(bytes.length, maxBytes)).split('\n');
  let index = 0;
  while (index < lines.length && lines[index]!.trim() === '') index++;
  const startLine = lines[index];
  if (startLine === undefined) return undefined;

  const rows: string[] = [];
  for (index++; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    if (line.length === 0) break;
    const first = line.charCodeAt(0);
    if ((first === 32 || first === 9) && rows.length > 0) rows[rows.length - 1] += ` ${line.trim()}`;
    else rows.push(line);
  }

  const via: string[] = [];
  const single: Partial<Record<SingleField, string>> = {};
  for (const row of rows) {
    const colon = row.indexOf(':');
    if (colon <= 0) continue;
    const key = headerKey(row.slice(0, colon).trim());
    const value = row.slice(colon + 1).trim();
    if (key === 'via') {
      via.push(...splitTopLevel(value, ',').filter((part) => part.length > 0));
      continue;
    }
    const field = SINGLE_VALUED.get(key);
    if (field !== undefined && single[field] === undefined) single[field] = value;
  }
  if (via.length === 0 && Object.keys(single).length === 0) return undefined;
  return { isRequest: !/^SIP\//i.test(startLine.trim()), via, ...single };
}
