/**
 * The demo main number's menu as a caller meets it: welcome, "for sales press 1, for support
 * press 2", two more tries, then support. The data file is checked when it is loaded.
 */
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../store/seed-demo-tenant.js';
import { demoFlows, DEMO_FLOW_NUMBERS } from './demo-flows.js';
import { FlowHost } from './testing/flow-host.fixture.js';

function caller(): FlowHost {
  const flow = demoFlows().find((candidate) => candidate.id === DEMO_FLOW_NUMBERS[DEMO.mainNumber]);
  if (!flow) throw new Error('no demo flow for the main number');
  const host = new FlowHost(flow);
  host.start();
  return host;
}

describe("the demo main number's menu", () => {
  it('runs on +15550100 only; +15550101 has no flow', () => {
    expect(DEMO_FLOW_NUMBERS).toEqual({ [DEMO.mainNumber]: 'main-menu' });
    expect(DEMO_FLOW_NUMBERS[DEMO.supportNumber]).toBeUndefined();
  });

  it('welcomes the caller, offers sales and support, and 1 reaches sales', () => {
    const host = caller();
    expect(host.lastPrompts).toEqual(['Thank you for calling the Tandem demo contact center.']);
    host.promptsFinished();
    expect(host.lastPrompts).toEqual(['For sales, press 1.', 'For support, press 2.']);
    host.promptsFinished();
    expect(host.press('1')).toEqual([
      { kind: 'enqueue', queue: 'sales', skills: [], attributes: { menu: 'sales' } },
    ]);
    expect(host.journal.find((entry) => entry.stepId === 'main-menu')).toMatchObject({
      outcome: 'chose',
      choice: '1',
    });
  });

  it('2 reaches support, even pressed during the welcome', () => {
    const host = caller();
    expect(host.press('2').at(-1)).toEqual({ kind: 'enqueue', queue: 'support', skills: [], attributes: {} });
  });

  it('sends a caller who never answers to support after three tries', () => {
    const host = caller();
    host.promptsFinished();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      host.promptsFinished();
      host.timeout();
    }
    expect(host.runner.result).toEqual({ kind: 'enqueue', queue: 'support', skills: [], attributes: {} });
    expect(host.journal.map((entry) => entry.outcome)).toEqual([
      'played',
      'no-input',
      'no-input',
      'no-input',
      'failed',
      'enqueued',
    ]);
  });
});
