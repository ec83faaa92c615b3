/**
 * `node dist/server/main.js [--config tandem.yaml] [--check-config]`: runs one Tandem node in the
 * foreground. A bad configuration stops here, before anything listens. SIGINT/SIGTERM stop
 * gracefully (listeners closed, children reaped, database closed); a second signal forces exit.
 */
import { TandemApp } from './app.js';
import { loadConfig } from './shared/config/config-loader.js';
import { ConfigError } from './shared/errors.js';
import { createRootLogger, type Logger } from './shared/logger.js';
import { TANDEM_VERSION } from './shared/version.js';

const SHUTDOWN_DEADLINE_MS = 15_000;

const USAGE = `Tandem ${TANDEM_VERSION}: open-source contact center for Microsoft Teams

Usage: tandem [--config <file>] [--check-config]

  --config <file>   configuration file (default: ./tandem.yaml when present, else embedded defaults;
                    also TANDEM_CONFIG). Every key can be overridden by TANDEM_<PATH>, e.g. TANDEM_HTTP_PORT.
  --check-config    validate the configuration, print the result and exit
  --version         print the version and exit
  --supervised      stop gracefully when standard input closes (used by \`npm start\`, so that the
                    server never outlives the process that started it)
`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${TANDEM_VERSION}\n`);
    return 0;
  }

  let loaded;
  try {
    loaded = loadConfig({ argv });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tandem: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (argv.includes('--check-config')) {
    process.stdout.write(`configuration OK (${loaded.source ?? 'embedded defaults'})\n`);
    for (const warning of loaded.warnings) process.stdout.write(`warning: ${warning}\n`);
    return 0;
  }

  const logger = createRootLogger({ level: loaded.config.log.level });
  for (const warning of loaded.warnings) logger.warn(warning);
  logger.info({ config: loaded.source ?? 'embedded defaults', version: TANDEM_VERSION }, 'starting Tandem');

  const app = new TandemApp(loaded.config, logger);
  const stopped = installShutdown(app, logger, argv.includes('--supervised'));
  try {
    await app.start();
  } catch (error) {
    logger.fatal({ err: error }, `Tandem could not start: ${(error as Error).message}`);
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    return 1;
  }
  return stopped;
}

/** Resolves with the exit code once the app has stopped after a signal or a fatal error. */
function installShutdown(app: TandemApp, logger: Logger, supervised: boolean): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = (reason: string, code: number) => {
      if (stopping) {
        logger.warn({ reason }, 'second stop request: exiting now');
        logger.flush();
        process.exit(130);
      }
      stopping = true;
      logger.info({ reason }, 'stopping Tandem');
      const deadline = setTimeout(() => {
        logger.error('graceful stop took too long: exiting now');
        logger.flush();
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      void app.stop().finally(() => {
        logger.info('Tandem stopped');
        if (supervised) process.stdin.destroy();
        logger.flush(() => resolveExit(code));
      });
    };
    if (supervised) {
      process.stdin.on('end', () => stop('the supervising process went away', 0));
      process.stdin.on('error', () => stop('the supervising process went away', 0));
      process.stdin.resume();
    }
    process.on('SIGINT', () => stop('SIGINT', 0));
    process.on('SIGTERM', () => stop('SIGTERM', 0));
    process.on('uncaughtException', (error) => {
      logger.fatal({ err: error }, 'uncaught exception');
      stop('uncaught exception', 1);
    });
    process.on('unhandledRejection', (reason) => {
      logger.fatal({ err: reason }, 'unhandled promise rejection');
      stop('unhandled rejection', 1);
    });
  });
}

// Exit explicitly once stopped: a handle left open by a dependency must never keep a stopped
// server hanging around (npm start and service managers wait for the process to end).
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`tandem: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
