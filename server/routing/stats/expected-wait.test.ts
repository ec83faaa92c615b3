import { describe, expect, it } from 'vitest';
import { AgentState } from '../agents/agent-state.js';
import { DEFAULT_HANDLE_TIME_MS, expectedWaitMs } from './expected-wait.js';

const agents = (counts: Partial<Record<AgentState, number>>) => ({
  [AgentState.Offline]: 0,
  [AgentState.Available]: 0,
  [AgentState.Offered]: 0,
  [AgentState.OnCall]: 0,
  [AgentState.WrapUp]: 0,
  [AgentState.NotReady]: 0,
  ...counts,
});

describe('the expected wait in a queue', () => {
  it('is the position times the average handle time, shared by the staffed agents', () => {
    const queue = {
      agents: agents({ OnCall: 2, WrapUp: 1, Available: 1 }),
      today: { averageHandleTimeMs: 240_000 },
    };
    expect(expectedWaitMs(3, queue)).toBe(180_000); // 3 x 4 min / 4 agents
  });

  it('uses the default handle time before the first call of the day, and ignores agents not ready', () => {
    const queue = {
      agents: agents({ OnCall: 1, NotReady: 5, Offline: 3 }),
      today: { averageHandleTimeMs: null },
    };
    expect(expectedWaitMs(2, queue)).toBe(2 * DEFAULT_HANDLE_TIME_MS);
  });

  it('promises nothing when nobody is staffed', () => {
    expect(
      expectedWaitMs(1, { agents: agents({ NotReady: 2 }), today: { averageHandleTimeMs: 60_000 } }),
    ).toBeNull();
  });
});
