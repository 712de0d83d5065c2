/**
 * What a killed or failed ingestion left behind (`tmp-…` version folders, `CURRENT.….tmp`), removed
 * under the ingestion lock: at the start of every ingestion, when the service starts, and when the
 * service's ingestion child dies. On a full disk these leftovers are what keeps it full.
 */
import { removeOrphans } from '../index/store.ts';
import { acquireIngestLock, IngestBusyError, readIngestLock } from './lock.ts';

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export function isDiskFull(error: unknown): boolean {
  return DISK_FULL_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/**
 * Removes the orphans if no ingestion is running (one that is owns its temporary folder and cleans
 * up itself). Returns the names removed; never throws for a busy lock.
 */
export async function cleanOrphans(indexDir: string, holder?: string): Promise<string[]> {
  let release: () => Promise<void>;
  try {
    release = await acquireIngestLock(indexDir, holder);
  } catch (error) {
    if (error instanceof IngestBusyError) return [];
    // The disk is so full that not even the lock can be written: nor can any other ingestion take
    // it, so with no live holder the leftovers are orphans, and removing them is what frees space.
    if (isDiskFull(error) && !(await readIngestLock(indexDir))) return removeOrphans(indexDir);
    throw error;
  }
  try {
    return await removeOrphans(indexDir);
  } finally {
    await release();
  }
}
