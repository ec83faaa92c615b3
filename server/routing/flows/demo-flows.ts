/**
 * The demo tenant's flows, shipped as data files beside this one and checked when they are
 * loaded. The main number `+15550100` runs `main-menu` ("1 for sales, 2 for support", two
 * retries, then support); `+15550101` still goes straight to the support queue (no flow).
 */
import mainMenu from './demo/main-menu.flow.json' with { type: 'json' };
import { parseFlow } from './flow-loader.js';
import type { FlowDefinition } from './flow-schema.js';

/** Which demo number runs which flow (the store's phone number target `{ kind: 'flow', name }`). */
export const DEMO_FLOW_NUMBERS: Readonly<Record<string, string>> = { '+15550100': 'main-menu' };

/** The demo flows, checked; throws ConfigError naming the file and field when one is wrong. */
export function demoFlows(): FlowDefinition[] {
  return [parseFlow(mainMenu, 'flow file demo/main-menu.flow.json')];
}
