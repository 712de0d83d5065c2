/**
 * Ingestion in a short-lived child process, for the service. Reading PDFs (pdf.js, OCR) and
 * embedding leave the process that did it near 1 GB resident: the allocator keeps what they used,
 * and Node never hands it back. The service answers from a built index in about 200 MB, so it
 * ingests in a child whose memory goes back to the system when it exits (measured in BENCHMARKS.md).
 * The command line (`npm run ingest`) is short-lived itself and ingests in-process.
 *
 * The child gets the options over IPC and sends back progress events, then the report or the error
 * (rebuilt on this side with its class, so `instanceof IndexError` still works).
 */
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import type { LoadEmbedderOptions } from '../embedding/index.ts';
import { type EntryPoint, type EntryPoints, serviceEntryPoints } from '../entry-points.ts';
import { IndexError } from '../index/manifest.ts';
import { IngestBusyError, type LockHolder, SERVICE_HOLDER } from './lock.ts';
import { cleanOrphans } from './orphans.ts';
import type { IngestEvent, IngestOptions, IngestReport } from './pipeline.ts';

export interface ChildIngestOptions
  extends Omit<IngestOptions, 'loadEmbedder' | 'onEvent' | 'modelId' | 'now'> {
  /** How the child loads the model (the same options the service loaded its own with). */
  embedding: LoadEmbedderOptions;
  onEvent?: (event: IngestEvent) => void;
  /** What the child and its helper start from: the service's compiled entries unless given. */
  entryPoints?: EntryPoints;
}

/** What the child is sent: its options, and where its embedding helper starts from. */
export type ChildRequest = Omit<ChildIngestOptions, 'onEvent' | 'entryPoints'> & { helper: EntryPoint };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  pid?: number;
  holder?: LockHolder;
}

export type ChildMessage =
  | { type: 'event'; event: IngestEvent }
  | { type: 'done'; report: IngestReport }
  | { type: 'failed'; error: SerializedError };

/**
 * The ingestion runs below the service's priority (its embedding helper inherits it): on two cores,
 * the ingestion and its helper would otherwise take them both while residents wait for answers.
 */
const CHILD_NICENESS = 10;

/** How long a child that has sent its report may take to exit before it is stopped. */
const EXIT_GRACE_MS = 5000;

function restoreError(e: SerializedError): Error {
  if (e.name === 'IndexError' && (e.code === 'missing' || e.code === 'corrupt' || e.code === 'mismatch')) {
    return new IndexError(e.code, e.message);
  }
  if (e.name === 'IngestBusyError' && e.pid !== undefined) return new IngestBusyError(e.holder ?? e.pid);
  // The code says what happened (ENOSPC: a full disk) without the message's paths.
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code ? { code: e.code } : {}) });
}

export async function ingestInChild({
  onEvent,
  entryPoints,
  ...options
}: ChildIngestOptions): Promise<IngestReport> {
  const { child: main, helper } = entryPoints ?? (await serviceEntryPoints());
  return new Promise((resolve, reject) => {
    const child = fork(new URL(main.href), [], {
      execArgv: main.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      if (child.pid !== undefined) setPriority(child.pid, CHILD_NICENESS);
    } catch {
      // Not allowed here (some containers): it runs at the service's priority.
    }
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
    };
    /**
     * The report or the error, given once the child has exited: its memory is then the system's again
     * before the service loads the new version (the two would otherwise add up at the peak).
     */
    let outcome: (() => void) | undefined;
    const untilExit = (finish: () => void) => {
      outcome = finish;
      // It exits as soon as its message is flushed (./child-main.ts); one that does not is stopped.
      setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS).unref();
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'event') onEvent?.(message.event);
      else if (message.type === 'done') untilExit(() => resolve(message.report));
      else untilExit(() => reject(restoreError(message.error)));
    });
    child.on('error', (error) => settle(() => reject(error)));
    child.on('exit', (code, signal) => {
      if (outcome) {
        settle(outcome);
        return;
      }
      const stopped = new Error(`l'indexation s'est arrêtée avant la fin (${signal ?? `code ${code}`})`);
      // A child killed mid-write leaves its temporary folder: removed now, not at the next run.
      void cleanOrphans(options.indexDir).then(
        () => settle(() => reject(stopped)),
        () => settle(() => reject(stopped)),
      );
    });
    child.send({ holder: SERVICE_HOLDER, helper, ...options } satisfies ChildRequest);
  });
}
