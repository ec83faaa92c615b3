/**
 * Call history over HTTP (contract and paths in history-api-types.ts): the calls a user may review,
 * page by page and incrementally by revision, with every event, note and disposition; and edits of
 * notes and dispositions that detect concurrent writes and resolve them per field (last writer wins,
 * the loser kept in the call's annotation history). Answers 400 with an explanation for bad input,
 * 401 without valid credentials, 404 for a call the user may not see (as for one that does not exist).
 */
import type { CallHistoryRepository, HistoryCall, HistoryScope } from '../store/call-history-types.js';
import type { CallQualityRepository } from '../store/call-quality-types.js';
import type { Agent, Store } from '../store/store-types.js';
import { signedInAgent } from './agent-auth.js';
import {
  DISPOSITION_MAX_LENGTH,
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  NOTE_MAX_LENGTH,
  type AnnotationResponse,
} from './history-api-types.js';
import { sendJson, type HttpApi } from './http-api.js';
import { readJsonBody } from './read-json.js';

export interface HistoryApiDeps {
  readonly store: () => Store;
  readonly history: () => CallHistoryRepository;
  /** Each call's quality figures (call-quality-api.ts), sent as its `quality`; absent: none sent. */
  readonly quality?: () => CallQualityRepository;
  /** The server's clock (ISO 8601); tests may fix it. */
  readonly now?: () => string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const MUTATION_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function scopeOf(user: Agent): HistoryScope {
  return user.role === 'agent'
    ? { kind: 'agent', agentId: user.id }
    : { kind: 'tenant', tenantId: user.tenantId };
}

function maySee(user: Agent, call: HistoryCall): boolean {
  return user.role === 'agent' ? call.agentId === user.id : call.tenantId === user.tenantId;
}

/** A whole number from a query parameter, or an error message. */
function wholeNumber(text: string | null, name: string, fallback: number, max: number): number | string {
  if (text === null) return fallback;
  if (!/^\d{1,15}$/.test(text)) return `${name}: expected a whole number, got "${text}"`;
  const value = Number(text);
  return value > max ? `${name}: at most ${max}` : value;
}

type ParsedEdit =
  | {
      ok: true;
      callId: string;
      mutationId: string;
      baseRevision: number;
      editedAt: string | null;
      values: { note?: string; disposition?: string };
    }
  | { ok: false; error: string };

export function parseAnnotationRequest(body: Record<string, unknown> | null): ParsedEdit {
  if (!body) return { ok: false, error: 'expected a JSON object' };
  const { callId, mutationId, baseRevision, editedAt, note, disposition } = body;
  if (typeof callId !== 'string' || callId.length === 0 || callId.length > 200)
    return { ok: false, error: 'callId: expected the id of a call' };
  if (typeof mutationId !== 'string' || !MUTATION_ID.test(mutationId))
    return { ok: false, error: 'mutationId: expected 8 to 128 letters, digits or ._:- (a UUID)' };
  if (typeof baseRevision !== 'number' || !Number.isSafeInteger(baseRevision) || baseRevision < 0)
    return {
      ok: false,
      error: 'baseRevision: expected the revision of the call you edited (a whole number)',
    };
  if (
    editedAt !== undefined &&
    (typeof editedAt !== 'string' || !DATE_TIME.test(editedAt) || Number.isNaN(Date.parse(editedAt)))
  )
    return { ok: false, error: 'editedAt: expected an ISO 8601 date and time with its offset' };
  if (note !== undefined && (typeof note !== 'string' || note.length > NOTE_MAX_LENGTH))
    return { ok: false, error: `note: expected text of at most ${NOTE_MAX_LENGTH} characters` };
  if (
    disposition !== undefined &&
    (typeof disposition !== 'string' || disposition.length > DISPOSITION_MAX_LENGTH)
  )
    return { ok: false, error: `disposition: expected text of at most ${DISPOSITION_MAX_LENGTH} characters` };
  if (note === undefined && disposition === undefined)
    return { ok: false, error: 'expected a note, a disposition or both' };
  return {
    ok: true,
    callId,
    mutationId,
    baseRevision,
    editedAt: typeof editedAt === 'string' ? new Date(editedAt).toISOString() : null,
    values: {
      ...(typeof note === 'string' ? { note } : {}),
      ...(typeof disposition === 'string' ? { disposition } : {}),
    },
  };
}

export function registerHistoryApi(http: HttpApi, deps: HistoryApiDeps): void {
  const now = deps.now ?? (() => new Date().toISOString());
  const withQuality = <Call extends HistoryCall>(calls: Call[]): (Call & { quality?: unknown })[] => {
    if (!deps.quality) return calls;
    const figures = deps.quality().forCalls(calls.map((call) => call.id));
    return calls.map((call) => ({ ...call, quality: figures.get(call.id) ?? [] }));
  };

  http.route('GET', '/api/history/calls', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const since = wholeNumber(query.get('since'), 'since', 0, Number.MAX_SAFE_INTEGER);
    if (typeof since === 'string') return sendJson(response, 400, { error: since });
    const limit = wholeNumber(query.get('limit'), 'limit', HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX);
    if (typeof limit === 'string') return sendJson(response, 400, { error: limit });
    if (limit === 0) return sendJson(response, 400, { error: 'limit: at least 1' });
    const page = deps.history().changedSince(scopeOf(user), since, limit);
    sendJson(response, 200, { ...page, calls: withQuality(page.calls) });
  });

  http.route('GET', '/api/history/call', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const id = new URL(request.url ?? '/', 'http://localhost').searchParams.get('id');
    if (!id) return sendJson(response, 400, { error: 'expected id=<call id>' });
    const call = deps.history().find(id);
    if (!call || !maySee(user, call)) return sendJson(response, 404, { error: `no call ${id}` });
    sendJson(response, 200, withQuality([call])[0]);
  });

  http.route('PUT', '/api/history/annotations', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const edit = parseAnnotationRequest(await readJsonBody(request, 64 * 1024));
    if (!edit.ok) return sendJson(response, 400, { error: edit.error });
    const history = deps.history();
    const call = history.find(edit.callId);
    if (!call || !maySee(user, call)) return sendJson(response, 404, { error: `no call ${edit.callId}` });
    const at = now();
    try {
      const result: AnnotationResponse = history.annotate(
        {
          callId: edit.callId,
          mutationId: edit.mutationId,
          baseRevision: edit.baseRevision,
          editedAt: edit.editedAt ?? at,
          editedBy: user.id,
          values: edit.values,
        },
        at,
      );
      sendJson(response, 200, { ...result, call: withQuality([result.call])[0] });
    } catch (error) {
      if (error instanceof TypeError) return sendJson(response, 409, { error: error.message });
      throw error;
    }
  });
}
