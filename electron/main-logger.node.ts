import { join } from 'node:path';
import { pino } from 'pino';
import type { Logger } from './logger.std.js';

export interface MainLoggerOptions {
  /** Folder for `main.log`: Electron's `app.getPath('logs')`. */
  directory: string;
  /** Also write to standard output (development). */
  toStandardOutput: boolean;
  level?: pino.Level;
}

export interface MainLogger {
  logger: Logger;
  /** Writes out whatever is buffered; call before the process exits. */
  flush(): void;
}

/**
 * The main process's pino logger: JSON lines in the user's log folder, where support staff look first. Writes
 * are synchronous: the main process logs little, and the last lines before a crash are the ones that matter.
 */
export function createMainLogger(options: MainLoggerOptions): MainLogger {
  const file = pino.destination({ dest: join(options.directory, 'main.log'), mkdir: true, sync: true });
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (options.toStandardOutput) {
    streams.push({ stream: process.stdout });
  }
  const logger = pino(
    { level: options.level ?? 'info', base: { process: 'main' } },
    pino.multistream(streams),
  );
  return { logger, flush: () => file.flushSync() };
}
