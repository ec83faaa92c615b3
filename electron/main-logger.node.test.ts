import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMainLogger } from './main-logger.node.js';

describe('createMainLogger', () => {
  let directory: string | undefined;

  afterEach(async () => {
    if (directory !== undefined) {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('writes JSON lines with the module it came from into main.log, creating the folder', async () => {
    directory = await mkdtemp(join(tmpdir(), 'tandem-logs-'));
    const logs = join(directory, 'logs');
    const { logger, flush } = createMainLogger({ directory: logs, toStandardOutput: false });
    logger.child({ module: 'settings' }).error({ filePath: '/x/settings.json' }, 'settings file ignored');
    flush();
    const [line] = (await readFile(join(logs, 'main.log'), 'utf8')).trim().split('\n');
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      level: 50,
      process: 'main',
      module: 'settings',
      filePath: '/x/settings.json',
      msg: 'settings file ignored',
    });
  });
});
