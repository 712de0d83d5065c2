/**
 * `npx tsx bench/answer-threads.ts [--answer-workers 1,2,4] [--size 100000] [--questions 150]`:
 * what each answer thread costs, on an index `npm run bench:scale` built (kept under the system's
 * temporary folder, `citadoc-bench-scale/<size>`; run it first). Per number of answer threads, a
 * real service process (`startServer`, `ANSWER_WORKERS` set, the rest default):
 *
 *  - time from its start to the first answer, resident memory serving (after the questions);
 *  - answer latency (HTTP) on questions never asked before, one at a time, then from two loops at
 *    once (what a second thread is for);
 *  - a digest of the answers and their citations, the same questions in the same order for every
 *    number of threads: equal digests mean identical answers.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startServer } from '../src/server.ts';
import { readSources, sourceFolders } from './scale/corpus.ts';
import { percentile, processRssMb, timeoutSignal } from './scale/probe.ts';
import { type QuestionSource, unseenQuestions } from './scale/questions.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(tmpdir(), 'citadoc-bench-scale');
/** Two loops at once: as many as the threads of the two-thread run, the case it is for. */
const PARALLEL_LOOPS = 2;
/** Seeds of the two question series, so every run asks the same questions. */
const SERIAL_SEED = 11;
const PARALLEL_SEED = 13;

async function runServeChild(dataDir: string, corpusDir: string, answerWorkers: number): Promise<void> {
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, corpusDir, rateLimitPerMinute: 0, answerWorkers, indexPollMs: 0 },
    { logger: pino({ level: 'warn' }, pino.destination({ dest: 2, sync: false })) },
  );
  await server.loaded;
  process.send?.({ type: 'listening', url: server.url });
  process.on('message', async (message) => {
    if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
}

/** One answer, timed, and what must not change with the number of threads. */
async function ask(url: string, question: string): Promise<{ ms: number; digest: string }> {
  const at = performance.now();
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
    signal: timeoutSignal(),
  });
  if (!response.ok) throw new Error(`réponse en échec (${response.status}) : ${question}`);
  const body = (await response.json()) as {
    answer: string;
    kind: string;
    citations: unknown[];
    related: unknown[];
  };
  const ms = performance.now() - at;
  return { ms, digest: JSON.stringify([question, body.kind, body.answer, body.citations, body.related]) };
}

async function askMany(url: string, questions: QuestionSource, count: number, digest: (d: string) => void) {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await ask(url, questions.next());
    latencies.push(answer.ms);
    digest(answer.digest);
  }
  return latencies;
}

async function measure(
  dataDir: string,
  corpusDir: string,
  workers: number,
  count: number,
  paragraphs: string[],
) {
  const startedAt = performance.now();
  const server: ChildProcess = fork(SELF, ['--serve', dataDir, corpusDir, String(workers)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      server.once('message', (message) => resolve(message as { url: string }));
      server.once('exit', (code) => reject(new Error(`le service s'est arrêté (code ${code})`)));
    });
    const hash = createHash('sha256');
    const first = await ask(url, 'Quels sont les quartiers prioritaires ?');
    hash.update(first.digest);
    const firstAnswerS = (performance.now() - startedAt) / 1000;
    const serial = await askMany(url, unseenQuestions(paragraphs, SERIAL_SEED), count, (d) => hash.update(d));
    // Each loop its own series, and each series' answers digested in order: the digest does not
    // depend on which loop finished first.
    const loops = await Promise.all(
      Array.from({ length: PARALLEL_LOOPS }, (_, loop) => {
        const own = createHash('sha256');
        const started = performance.now();
        return askMany(
          url,
          unseenQuestions(paragraphs, PARALLEL_SEED + loop),
          Math.ceil(count / PARALLEL_LOOPS),
          (d) => own.update(d),
        ).then((latencies) => ({ latencies, digest: own.digest('hex'), ms: performance.now() - started }));
      }),
    );
    for (const loop of loops) hash.update(loop.digest);
    const parallel = loops.flatMap((loop) => loop.latencies);
    const wallS = Math.max(...loops.map((loop) => loop.ms)) / 1000;
    return {
      'fils de réponse': workers,
      '1re réponse s': Number(firstAnswerS.toFixed(1)),
      'RSS service Mo': Math.round(processRssMb(server.pid!)),
      'p50 ms (1 à la fois)': Number(percentile(serial, 50).toFixed(1)),
      'p95 ms (1 à la fois)': Number(percentile(serial, 95).toFixed(1)),
      [`p50 ms (${PARALLEL_LOOPS} boucles)`]: Number(percentile(parallel, 50).toFixed(1)),
      [`p95 ms (${PARALLEL_LOOPS} boucles)`]: Number(percentile(parallel, 95).toFixed(1)),
      [`réponses/s (${PARALLEL_LOOPS} boucles)`]: Number((parallel.length / wallS).toFixed(1)),
      empreinte: hash.digest('hex').slice(0, 12),
    };
  } finally {
    if (server.exitCode === null && server.connected) {
      server.send('stop');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'answer-workers': { type: 'string', default: '1,2,4' },
      size: { type: 'string', default: '100000' },
      questions: { type: 'string', default: '150' },
    },
  });
  const counts = values['answer-workers'].split(',').map((s) => Number(s.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error('--answer-workers : des nombres entiers d’au moins 1, séparés par des virgules');
  }
  const base = join(ROOT, values.size);
  const dataDir = join(base, 'data');
  const corpusDir = join(base, 'corpus');
  if (!existsSync(join(dataDir, 'index', 'CURRENT'))) {
    throw new Error(`aucun index dans ${dataDir} : lancez « npm run bench:scale -- --sizes ${values.size} »`);
  }
  const { paragraphs } = readSources(sourceFolders(process.cwd()));
  const rows = [];
  for (const workers of counts) {
    console.log(`${workers} fil(s) de réponse…`);
    rows.push(await measure(dataDir, corpusDir, workers, Number(values.questions), paragraphs));
  }
  console.log(`\n${values.size} passages, questions jamais posées (même série à chaque ligne) :`);
  console.table(rows);
}

const { positionals, values: mode } = parseArgs({
  options: {
    serve: { type: 'boolean' },
    'answer-workers': { type: 'string' },
    size: { type: 'string' },
    questions: { type: 'string' },
  },
  allowPositionals: true,
});
if (mode.serve) await runServeChild(positionals[0]!, positionals[1]!, Number(positionals[2]));
else await main();
