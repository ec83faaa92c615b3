/**
 * A flow seen as a graph of step ids, and the checks that keep a caller from getting stuck in it.
 * Run by the schema (flow-schema.ts) after each step's own fields were checked, so that every
 * problem is reported with the path of the field at fault:
 *
 *   steps.1.options.2: no step "suport" (steps: welcome, menu, sales, support)
 *   steps.4: step "goodbye" is never reached from "welcome"
 *   steps.2: step "loop" can never reach an end (queue, transfer, voicemail, callback or hangup)
 *   steps.0.next: steps welcome -> hours -> welcome loop without ever waiting for the caller
 */
import type { z } from 'zod';

/** Steps that end the flow: the caller leaves the IVR. */
export const END_STEP_KINDS = ['queue', 'transfer', 'voicemail', 'callback', 'hangup'] as const;
/** Steps that wait for the caller's keys: the only places a loop may pass through. */
const CALLER_STEP_KINDS = ['menu', 'collect'];

/** What the graph checks read of a step (every step schema has these shapes). */
export interface GraphStep {
  readonly id: string;
  readonly kind: string;
  readonly next?: string;
  readonly onFailure?: string;
  readonly open?: string;
  readonly closed?: string;
  readonly options?: Readonly<Record<string, string>>;
}

export interface GraphFlow {
  readonly start: string;
  readonly fallback?: string | undefined;
  readonly steps: readonly GraphStep[];
}

/** A step's outgoing references, each with the path of the field that holds it. */
export function stepTargets(step: GraphStep): { target: string; path: (string | number)[] }[] {
  const targets: { target: string; path: (string | number)[] }[] = [];
  for (const field of ['next', 'open', 'closed', 'onFailure'] as const) {
    const target = step[field];
    if (target !== undefined) targets.push({ target, path: [field] });
  }
  for (const [key, target] of Object.entries(step.options ?? {})) {
    targets.push({ target, path: ['options', key] });
  }
  return targets;
}

export function isEndKind(kind: string): boolean {
  return (END_STEP_KINDS as readonly string[]).includes(kind);
}

/** The zod refinement: adds one issue per problem found. */
export function checkFlowGraph(flow: GraphFlow, context: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) =>
    context.addIssue({ code: 'custom', path, message });
  const byId = new Map<string, { step: GraphStep; index: number }>();
  flow.steps.forEach((step, index) => {
    if (byId.has(step.id)) problem(['steps', index, 'id'], `step id "${step.id}" is used twice`);
    else byId.set(step.id, { step, index });
  });
  const known = [...byId.keys()].join(', ');
  let dangling = false;
  const reference = (target: string, path: (string | number)[]) => {
    if (byId.has(target)) return;
    dangling = true;
    problem(path, `no step "${target}" (steps: ${known})`);
  };
  reference(flow.start, ['start']);
  if (flow.fallback !== undefined) {
    reference(flow.fallback, ['fallback']);
    const fallback = byId.get(flow.fallback);
    if (fallback && !isEndKind(fallback.step.kind)) {
      problem(['fallback'], `the fallback must be an end step (${END_STEP_KINDS.join(', ')})`);
    }
  }
  flow.steps.forEach((step, index) => {
    for (const { target, path } of stepTargets(step)) reference(target, ['steps', index, ...path]);
  });
  // With a dangling reference the graph is not whole: what follows would only repeat the problem.
  if (dangling) return;

  const reached = reachableFrom([flow.start, ...(flow.fallback ? [flow.fallback] : [])], byId);
  for (const [id, { index }] of byId) {
    if (!reached.has(id)) problem(['steps', index], `step "${id}" is never reached from "${flow.start}"`);
  }
  const ending = stepsThatCanEnd(flow.steps, byId);
  for (const [id, { index }] of byId) {
    if (reached.has(id) && !ending.has(id)) {
      problem(
        ['steps', index],
        `step "${id}" can never reach an end (${END_STEP_KINDS.join(', ')}): a loop with no way out`,
      );
    }
  }
  const loop = loopWithoutCaller(flow.steps, byId);
  if (loop) {
    const first = byId.get(loop[0]!)!;
    problem(
      ['steps', first.index],
      `steps ${loop.join(' -> ')} loop without ever waiting for the caller (put a menu in the loop)`,
    );
  }
}

function reachableFrom(
  roots: readonly string[],
  byId: ReadonlyMap<string, { step: GraphStep }>,
): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const entry = byId.get(id);
    if (entry) for (const { target } of stepTargets(entry.step)) pending.push(target);
  }
  return seen;
}

/** Steps from which some path leads to an end step: a fixed point over the reversed edges. */
function stepsThatCanEnd(
  steps: readonly GraphStep[],
  byId: ReadonlyMap<string, { step: GraphStep }>,
): Set<string> {
  const ending = new Set(steps.filter((step) => isEndKind(step.kind)).map((step) => step.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const step of steps) {
      if (ending.has(step.id)) continue;
      if (stepTargets(step).some(({ target }) => ending.has(target) && byId.has(target))) {
        ending.add(step.id);
        grew = true;
      }
    }
  }
  return ending;
}

/**
 * A cycle made only of steps that run by themselves (play, set, check-hours), as the ids along
 * it with the first repeated at the end; null when there is none. Depth-first search over those
 * steps alone: a back edge closes such a cycle.
 */
function loopWithoutCaller(
  steps: readonly GraphStep[],
  byId: ReadonlyMap<string, { step: GraphStep }>,
): string[] | null {
  const automatic = (id: string) => {
    const step = byId.get(id)?.step;
    return step !== undefined && !CALLER_STEP_KINDS.includes(step.kind) && !isEndKind(step.kind);
  };
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    path.push(id);
    for (const { target } of stepTargets(byId.get(id)!.step)) {
      if (!automatic(target)) continue;
      if (state.get(target) === 'open') return [...path.slice(path.indexOf(target)), target];
      if (!state.has(target)) {
        const found = visit(target);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const step of steps) {
    if (automatic(step.id) && !state.has(step.id)) {
      const found = visit(step.id);
      if (found) return found;
    }
  }
  return null;
}
