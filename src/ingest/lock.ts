/**
 * One ingestion at a time per index folder (the command line and the service's reindex could
 * otherwise race). The lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = '.ingest.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class IngestBusyError extends Error {
  constructor(readonly pid: number) {
    super(`une indexation est déjà en cours (processus ${pid})`);
    this.name = 'IngestBusyError';
  }
}

/** Same-process callers are serialised too: the pid check alone would let them in. */
const heldHere = new Set<string>();

export async function acquireIngestLock(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const file = join(indexDir, LOCK_FILE);
  if (heldHere.has(file)) throw new IngestBusyError(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) throw new IngestBusyError(pid);
      await rm(file, { force: true });
    }
  }
  throw new IngestBusyError(process.pid);
}
