/** The host's answer to a check-hours command, from business-hours.ts. */
import { isOpen, type BusinessHours } from '../queues/business-hours.js';
import type { FlowCommand, FlowEvent } from './flow-runner-types.js';

/**
 * @param queueHours a queue's hours by name: null for a queue that is always open, undefined for
 *   a queue that does not exist (taken as closed, so the caller hears the closed branch rather
 *   than waiting in a queue nobody serves)
 */
export function answerHoursCheck(
  command: Extract<FlowCommand, { kind: 'check-hours' }>,
  at: number,
  queueHours: (queue: string) => BusinessHours | null | undefined,
): FlowEvent {
  if (command.hours) return { kind: 'hours', open: isOpen(command.hours, at) };
  const hours = command.queue === null ? undefined : queueHours(command.queue);
  return { kind: 'hours', open: hours !== undefined && isOpen(hours, at) };
}
