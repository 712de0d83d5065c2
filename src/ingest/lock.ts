/**
 * One ingestion at a time per index folder (the command line and the service's reindex could
 * otherwise race). The lock file says who holds it (pid, which program, since when), so whoever is
 * turned away can be told; a lock left by a dead process is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = '.ingest.lock';

/** Who holds the lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  /** In French, e.g. « la ligne de commande (npm run ingest) ». */
  holder?: string;
  /** ISO date. */
  since?: string;
}

/** The labels the two programs that ingest write in the lock. */
export const CLI_HOLDER = 'la ligne de commande (npm run ingest)';
export const SERVICE_HOLDER = 'le service (réindexation)';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeHolder(holder: LockHolder): string {
  const since = holder.since ? `, depuis le ${new Date(holder.since).toLocaleString('fr-FR')}` : '';
  return `${holder.holder ?? 'un autre programme'} (processus ${holder.pid}${since})`;
}

export class IngestBusyError extends Error {
  readonly pid: number;
  readonly holder: LockHolder;

  constructor(holder: LockHolder | number) {
    const held = typeof holder === 'number' ? { pid: holder } : holder;
    super(`une indexation est déjà en cours : ${describeHolder(held)}`);
    this.name = 'IngestBusyError';
    this.pid = held.pid;
    this.holder = held;
  }
}

/** Older locks hold the bare pid; newer ones a small JSON object. */
function parseLock(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'number') return Number.isInteger(value) ? { pid: value } : undefined;
    if (value && typeof value === 'object' && Number.isInteger((value as LockHolder).pid)) {
      const { pid, holder, since } = value as LockHolder;
      return {
        pid,
        ...(typeof holder === 'string' ? { holder } : {}),
        ...(typeof since === 'string' ? { since } : {}),
      };
    }
  } catch {
    // Not JSON: a partly written or foreign file, treated as no holder.
  }
  return undefined;
}

/** Same-process callers are serialised too: the pid check alone would let them in. */
const heldHere = new Set<string>();

/**
 * Who holds the lock now, if a live process other than this one does. Used to refuse a reindex
 * before starting it; the lock itself is still what decides.
 */
export async function readIngestLock(indexDir: string): Promise<LockHolder | undefined> {
  const file = join(indexDir, LOCK_FILE);
  const holder = parseLock(await readFile(file, 'utf8').catch(() => ''));
  if (!holder || holder.pid === process.pid || !isAlive(holder.pid)) return undefined;
  return holder;
}

export async function acquireIngestLock(indexDir: string, holder?: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const file = join(indexDir, LOCK_FILE);
  if (heldHere.has(file)) throw new IngestBusyError({ pid: process.pid, holder: 'ce processus' });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      const content: LockHolder = { pid: process.pid, holder, since: new Date().toISOString() };
      try {
        await handle.writeFile(JSON.stringify(content));
      } catch (writeError) {
        // A full disk: an empty lock would be taken over anyway, but it is ours to remove.
        await handle.close();
        await rm(file, { force: true });
        throw writeError;
      }
      await handle.close();
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = parseLock(await readFile(file, 'utf8').catch(() => ''));
      if (current && current.pid !== process.pid && isAlive(current.pid)) throw new IngestBusyError(current);
      await rm(file, { force: true });
    }
  }
  throw new IngestBusyError({ pid: process.pid });
}
