/**
 * Follows the index on disk: when `npm run ingest` (another process) names a new version in
 * `CURRENT`, the service switches to it by itself, with the same swap as a reindex (answer threads
 * first, requests in flight finish on the old index). Without this, the service kept answering from
 * the old index until someone called `POST /admin/reindex`, and a question about a new document got
 * a confident answer from the others.
 *
 * `fs.watch` on the index folder reacts within a moment; a poll every few seconds covers the file
 * systems where it reports nothing (network mounts, some containers) or the folder being replaced.
 * The service's own reindexes are not switched to twice: checks wait for a running reindex, and one
 * that finds `CURRENT` naming the version already served does nothing.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from 'pino';
import { readCurrentVersion } from '../index/store.ts';
import type { AssistantService, LocalAssistant } from './types.ts';

/** An ingestion writes several files then renames `CURRENT`: one check once the folder is quiet. */
const DEFAULT_DEBOUNCE_MS = 300;
/**
 * A version that failed to load (a folder copied by hand, half written, built with another model) is
 * tried again this long after, not on every poll: the log says it once, and a fixed folder is taken.
 */
const FAILED_RETRY_MS = 30_000;
const POINTER_FILE = 'CURRENT';

export interface FollowIndexOptions {
  indexDir: string;
  /** How often `CURRENT` is read when the watcher says nothing (ms). */
  pollMs: number;
  debounceMs?: number;
  logger: Logger;
}

export interface FollowingAssistant extends AssistantService {
  /** Reads `CURRENT` now and switches if it names another version (tests; the timers do it otherwise). */
  check(): Promise<void>;
}

export function followIndex(assistant: LocalAssistant, options: FollowIndexOptions): FollowingAssistant {
  const { indexDir, logger } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let closed = false;
  /** Reindexes and switches, one at a time, in order. */
  let queue: Promise<unknown> = Promise.resolve();
  let queuedCheck: Promise<void> | undefined;
  let failed: { version: string; at: number } | undefined;
  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;

  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  async function follow(): Promise<void> {
    const version = await readCurrentVersion(indexDir);
    if (closed || !version || version === assistant.servedVersion()) return;
    if (failed?.version === version && Date.now() - failed.at < FAILED_RETRY_MS) return;
    const started = performance.now();
    try {
      await assistant.switchTo(version);
      failed = undefined;
      logger.info(
        { version, durationMs: Math.round(performance.now() - started) },
        "nouvelle version de l'index écrite par une autre commande : chargée, elle répond désormais",
      );
    } catch (error) {
      failed = { version, at: Date.now() };
      logger.error(
        { err: error, version, served: assistant.servedVersion() },
        "la nouvelle version de l'index n'a pas pu être chargée : l'index précédent reste en service",
      );
    }
  }

  /** One check waiting at most: events during a long reindex collapse into the one after it. */
  function check(): Promise<void> {
    queuedCheck ??= exclusive(async () => {
      queuedCheck = undefined;
      await follow();
    });
    return queuedCheck;
  }

  function armWatcher(): void {
    if (watcher || closed) return;
    try {
      watcher = watch(indexDir, { persistent: false }, (_event, name) => {
        if (name !== null && !name.startsWith(POINTER_FILE)) return;
        clearTimeout(debounce);
        debounce = setTimeout(() => void check(), debounceMs);
      });
      watcher.on('error', () => {
        // The folder was removed or replaced: the poll goes on and watches it again once it is back.
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      // No watcher here (folder missing, file system without events): the poll alone follows.
      watcher = undefined;
    }
  }

  armWatcher();
  const poll = setInterval(() => {
    armWatcher();
    void check();
  }, options.pollMs);
  poll.unref();

  return {
    ...assistant,
    check,
    reindex: () => exclusive(() => assistant.reindex()),
    async close() {
      closed = true;
      clearInterval(poll);
      clearTimeout(debounce);
      watcher?.close();
      await queue;
      await assistant.close();
    },
  };
}
