/**
 * The little a main-process module needs from a logger. A pino logger satisfies it as is, so modules take this
 * interface and the entry point hands them a pino child (STYLE.md: one child logger per module, no console).
 */
export interface Logger {
  debug(context: Record<string, unknown>, message: string): void;
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything: for code paths where nobody listens, and for tests that do not look. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
