/** Made-up but plausible call history: numbers, agents, queues, notes and dispositions from small vocabularies. */
import type { HistoryCall } from '../../server/api/history-api-types.js';

const AGENTS = ['Alice Agent', 'Bob Agent', 'Carla Reyes', 'Dmitri Volkov', 'Emma Schmidt', 'Farid Haddad'];
const QUEUES = ['support', 'sales', 'billing', 'spanish'];
const DISPOSITIONS = ['resolved', 'callback', 'escalated', 'sale', 'no answer', 'wrong number'];
const WORDS =
  'refund invoice delivery password router contract upgrade cancel complaint address payment warranty'.split(
    ' ',
  );

/** A deterministic pseudo-random generator, so that every run searches the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function benchCall(index: number, random: () => number, startMs: number): HistoryCall {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const started = new Date(startMs + index * 30_000).toISOString();
  const annotated = random() < 0.3;
  const annotation = (value: string) => ({
    value,
    editedAt: started,
    editedBy: 'a1',
    editedByName: 'Alice Agent',
    revision: index + 1,
  });
  return {
    id: `bench-${index}`,
    tenantId: 'demo',
    direction: random() < 0.8 ? 'inbound' : 'outbound',
    fromNumber: `+1${String(2_000_000_000 + Math.floor(random() * 7_999_999_999)).padStart(10, '0')}`,
    toNumber: '+15550100',
    status: 'completed',
    startedAt: started,
    answeredAt: started,
    endedAt: started,
    endReason: 'caller-hangup',
    hangupBy: 'caller',
    queueId: 'q',
    queueName: pick(QUEUES),
    agentId: 'a1',
    agentName: pick(AGENTS),
    recordingRef: null,
    wrapUpMs: 10_000,
    revision: index + 1,
    events: [
      { id: index * 2, at: started, kind: 'queued', data: {} },
      { id: index * 2 + 1, at: started, kind: 'answered', data: {} },
    ],
    note: annotated ? annotation(`${pick(WORDS)} ${pick(WORDS)} asked about the ${pick(WORDS)}`) : null,
    disposition: annotated ? annotation(pick(DISPOSITIONS)) : null,
    annotationHistory: [],
  };
}

/** What agents type, one key at a time, in order (each query extends the one before): names, queue names, note words, numbers (start and national part). */
export function typedQueries(random: () => number, sampleNumbers: readonly string[]): string[] {
  const targets = [
    ...AGENTS.map((name) => name.split(' ')[0]!.toLowerCase()),
    ...WORDS,
    ...DISPOSITIONS,
    ...QUEUES,
    ...sampleNumbers.map((number) => number.slice(0, 9)),
    ...sampleNumbers.map((number) => number.slice(2, 9)),
    'dmitri refund',
    'emma call',
  ];
  const keystrokes: string[] = [];
  for (const target of targets)
    for (let length = 1; length <= target.length; length++) keystrokes.push(target.slice(0, length));
  return keystrokes;
}
