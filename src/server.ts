/**
 * Starts the service: configuration, store, HTTP listener at once, then the assistant in the
 * background (a fresh install ingests the corpus first), with `/ready` false until it is loaded.
 * `startServer` is what browser tests and benchmarks use; `npm start` runs `main()`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { followIndex } from './assistant/follow-index.ts';
import { openAssistant } from './assistant/index.ts';
import { openPooledAssistant } from './assistant/pool.ts';
import type { AssistantService } from './assistant/types.ts';
import { type Config, ConfigError, loadConfig, readEnvFile, toAssistantOptions } from './config.ts';
import { createApp } from './http/index.ts';
import { cleanOrphans } from './ingest/orphans.ts';
import { openStore } from './store/index.ts';

/** Old rows go within the hour after they expire; the timer never keeps the process alive. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** How long requests in flight may finish after a stop is asked before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface StartOptions {
  /** An assistant to use instead of `openAssistant` (tests and benchmarks without the index). */
  assistant?: AssistantService | Promise<AssistantService>;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Settles once the assistant is loaded (or has failed to load: then it rejects). */
  loaded: Promise<void>;
  close(): Promise<void>;
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs).unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export async function startServer(
  overrides: Partial<Config> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const config: Config = { ...loadConfig({ ...readEnvFile(), ...process.env }), ...overrides };
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = openStore({ path: join(config.dataDir, 'citadoc.sqlite') });

  const purge = () => {
    try {
      const removed = store.purge(config.retentionDays);
      logger.info({ ...removed, retentionDays: config.retentionDays }, 'purged old rows');
    } catch (error) {
      logger.error({ err: error }, 'purge failed');
    }
  };
  purge();
  const purgeTimer = setInterval(purge, PURGE_INTERVAL_MS).unref();
  // A run killed before this start (or one that filled the disk) may have left its temporary folder;
  // removed before the assistant loads, which may ingest and would then find the lock taken.
  try {
    const removed = await cleanOrphans(toAssistantOptions(config).indexDir);
    if (removed.length > 0) logger.warn({ removed }, 'removed what an interrupted ingestion left');
  } catch (error) {
    logger.error({ err: error }, 'could not remove what an interrupted ingestion left');
  }

  let assistant: AssistantService | undefined;
  const app = createApp({ config, assistant: () => assistant, store, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    clearInterval(purgeTimer);
    store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url }, 'listening; loading the index');

  const started = performance.now();
  const assistantOptions = toAssistantOptions(config);
  const opening =
    options.assistant ??
    (config.answerWorkers > 0
      ? openPooledAssistant(assistantOptions, config.answerWorkers, logger)
      : openAssistant(assistantOptions, logger)
    ).then((local) =>
      // A new version written by `npm run ingest` is served within seconds, without a reindex call.
      config.indexPollMs > 0
        ? followIndex(local, { indexDir: assistantOptions.indexDir, pollMs: config.indexPollMs, logger })
        : local,
    );
  const loaded = Promise.resolve(opening).then(
    (service) => {
      assistant = service;
      logger.info({ durationMs: Math.round(performance.now() - started) }, 'ready');
    },
    (error: unknown) => {
      logger.error({ err: error }, 'the assistant could not be loaded');
      throw error;
    },
  );
  // Observed here so a failed load is never an unhandled rejection; callers may still await it.
  loaded.catch(() => {});

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(purgeTimer);
      await closeServer(server, SHUTDOWN_GRACE_MS);
      await app.reindexJob.settled();
      await loaded.catch(() => {});
      await assistant?.close();
      store.close();
    })();
    return closing;
  };

  return { url, port, loaded, close };
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer();
  } catch (error) {
    // A wrong setting is the operator's to fix: say which, without a stack.
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const stop = async (signal: string) => {
    console.error(`${signal} reçu : arrêt en cours…`);
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  running.loaded.catch(async () => {
    console.error("L'index n'a pas pu être chargé : voir le journal ci-dessus.");
    await running.close();
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
