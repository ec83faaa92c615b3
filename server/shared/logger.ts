/**
 * One root pino logger per process; every module takes a child with its own name and structured
 * context (callId, legId, agentId...). No `console` in product code.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

export function createRootLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** The child logger for one module, e.g. `moduleLogger(root, 'store')`. */
export function moduleLogger(parent: Logger, module: string, context: Record<string, unknown> = {}): Logger {
  return parent.child({ module, ...context });
}
