import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  historyDatabaseFile,
  prepareHistoryFolder,
  wipeHistoryDatabase,
} from './history-database-file.node.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-history-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the history database file', () => {
  it('is one file per server and agent, named without the agent’s name or the server’s address', () => {
    const alice = historyDatabaseFile(dir, 'https://tandem.example.com/agent', 'Alice');
    expect(alice).toBe(historyDatabaseFile(dir, 'https://tandem.example.com', ' alice '));
    expect(alice).not.toBe(historyDatabaseFile(dir, 'https://tandem.example.com', 'bob'));
    expect(alice).not.toBe(historyDatabaseFile(dir, 'https://other.example.com', 'alice'));
    expect(dirname(alice)).toBe(join(dir, 'history'));
    expect(basename(alice)).toMatch(/^[0-9a-f]{24}\.sqlite$/);
  });

  it('is wiped with its WAL and shared-memory files, and wiping twice is harmless', async () => {
    const file = historyDatabaseFile(dir, 'http://127.0.0.1:8080', 'alice');
    const other = historyDatabaseFile(dir, 'http://127.0.0.1:8080', 'bob');
    mkdirSync(dirname(file), { recursive: true });
    for (const path of [file, `${file}-wal`, `${file}-shm`, other]) writeFileSync(path, 'x');
    await wipeHistoryDatabase(file);
    await wipeHistoryDatabase(file);
    expect([file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path))).toEqual([]);
    expect(existsSync(other)).toBe(true);
  });

  it('lives in a folder only the OS user can open', async () => {
    const file = historyDatabaseFile(dir, 'http://127.0.0.1:8080', 'alice');
    await prepareHistoryFolder(file, 'linux');
    await prepareHistoryFolder(file, 'linux');
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
  });
});
