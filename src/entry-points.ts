/**
 * Where the service starts its threads and processes from: compiled JavaScript when it can, the
 * TypeScript sources under tsx otherwise. Four entries: the answer thread and the graph thread
 * (../assistant/pool.ts), the ingestion child and its embedding helper (../ingest/child.ts).
 *
 * Under tsx each of them pays for the loader before its first line runs: an ingestion child spends
 * about 1 s of CPU before it reads a file (the loader, then every module resolved and transformed
 * through its hooks), compiled about 0.4 s; an answer thread holds about 65 MB more with tsx's
 * hooks and caches than compiled (30 MB). On two cores shared with the answer threads, an update's
 * CPU is taken from residents waiting for answers (issue 14, BENCHMARKS.md).
 *
 * The service compiles them when it opens, from the sources it runs, with esbuild (the widget's
 * bundler). A build goes to a folder named by its content, so services of different versions never
 * run each other's files. Without esbuild (installed without dev dependencies) or if it fails, they
 * run under tsx: slower to start and heavier, the same code.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Logger } from 'pino';

/**
 * An entry point: the module a thread or process starts from, and the flags a process needs
 * (serialisable: it crosses IPC).
 */
export interface EntryPoint {
  href: string;
  execArgv: string[];
}

export interface EntryPoints {
  /** Threads (`new Worker(new URL(href))`). */
  answers: EntryPoint;
  graphs: EntryPoint;
  /** Processes (`fork(new URL(href), [], { execArgv })`). */
  child: EntryPoint;
  helper: EntryPoint;
}

/** Each entry's source, by the name its compiled file takes. */
const SOURCES = {
  answers: new URL('./assistant/worker.ts', import.meta.url),
  graphs: new URL('./assistant/graph-thread.ts', import.meta.url),
  child: new URL('./ingest/child-main.ts', import.meta.url),
  helper: new URL('./ingest/embed-helper-main.ts', import.meta.url),
} satisfies Record<keyof EntryPoints, URL>;

const run = promisify(execFile);
const TSX_LOADER = import.meta.resolve('tsx');
/** Compiled builds, under the project's `dist/` (ignored by git), where `node_modules` is found from. */
const BUILDS_DIR = fileURLToPath(new URL('../dist/entry-points/', import.meta.url));
/** Builds of other sources left this long ago are removed: no process still starts from them. */
const STALE_BUILD_MS = 24 * 60 * 60 * 1000;

/** A process under tsx: its flag. */
const processUnderTsx = (source: URL): EntryPoint => ({
  href: source.href,
  execArgv: ['--import', TSX_LOADER],
});

/**
 * A thread under tsx. `execArgv: ['--import', 'tsx']` is not enough on Node 20: the worker's entry
 * is resolved before that hook is in place ("Unknown file extension .ts"). So the thread starts
 * from a small ES module that registers tsx first, then imports the source; this works whether the
 * parent runs under tsx (`npm start`) or vitest.
 */
const threadUnderTsx = (source: URL): EntryPoint => ({
  href: `data:text/javascript,${encodeURIComponent(
    `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
register();
await import(${JSON.stringify(source.href)});`,
  )}`,
  execArgv: [],
});

export const SOURCE_ENTRY_POINTS: EntryPoints = {
  answers: threadUnderTsx(SOURCES.answers),
  graphs: threadUnderTsx(SOURCES.graphs),
  child: processUnderTsx(SOURCES.child),
  helper: processUnderTsx(SOURCES.helper),
};

/** Compiles the entries into `buildsDir/<content hash>/`, once per content; resolves to where. */
export async function compileEntryPoints(buildsDir = BUILDS_DIR): Promise<EntryPoints> {
  const staging = join(buildsDir, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await compile(staging);
    const dir = join(buildsDir, await contentHash(staging));
    if (await exists(dir)) {
      // In use again: not stale for another version's service (below).
      const now = new Date();
      await utimes(dir, now, now).catch(() => {});
    } else {
      // Whole or not at all: another service compiling the same sources renames first, or this one.
      await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
        if (!(await exists(dir))) throw error;
      });
    }
    await removeStale(buildsDir, dir);
    const compiled = (name: keyof EntryPoints): EntryPoint => ({
      href: pathToFileURL(join(dir, `${name}.mjs`)).href,
      execArgv: [],
    });
    return {
      answers: compiled('answers'),
      graphs: compiled('graphs'),
      child: compiled('child'),
      helper: compiled('helper'),
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * esbuild's command, not its JavaScript API: the API keeps esbuild's process beside the service for
 * the service's whole life (24 MB), and stopping it would break the console's bundling meanwhile.
 */
async function compile(outdir: string): Promise<void> {
  const esbuild = createRequire(import.meta.url).resolve('esbuild/bin/esbuild');
  await run(esbuild, [
    ...Object.entries(SOURCES).map(([name, source]) => `${name}=${fileURLToPath(source)}`),
    `--outdir=${outdir}`,
    '--bundle',
    // The readers' `import()`s stay separate chunks: a re-ingest without PDFs never loads pdf.js.
    '--splitting',
    '--format=esm',
    '--platform=node',
    '--target=node20',
    '--packages=external',
    '--out-extension:.js=.mjs',
    '--log-level=error',
  ]);
}

/** The build's name: its files' names and contents. */
async function contentHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    hash
      .update(name)
      .update('\0')
      .update(await readFile(join(dir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function removeStale(buildsDir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(buildsDir).catch(() => [])) {
    const path = join(buildsDir, name);
    if (path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_BUILD_MS) await rm(path, { recursive: true, force: true });
  }
}

let prepared: Promise<EntryPoints> | undefined;

/**
 * The entry points this service starts its threads and children from: compiled on the first call
 * (the service calls it when it opens), the sources under tsx if that fails.
 */
export function serviceEntryPoints(logger?: Logger): Promise<EntryPoints> {
  if (prepared) return prepared;
  const started = performance.now();
  prepared = compileEntryPoints().then(
    (entryPoints) => {
      logger?.info(
        { durationMs: Math.round(performance.now() - started) },
        'threads and ingestion child compiled',
      );
      return entryPoints;
    },
    (error: unknown) => {
      logger?.warn({ err: error }, 'threads and ingestion child not compiled: they start under tsx');
      return SOURCE_ENTRY_POINTS;
    },
  );
  return prepared;
}
