import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../store/store-types.js';
import { callHistoryReport, historyCsv, type HistoryRequest } from './call-history-report.js';

let sequence = 0;
function call(fields: Partial<CallRecord> & { startedAt: string }): CallRecord {
  sequence++;
  return {
    id: `call-${sequence}`,
    tenantId: 'demo',
    direction: 'inbound',
    fromNumber: '+15550001',
    toNumber: '+15550100',
    status: fields.endedAt ? 'completed' : 'active',
    answeredAt: null,
    endedAt: null,
    endReason: null,
    hangupBy: null,
    queueId: 'q-support',
    agentId: null,
    recordingRef: null,
    wrapUpMs: null,
    revision: sequence,
    ...fields,
  };
}

const day = (time: string) => `2026-01-05T${time}.000Z`;

const queues: HistoryRequest['queues'] = new Map([
  ['q-support', { name: 'support', serviceLevelMs: 20_000 }],
  ['q-sales', { name: 'Sales, EMEA', serviceLevelMs: 30_000 }],
]);

/** A morning's call records: every way a queue call can end. */
const records: CallRecord[] = [
  // answered after 5 s, 120 s of talk, 10 s of wrap-up
  call({
    startedAt: day('09:00:00'),
    answeredAt: day('09:00:05'),
    agentId: 'alice',
    endedAt: day('09:02:05'),
    endReason: 'caller-hangup',
    wrapUpMs: 10_000,
  }),
  // answered after 32 s (outside service level), 60 s of talk, wrap-up not recorded
  call({
    startedAt: day('09:10:00'),
    answeredAt: day('09:10:32'),
    agentId: 'bob',
    endedAt: day('09:11:32'),
    endReason: 'callee-hangup',
  }),
  // hung up after 8 s: a short abandon
  call({ startedAt: day('09:20:00'), endedAt: day('09:20:08'), endReason: 'caller-cancelled' }),
  // hung up after 60 s
  call({ startedAt: day('09:30:00'), endedAt: day('09:31:00'), endReason: 'caller-cancelled' }),
  // maximum wait
  call({ startedAt: day('09:40:00'), endedAt: day('09:45:00'), endReason: 'no-answer' }),
  // the server stopped while the caller waited: no outcome
  call({
    startedAt: day('09:50:00'),
    endedAt: day('09:52:00'),
    endReason: 'server-restart',
    status: 'unfinished',
  }),
  // answered at the overflow number, by nobody of ours
  call({
    startedAt: day('09:55:00'),
    answeredAt: day('09:55:40'),
    endedAt: day('09:58:00'),
    endReason: 'caller-hangup',
  }),
  // sales, answered after 25 s, still talking
  call({ startedAt: day('10:15:00'), answeredAt: day('10:15:25'), agentId: 'alice', queueId: 'q-sales' }),
  // not queue calls, or outside the range
  call({ startedAt: day('09:05:00'), queueId: null, endedAt: day('09:06:00'), endReason: 'caller-hangup' }),
  call({ startedAt: day('11:00:00'), endedAt: day('11:00:03'), endReason: 'caller-cancelled' }),
];

const nothing = {
  offered: 0,
  answered: 0,
  answeredWithinServiceLevel: 0,
  abandoned: 0,
  abandonedWithinServiceLevel: 0,
  exited: 0,
  handled: 0,
  serviceLevelPercent: null,
  averageSpeedOfAnswerMs: null,
  abandonRatePercent: null,
  averageTalkTimeMs: null,
  averageHandleTimeMs: null,
};

describe('historical queue statistics from call records', () => {
  const request: HistoryRequest = {
    from: Date.parse(day('09:00:00')),
    to: Date.parse(day('11:00:00')),
    interval: '1h',
    timeZone: 'UTC',
    queues,
  };

  it('computes each hour per queue, with empty hours shown as zeros', () => {
    const rows = callHistoryReport(records, request);
    const nine = { intervalStart: day('09:00:00'), intervalEnd: day('10:00:00') };
    const ten = { intervalStart: day('10:00:00'), intervalEnd: day('11:00:00') };
    const sales = { queueId: 'q-sales', queueName: 'Sales, EMEA' };
    const support = { queueId: 'q-support', queueName: 'support' };
    expect(rows).toEqual([
      { ...nine, ...sales, ...nothing },
      {
        ...nine,
        ...support,
        offered: 7,
        answered: 2,
        answeredWithinServiceLevel: 1,
        abandoned: 2,
        abandonedWithinServiceLevel: 1,
        exited: 2,
        handled: 2,
        // 1 within / (2 answered + 1 abandoned after 20 s)
        serviceLevelPercent: 33.3,
        averageSpeedOfAnswerMs: 18_500,
        abandonRatePercent: 50,
        averageTalkTimeMs: 90_000,
        // (120 + 10 s, 60 s) / 2
        averageHandleTimeMs: 95_000,
      },
      {
        ...ten,
        ...sales,
        ...nothing,
        offered: 1,
        answered: 1,
        answeredWithinServiceLevel: 1,
        serviceLevelPercent: 100,
        averageSpeedOfAnswerMs: 25_000,
        abandonRatePercent: 0,
      },
      { ...ten, ...support, ...nothing },
    ]);
  });

  it('adds quarters of an hour up to the same hour', () => {
    const quarters = callHistoryReport(records, { ...request, interval: '15m' });
    expect(quarters).toHaveLength(8 * 2);
    const support = quarters.filter(
      (row) => row.queueId === 'q-support' && row.intervalStart < day('10:00:00'),
    );
    expect(support.map((row) => row.offered)).toEqual([2, 1, 2, 2]); // 09:00 09:10 | 09:20 | 09:30 09:40 | 09:50 09:55;
    expect(support.reduce((sum, row) => sum + row.abandoned, 0)).toBe(2);
  });

  it('cuts days at local midnight', () => {
    const late = call({
      startedAt: '2026-01-05T23:30:00.000Z',
      endedAt: '2026-01-05T23:30:05.000Z',
      endReason: 'caller-cancelled',
    });
    const rows = callHistoryReport([records[0]!, late], {
      ...request,
      from: Date.parse('2026-01-04T23:00:00.000Z'),
      to: Date.parse('2026-01-06T23:00:00.000Z'),
      interval: '1d',
      timeZone: 'Europe/Paris',
    });
    // 23:30 UTC is already the 6th in Paris.
    expect(rows.map((row) => [row.intervalStart, row.offered, row.abandoned])).toEqual([
      ['2026-01-04T23:00:00.000Z', 1, 0],
      ['2026-01-05T23:00:00.000Z', 1, 1],
    ]);
  });

  it('exports CSV with a header row, quoting what needs quoting', () => {
    const csv = historyCsv(callHistoryReport(records, request));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'interval_start,interval_end,queue_id,queue_name,offered,answered,answered_within_service_level,' +
        'abandoned,abandoned_within_service_level,exited,handled,service_level_percent,' +
        'average_speed_of_answer_ms,abandon_rate_percent,average_talk_time_ms,average_handle_time_ms',
    );
    expect(lines[1]).toBe(`${day('09:00:00')},${day('10:00:00')},q-sales,"Sales, EMEA",0,0,0,0,0,0,0,,,,,`);
    expect(lines[2]).toBe(
      `${day('09:00:00')},${day('10:00:00')},q-support,support,7,2,1,2,1,2,2,33.3,18500,50,90000,95000`,
    );
    expect(lines).toHaveLength(6); // header, four rows, and the empty string after the last CRLF
    expect(lines[5]).toBe('');
  });

  it('has no rows without queue calls in the range', () => {
    expect(callHistoryReport([], request)).toEqual([]);
    expect(historyCsv([])).toMatch(/^interval_start,.*\r\n$/);
  });
});
