/** Test and benchmark helpers: call records shaped as the server sends them. */
import type { HistoryCall } from '../../server/api/history-api-types.js';

export function historyCall(id: string, revision: number, overrides: Partial<HistoryCall> = {}): HistoryCall {
  return {
    id,
    tenantId: 'demo',
    direction: 'inbound',
    fromNumber: '+15550001',
    toNumber: '+15550100',
    status: 'completed',
    startedAt: '2026-01-05T09:00:00.000Z',
    answeredAt: '2026-01-05T09:00:10.000Z',
    endedAt: '2026-01-05T09:03:00.000Z',
    endReason: 'caller-hangup',
    hangupBy: 'caller',
    queueId: 'q1',
    queueName: 'support',
    agentId: 'a1',
    agentName: 'Alice Agent',
    recordingRef: null,
    wrapUpMs: null,
    revision,
    events: [{ id: 1, at: '2026-01-05T09:00:10.000Z', kind: 'answered', data: {} }],
    note: null,
    disposition: null,
    annotationHistory: [],
    ...overrides,
  };
}
