/**
 * Where an agent's history database lives on this computer, and how signing out removes it.
 *
 * One file per server and agent, in the app's user-data folder (`app.getPath('userData')`, inside the OS
 * user's profile): two agents sharing a computer account never see each other's calls, and a name made of a
 * hash keeps the agent's name and the server's address out of the file system. See README.md for why the
 * file is protected by the profile rather than encrypted.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** SQLite's companions of a database in WAL mode (and a rollback journal, should one be left over). */
const companionSuffixes = ['', '-wal', '-shm', '-journal'] as const;

export function historyDatabaseFile(
  userDataDirectory: string,
  serverOrigin: string,
  username: string,
): string {
  const owner = `${new URL(serverOrigin).origin}\n${username.trim().toLowerCase()}`;
  const name = createHash('sha256').update(owner).digest('hex').slice(0, 24);
  return join(userDataDirectory, 'history', `${name}.sqlite`);
}

/**
 * Makes the history folder readable by the OS user alone before SQLite creates the file in it (POSIX
 * permissions; on Windows the user-data folder under %APPDATA% is already the user's alone by its ACL).
 */
export async function prepareHistoryFolder(
  file: string,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (platform !== 'win32') await chmod(folder, 0o700);
}

/**
 * Deletes the database and its WAL and shared-memory files. The database must be closed first (the worker
 * stopped): on Windows an open file cannot be deleted, elsewhere a writer would keep a deleted file alive.
 * Missing files are fine: wiping twice is harmless.
 */
export async function wipeHistoryDatabase(file: string): Promise<void> {
  for (const suffix of companionSuffixes) {
    await rm(`${file}${suffix}`, { force: true, maxRetries: 3 });
  }
}
