/**
 * A call's recording for playback: `GET /api/history/recording?id=<call id>` answers the mixed-down WAV
 * (caller left, agent right) to whoever may review the call (its agent; supervisors of its tenant), 404
 * otherwise, as for a call without a recording. Clients fetch it with their credentials and play the
 * bytes (an <audio> element cannot send Basic auth). Byte ranges are honoured so long files can be sought.
 *
 * Only files inside the recordings folder are served, whatever the record says: the path in a call record
 * is ours, but a database restored from elsewhere must not turn this into a file reader.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative, resolve, isAbsolute } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent, CallRecord, Store } from '../store/store-types.js';
import { signedInAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';

export interface RecordingApiDeps {
  readonly store: () => Store;
  /** Where listenable recordings are written (`<dataDir>/recordings/calls`). */
  readonly recordingsDir: string;
}

const maySee = (user: Agent, call: CallRecord) =>
  user.role === 'agent' ? call.agentId === user.id : call.tenantId === user.tenantId;

/** The recording's absolute path when it lies inside `dir`, else null. */
export function servablePath(dir: string, ref: string | null): string | null {
  if (!ref) return null;
  const root = resolve(dir);
  const path = resolve(root, ref);
  const inside = relative(root, path);
  return inside.length > 0 && !inside.startsWith('..') && !isAbsolute(inside) ? path : null;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` against a file of `size` bytes; null when absent or unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return null;
  const [first, last] = [match[1] ?? '', match[2] ?? ''];
  if (first === '') {
    const length = Math.min(Number(last), size);
    return length === 0 ? null : { start: size - length, end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start > end || start >= size ? null : { start, end };
}

async function sendFile(request: IncomingMessage, response: ServerResponse, path: string, size: number) {
  const range = request.headers.range === undefined ? undefined : parseRange(request.headers.range, size);
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('Content-Type', 'audio/wav');
  response.setHeader('Cache-Control', 'private, max-age=3600');
  if (range === null) {
    response.writeHead(416, { 'Content-Range': `bytes */${size}` });
    response.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range) response.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  response.writeHead(range ? 206 : 200, { 'Content-Length': String(end - start + 1) });
  if (size === 0) return void response.end();
  const file = createReadStream(path, { start, end });
  file.on('error', () => response.destroy());
  file.pipe(response);
}

export function registerRecordingApi(http: HttpApi, deps: RecordingApiDeps): void {
  http.route('GET', '/api/history/recording', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const id = new URL(request.url ?? '/', 'http://localhost').searchParams.get('id');
    if (!id) return sendJson(response, 400, { error: 'expected id=<call id>' });
    const call = store.calls.find(id);
    const missing = () => sendJson(response, 404, { error: `no recording for call ${id}` });
    if (!call || !maySee(user, call)) return missing();
    const path = servablePath(deps.recordingsDir, call.recordingRef);
    if (!path) return missing();
    const size = await stat(path).then(
      (info) => (info.isFile() ? info.size : null),
      () => null,
    );
    if (size === null) return missing();
    await sendFile(request, response, path, size);
  });
}
