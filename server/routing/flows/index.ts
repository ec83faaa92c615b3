/** IVR flows as data: the schema, the runner, and the demo tenant's flows. */
export {
  flowSchema,
  flowStepSchema,
  type FlowDefinition,
  type FlowDefinitionInput,
  type FlowStep,
  type FlowStepKind,
} from './flow-schema.js';
export { parseFlow, parseFlowText } from './flow-loader.js';
export { FlowRunner, FlowRunnerState } from './flow-runner.js';
export type * from './flow-runner-types.js';
export { isEndCommand } from './flow-runner-types.js';
export { answerHoursCheck } from './hours-check.js';
export { demoFlows, DEMO_FLOW_NUMBERS } from './demo-flows.js';
