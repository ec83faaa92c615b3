/** Call-history records for the history tests: a call as the server's history API returns it. */
import type { HistoryCall } from '../../../server/api/history-api-types.js';

export function historyCall(id: string, overrides: Partial<HistoryCall> = {}): HistoryCall {
  return {
    id,
    tenantId: 'demo',
    direction: 'inbound',
    fromNumber: '+4930111222',
    toNumber: '+15550101',
    status: 'completed',
    startedAt: '2026-01-05T08:00:00.000Z',
    answeredAt: '2026-01-05T08:00:05.000Z',
    endedAt: '2026-01-05T08:01:05.000Z',
    endReason: 'caller-hangup',
    hangupBy: 'caller',
    queueId: 'q-support',
    agentId: 'a-alice',
    recordingRef: null,
    wrapUpMs: null,
    revision: 1,
    queueName: 'support',
    agentName: 'Alice',
    events: [
      { id: 1, at: '2026-01-05T08:00:00.000Z', kind: 'received', data: {} },
      { id: 2, at: '2026-01-05T08:00:01.000Z', kind: 'queued', data: { queue: 'support' } },
      { id: 3, at: '2026-01-05T08:00:02.000Z', kind: 'offered', data: { target: 'alice' } },
      { id: 4, at: '2026-01-05T08:00:05.000Z', kind: 'answered', data: { agentId: 'a-alice' } },
      { id: 5, at: '2026-01-05T08:00:20.000Z', kind: 'held', data: { by: 'callee' } },
      { id: 6, at: '2026-01-05T08:00:30.000Z', kind: 'resumed', data: { by: 'callee' } },
      { id: 7, at: '2026-01-05T08:01:05.000Z', kind: 'ended', data: { reason: 'caller-hangup' } },
    ],
    note: null,
    disposition: null,
    annotationHistory: [],
    ...overrides,
  };
}
