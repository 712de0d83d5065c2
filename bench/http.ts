/**
 * `npm run bench:http`: the real server (real assistant, default corpus) in a child process on a
 * free loopback port with the rate limit off, loaded by autocannon with varied French questions at
 * 1, 10 and 50 connections. Prints throughput, p50/p95/p99 latency, errors and the server's RSS.
 *
 * By default every request asks a question never asked before (built from the corpus's words,
 * ./scale/questions.ts): neither the answer cache nor the per-text memo has seen it, as with
 * residents' own questions. Beside it, eight questions repeated over and over, with the answer cache
 * (repeated questions cost nothing) and without it (`ANSWER_CACHE_SIZE=0`, the per-text memo warm).
 *
 * The server runs in its own process so the load generator does not share its event loop.
 * BENCH_SECONDS (default 10) sets each stage's length; the whole run is bounded by a hard limit.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pino from 'pino';
import { startServer } from '../src/server.ts';
import { readSources } from './scale/corpus.ts';
import { unseenQuestions } from './scale/questions.ts';

const STAGES = [1, 10, 50];
const STAGE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** First start ingests the corpus (tens of seconds); past this something is wrong. */
const LOAD_LIMIT_MS = 5 * 60 * 1000;
const SERIES = [
  { label: 'questions jamais posées (par défaut), avec le cache des réponses', args: [], fresh: true },
  { label: '8 questions répétées, avec le cache des réponses', args: [], fresh: false },
  { label: '8 questions répétées, sans cache (ANSWER_CACHE_SIZE=0)', args: ['--no-cache'], fresh: false },
];
const RUN_LIMIT_MS = SERIES.length * (LOAD_LIMIT_MS + STAGES.length * (STAGE_SECONDS + 15) * 1000);
/** Kept between runs so only the first one pays for ingestion; the store is reset each time. */
const DATA_DIR = join(tmpdir(), 'citadoc-bench-http');

const QUESTIONS = [
  'Quand les contrats de ville ont-ils été signés ?',
  'Quels sont les quartiers prioritaires de La Grand-Combe ?',
  'Quels sont les trois piliers de la refonte des contrats de ville ?',
  'Qui doit remplacer les joints des robinets, le locataire ou le propriétaire ?',
  'Combien l’État a-t-il débloqué pour la rénovation des quartiers ?',
  'Qu’est-ce qu’un conseil citoyen ?',
  'Où puis-je garer mon vélo près de la gare ?',
  'Bonjour',
];

type ServerMessage = { url: string } | { rss: number };

async function serve(): Promise<void> {
  rmSync(join(DATA_DIR, 'citadoc.sqlite'), { force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: DATA_DIR,
      rateLimitPerMinute: 0,
      ...(process.argv.includes('--no-cache') ? { answerCacheSize: 0 } : {}),
    },
    // Request lines are written as in production, but to nowhere, so the terminal is not the bottleneck.
    { logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })) },
  );
  await server.loaded;
  process.send?.({ url: server.url } satisfies ServerMessage);
  process.on('message', async (message) => {
    if (message === 'rss') process.send?.({ rss: process.memoryUsage().rss } satisfies ServerMessage);
    if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
}

function nextMessage(child: ChildProcess, timeoutMs: number): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('le serveur ne répond pas')), timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ServerMessage);
    });
    child.once('exit', (code) => reject(new Error(`le serveur s'est arrêté (code ${code})`)));
  });
}

async function serverRss(child: ChildProcess): Promise<number> {
  const reply = nextMessage(child, 5_000);
  child.send('rss');
  const message = await reply;
  return 'rss' in message ? message.rss : Number.NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** New questions from the default corpus's words: a different one for every request. */
const fresh = unseenQuestions(readSources(['corpus']).paragraphs);

async function stage(url: string, connections: number, freshQuestions: boolean) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: STAGE_SECONDS,
        timeout: 15,
        requests: freshQuestions
          ? [
              {
                method: 'POST' as const,
                path: '/api/chat',
                headers: { 'content-type': 'application/json' },
                setupRequest: (request) => ({ ...request, body: JSON.stringify({ question: fresh.next() }) }),
              },
            ]
          : QUESTIONS.map((question) => ({
              method: 'POST' as const,
              path: '/api/chat',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ question }),
            })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    connections,
    requests: result.requests.total,
    throughput: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    /** 503 `busy` is the answer cap turning extra questions away on purpose, not a failure. */
    byStatus: Object.entries(result.statusCodeStats ?? {})
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, { count }]) => `${status}×${count}`)
      .join(' '),
  };
}

async function main(): Promise<void> {
  const hardStop = setTimeout(() => {
    console.error('Banc interrompu : limite de temps dépassée.');
    process.exit(2);
  }, RUN_LIMIT_MS).unref();

  for (const series of SERIES) await runSeries(series.label, series.args, series.fresh);
  clearTimeout(hardStop);
}

async function runSeries(label: string, args: string[], freshQuestions: boolean): Promise<void> {
  console.log(`\n== ${label} ==\nDémarrage du serveur (index dans ${DATA_DIR})…`);
  const started = performance.now();
  const child = fork(fileURLToPath(import.meta.url), ['--serve', ...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await nextMessage(child, LOAD_LIMIT_MS);
    if (!('url' in ready)) throw new Error('message inattendu du serveur');
    const rssIdle = await serverRss(child);
    console.log(`Prêt en ${((performance.now() - started) / 1000).toFixed(1)} s sur ${ready.url}`);
    const asked = freshQuestions
      ? 'une question jamais posée par requête'
      : `${QUESTIONS.length} questions variées, répétées`;
    console.log(`POST /api/chat, ${asked}, ${STAGE_SECONDS} s par palier\n`);

    const rows = [];
    for (const connections of STAGES) {
      const row = await stage(ready.url, connections, freshQuestions);
      const rss = await serverRss(child);
      rows.push({ ...row, rssMB: Math.round(rss / 2 ** 20) });
    }
    console.table(
      rows.map((row) => ({
        connexions: row.connections,
        requêtes: row.requests,
        'req/s': Math.round(row.throughput * 10) / 10,
        'p50 ms': Math.round(row.p50),
        'p95 ms': Math.round(row.p95),
        'p99 ms': Math.round(row.p99),
        erreurs: row.errors,
        'non-2xx': row.byStatus || row.non2xx,
        'RSS Mo': row.rssMB,
      })),
    );
    console.log(`RSS au repos après chargement : ${Math.round(rssIdle / 2 ** 20)} Mo`);
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
