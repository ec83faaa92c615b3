/**
 * The counts kept for one queue over one period (today, or one interval of a report) and the
 * figures derived from them. Real-time statistics and historical reports both go through
 * `queueFigures`, so that a wallboard and a report never disagree on what a figure means.
 *
 * Definitions (there are several in the industry; these are ours):
 *
 * - offered: callers who joined the queue (a caller overflowing from another queue counts in both).
 * - answered: callers an agent answered from this queue; within service level when they waited at
 *   most the queue's `serviceLevel.withinMs`.
 * - abandoned: callers who hung up while waiting. Those who hung up within the service-level time
 *   are "short abandons".
 * - exited: callers whose wait ended without an agent and without hanging up (maximum wait,
 *   queue full or closed, overflow elsewhere).
 * - service level % = answered within SL / (answered + abandoned after SL) x 100.
 *   Short abandons count neither for nor against the queue: nobody could reasonably have answered
 *   them. Exits are left out as well (they are the queue's configuration at work).
 * - average speed of answer (ASA) = total wait of answered callers / answered.
 * - abandon rate % = abandoned / (answered + abandoned) x 100: of the callers whose wait ended by
 *   someone's choice, how many hung up. Callers still waiting do not move it.
 * - average talk time = (end of call - answer) / handled calls; average handle time (AHT) adds the
 *   wrap-up that followed each call. A call counts as handled once its wrap-up is over.
 */

export interface QueueTally {
  offered: number;
  answered: number;
  answeredWithinServiceLevel: number;
  /** Sum of the waits of answered callers. */
  answerWaitMs: number;
  abandoned: number;
  /** Abandoned within the service-level time (short abandons). */
  abandonedWithinServiceLevel: number;
  exited: number;
  handled: number;
  talkMs: number;
  /** Talk plus wrap-up. */
  handleMs: number;
}

export function emptyTally(): QueueTally {
  return {
    offered: 0,
    answered: 0,
    answeredWithinServiceLevel: 0,
    answerWaitMs: 0,
    abandoned: 0,
    abandonedWithinServiceLevel: 0,
    exited: 0,
    handled: 0,
    talkMs: 0,
    handleMs: 0,
  };
}

/** Counts and derived figures, as plain JSON. A figure with nothing to average is null. */
export interface QueueFigures {
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinServiceLevel: number;
  readonly abandoned: number;
  readonly abandonedWithinServiceLevel: number;
  readonly exited: number;
  readonly handled: number;
  /** One decimal. */
  readonly serviceLevelPercent: number | null;
  readonly averageSpeedOfAnswerMs: number | null;
  /** One decimal. */
  readonly abandonRatePercent: number | null;
  readonly averageTalkTimeMs: number | null;
  readonly averageHandleTimeMs: number | null;
}

const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;

const average = (total: number, count: number): number | null =>
  count > 0 ? Math.round(total / count) : null;

export function queueFigures(tally: QueueTally): QueueFigures {
  const abandonedAfterServiceLevel = tally.abandoned - tally.abandonedWithinServiceLevel;
  return {
    offered: tally.offered,
    answered: tally.answered,
    answeredWithinServiceLevel: tally.answeredWithinServiceLevel,
    abandoned: tally.abandoned,
    abandonedWithinServiceLevel: tally.abandonedWithinServiceLevel,
    exited: tally.exited,
    handled: tally.handled,
    serviceLevelPercent: percent(
      tally.answeredWithinServiceLevel,
      tally.answered + abandonedAfterServiceLevel,
    ),
    averageSpeedOfAnswerMs: average(tally.answerWaitMs, tally.answered),
    abandonRatePercent: percent(tally.abandoned, tally.answered + tally.abandoned),
    averageTalkTimeMs: average(tally.talkMs, tally.handled),
    averageHandleTimeMs: average(tally.handleMs, tally.handled),
  };
}
