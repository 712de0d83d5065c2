/**
 * `npm run bench:scale [-- --sizes 1000,10000,100000] [--answer-workers 1]`: the service at 1k, 10k and 100k passages, on
 * synthetic corpora built from the evaluation documents (./scale/corpus.ts). Per size:
 *
 *  - full ingestion (in a child process, as `npm run ingest`): time, passages/s, peak memory of the
 *    ingestion and its embedding helper process;
 *  - on a quiet machine, the same ingestion again with nothing changed, then with one document
 *    changed: time, peak memory, and the bytes the new version wrote (files not linked from the
 *    version before);
 *  - index size on disk;
 *  - a real service process (`startServer`, default settings, `--answer-workers` answer threads,
 *    one by default; from two, the graphs are in the graph thread): time from its
 *    start to the first answer, resident memory serving;
 *  - answer latency (HTTP, one request at a time) on questions never asked before;
 *  - `POST /admin/reindex` with nothing changed, then with one document changed, while two chat
 *    loops (new questions) and a `/health` loop run: the update's time, the longest `/health` and
 *    `/api/chat` request during it, the peak memory of the service and its ingestion child.
 *
 *  - first, the same load for 15 s with no reindex (the control): what two cores busy with these
 *    loops cost a request anyway, so that what a reindex adds can be read beside it, and the
 *    service's memory serving a flow of new questions (before any update: a version an update
 *    replaced is freed when the garbage collector gets to it, up to a minute later).
 *
 * Request loops are bounded in count and time; everything runs on 127.0.0.1. Corpora and indexes are
 * kept under the system's temporary folder (`citadoc-bench-scale/<size>`, `citadoc-bench-scale-semantic/`
 * with EMBEDDINGS_URL: the semantic mode) and rebuilt on each run;
 * `--reuse-index` keeps the corpus and index a previous run left (no full ingestion: its columns are
 * empty) and changes the two documents to texts no run wrote before, to compare two builds of the
 * service on one index.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadCliSettings } from '../src/cli/settings.ts';
import { configuredEmbedding, loadEmbedder } from '../src/embedding/index.ts';
import { currentVersionDir, loadManifest } from '../src/index/store.ts';
import { startEmbedHelper } from '../src/ingest/embed-helper.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { startServer } from '../src/server.ts';
import {
  documentName,
  readSources,
  SECTIONS_PER_DOCUMENT,
  sourceFolders,
  syntheticDocument,
  writeSyntheticCorpus,
} from './scale/corpus.ts';
import {
  longestDuring,
  percentile,
  processRssMb,
  startLoop,
  timeoutSignal,
  treeRssMb,
  watchPeakRss,
} from './scale/probe.ts';
import { unseenQuestions } from './scale/questions.ts';

/**
 * The service's settings, as `npm run ingest` and `npm start` read them: with EMBEDDINGS_URL, the
 * semantic mode is measured (its corpora and indexes kept apart from the built-in model's).
 */
const { embedding } = loadCliSettings();
const ROOT = join(tmpdir(), embedding.api ? 'citadoc-bench-scale-semantic' : 'citadoc-bench-scale');
const ADMIN_TOKEN = 'bench-scale-admin-token-0123456789';
const SELF = fileURLToPath(import.meta.url);
/** Questions timed one at a time, and the most time they may take together. */
const LATENCY_QUESTIONS = 150;
const LATENCY_LIMIT_MS = 120_000;
/** The admin routes allow 30 requests a minute: the reindex status is read this often. */
const STATUS_POLL_MS = 3_000;
/** A reindex longer than this is reported as failed (the 100k one takes minutes). */
const REINDEX_LIMIT_MS = 30 * 60_000;
const HEALTH_PAUSE_MS = 20;
/** The control's load: about as long as a one-document update under load at 100k. */
const CONTROL_MS = 15_000;
/** How often the ingestion's memory (with its helper process) is sampled. */
const INGEST_RSS_SAMPLE_MS = 200;
const CHAT_LOOPS = 2;
/** Requests per loop at most, whatever the reindex's length. */
const LOOP_MAX_REQUESTS = 20_000;

type ChildReport =
  | { type: 'ingested'; durationMs: number; passages: number; documents: number; peakMb: number }
  | { type: 'listening'; url: string };

interface ReindexFigures {
  wallMs: number;
  ingestMs: number;
  longestHealthMs: number;
  longestChatMs: number;
  /** Chat requests running during the update: their 95th percentile, and how many took over 100 ms. */
  chatP95Ms: number;
  chatsOver100: number;
  chats: number;
  requests: number;
  failed: number;
  peakMb: number;
}

// ---- child modes -------------------------------------------------------------------------------

async function runIngestChild(corpusDir: string, indexDir: string): Promise<void> {
  const report = await ingest({
    corpusDir,
    indexDir,
    ...configuredEmbedding(embedding),
    // Loaded only when something must be embedded, as `npm run ingest` does.
    loadEmbedder: () => loadEmbedder(embedding),
    // As `npm run ingest` and the service's ingestion child: a second process embeds beside this one
    // (not for a server's model).
    startEmbedHelper: embedding.api ? undefined : () => startEmbedHelper(embedding),
  });
  process.send?.(
    {
      type: 'ingested',
      durationMs: report.durationMs,
      passages: report.totals.chunks,
      documents: report.totals.documents,
      peakMb: process.resourceUsage().maxRSS / 1024,
    } satisfies ChildReport,
    () => process.exit(0),
  );
}

async function runServeChild(dataDir: string, corpusDir: string, answerWorkers: number): Promise<void> {
  const server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      corpusDir,
      rateLimitPerMinute: 0,
      adminToken: ADMIN_TOKEN,
      answerWorkers,
    },
    { logger: pino({ level: 'warn' }, pino.destination({ dest: 2, sync: false })) },
  );
  await server.loaded;
  process.send?.({ type: 'listening', url: server.url } satisfies ChildReport);
  process.on('message', async (message) => {
    if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
}

// ---- the parent --------------------------------------------------------------------------------

function nextReport(child: ChildProcess, timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('le processus enfant ne répond pas')), timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ChildReport);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`le processus enfant s'est arrêté (code ${code})`));
    });
  });
}

function spawn(args: string[]): ChildProcess {
  return fork(SELF, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function folderSizeMb(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) bytes += statSync(join(dir, name)).size;
  return bytes / 2 ** 20;
}

/** What a version wrote itself: its files not hard-linked from another version (one link only). */
function writtenMb(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const stat = statSync(join(dir, name));
    if (stat.nlink === 1) bytes += stat.size;
  }
  return bytes / 2 ** 20;
}

interface QuietUpdate {
  ms: number;
  peakMb: number;
  writtenMb: number;
  newVersion: boolean;
}

/** `npm run ingest` on the index as it is, in a child process, nothing else running. */
async function quietIngest(corpusDir: string, indexDir: string): Promise<QuietUpdate> {
  const before = await currentVersionDir(indexDir);
  const child = spawn(['--ingest', corpusDir, indexDir]);
  const report = await nextReport(child, 10 * 60_000);
  if (report.type !== 'ingested') throw new Error('message inattendu');
  const after = (await currentVersionDir(indexDir))!;
  return {
    ms: report.durationMs,
    peakMb: report.peakMb,
    writtenMb: after === before ? 0 : writtenMb(after),
    newVersion: after !== before,
  };
}

async function chat(url: string, question: string): Promise<Response> {
  return fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
    signal: timeoutSignal(),
  });
}

async function admin(url: string, method: 'GET' | 'POST'): Promise<Response> {
  return fetch(`${url}/admin/reindex`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: timeoutSignal(),
  });
}

/** The longest waits under the reindex's load, for as long, when nothing is reindexed. */
async function loadWithoutReindex(
  url: string,
  pid: number,
  ask: () => string,
  durationMs: number,
): Promise<ReindexFigures> {
  const load = startLoad(url, pid, ask);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const from = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const to = performance.now();
  return stopLoad(load, from, to, { wallMs: to - from, ingestMs: Number.NaN });
}

/** Two loops of new questions and a `/health` loop, and the service's memory watched. */
function startLoad(url: string, pid: number, ask: () => string) {
  const health = startLoop(
    () => fetch(`${url}/health`, { signal: timeoutSignal() }),
    HEALTH_PAUSE_MS,
    LOOP_MAX_REQUESTS,
  );
  const chats = Array.from({ length: CHAT_LOOPS }, () =>
    startLoop(() => chat(url, ask()), 0, LOOP_MAX_REQUESTS),
  );
  return { health, chats, memory: watchPeakRss(pid, 100) };
}

/** Stops the load and reads the requests that were running between `from` and `to`. */
async function stopLoad(
  { health, chats, memory }: ReturnType<typeof startLoad>,
  from: number,
  to: number,
  times: { wallMs: number; ingestMs: number },
): Promise<ReindexFigures> {
  const peakMb = memory.stop();
  await Promise.all([health.stop(), ...chats.map((c) => c.stop())]);
  const chatSamples = chats.flatMap((c) => c.samples);
  const running = (s: { at: number; ms: number }) => s.at <= to && s.at + s.ms >= from;
  const during = [...health.samples, ...chatSamples].filter(running);
  const chatsDuring = chatSamples.filter(running);
  return {
    ...times,
    longestHealthMs: longestDuring(health.samples, from, to),
    longestChatMs: longestDuring(chatSamples, from, to),
    chatP95Ms: percentile(
      chatsDuring.map((s) => s.ms),
      95,
    ),
    chatsOver100: chatsDuring.filter((s) => s.ms > 100).length,
    chats: chatsDuring.length,
    requests: during.length,
    failed: during.filter((s) => !s.ok).length,
    peakMb,
  };
}

async function reindexUnderLoad(url: string, pid: number, ask: () => string): Promise<ReindexFigures> {
  const load = startLoad(url, pid, ask);
  // Let the loops settle before the reindex starts.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const from = performance.now();
  const started = await admin(url, 'POST');
  if (started.status !== 202)
    throw new Error(`réindexation refusée (${started.status}) : ${await started.text()}`);
  let status: { state: string; startedAt?: string; finishedAt?: string; report?: { durationMs: number } };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    if (performance.now() - from > REINDEX_LIMIT_MS) throw new Error('réindexation trop longue');
    // A keep-alive socket the server closed meanwhile is reset: read again on the next turn.
    const response = await admin(url, 'GET').catch(() => undefined);
    if (!response || response.status === 429) continue;
    status = (await response.json()) as typeof status;
    if (status.state !== 'running') break;
  }
  const to = performance.now();
  const figures = await stopLoad(load, from, to, {
    wallMs: Date.parse(status.finishedAt ?? '') - Date.parse(status.startedAt ?? ''),
    ingestMs: status.report?.durationMs ?? Number.NaN,
  });
  if (status.state !== 'succeeded') throw new Error(`réindexation en échec : ${JSON.stringify(status)}`);
  return figures;
}

async function measureSize(
  size: number,
  sources: ReturnType<typeof readSources>,
  answerWorkers: number,
  reuseIndex: boolean,
) {
  const base = join(ROOT, String(size));
  const corpusDir = join(base, 'corpus');
  const dataDir = join(base, 'data');
  const indexDir = join(dataDir, 'index');
  console.log(`\n== ${size} passages ==`);
  const reused = reuseIndex && (await currentVersionDir(indexDir)) !== undefined;
  let ingested: { durationMs: number; passages: number; documents: number; peakMb: number };
  let ingestTreePeakMb = Number.NaN;
  if (reused) {
    console.log('index réutilisé (--reuse-index) : pas d’indexation complète');
    const { documents } = (await loadManifest(indexDir)).manifest;
    const passages = documents.reduce((n, doc) => n + doc.labels.length, 0);
    ingested = { durationMs: Number.NaN, passages, documents: documents.length, peakMb: Number.NaN };
  } else {
    if (reuseIndex) console.log('pas d’index à réutiliser : construit');
    await writeSyntheticCorpus(corpusDir, size, sources);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    console.log('indexation complète…');
    const ingestChild = spawn(['--ingest', corpusDir, indexDir]);
    // The ingestion's process tree, its embedding helper included (src/ingest/embed-helper.ts).
    const ingestTree = watchPeakRss(ingestChild.pid!, INGEST_RSS_SAMPLE_MS);
    const report = await nextReport(ingestChild, Math.max(10 * 60_000, size * 60));
    ingestTreePeakMb = ingestTree.stop();
    if (report.type !== 'ingested') throw new Error('message inattendu');
    ingested = report;
  }
  const versionDir = await currentVersionDir(indexDir);
  const indexMb = versionDir ? folderSizeMb(versionDir) : Number.NaN;
  // The changed documents' texts: a seed of their own on a reused index, so that they change again.
  const seed = reused ? 3 + (Date.now() % 1_000_000) : 2;

  console.log('mises à jour au calme…');
  const quietUnchanged = await quietIngest(corpusDir, indexDir);
  await writeFile(join(corpusDir, documentName(1)), syntheticDocument(sources, 1, seed));
  const quietOneDocument = await quietIngest(corpusDir, indexDir);

  console.log('démarrage du service…');
  const startedAt = performance.now();
  const server = spawn(['--serve', dataDir, corpusDir, String(answerWorkers)]);
  try {
    const listening = await nextReport(server, 10 * 60_000);
    if (listening.type !== 'listening') throw new Error('message inattendu');
    const { url } = listening;
    const questions = unseenQuestions(sources.paragraphs, size);
    const first = await chat(url, questions.next());
    if (!first.ok) throw new Error(`première réponse en échec (${first.status})`);
    await first.arrayBuffer();
    const firstAnswerMs = performance.now() - startedAt;
    const serveMb = processRssMb(server.pid!);

    const latencies: number[] = [];
    const until = performance.now() + LATENCY_LIMIT_MS;
    for (let i = 0; i < LATENCY_QUESTIONS && performance.now() < until; i++) {
      const at = performance.now();
      const response = await chat(url, questions.next());
      await response.arrayBuffer();
      if (response.ok) latencies.push(performance.now() - at);
    }
    const servedMb = processRssMb(server.pid!);

    // First, so that its memory is the service's serving a flow of new questions, with no version
    // an update left behind still waiting for the garbage collector.
    console.log('la charge, sans réindexation (témoin)…');
    const control = await loadWithoutReindex(url, server.pid!, () => questions.next(), CONTROL_MS);
    console.log('réindexation sans changement, sous charge…');
    const unchanged = await reindexUnderLoad(url, server.pid!, () => questions.next());
    console.log('réindexation après le changement d’un document, sous charge…');
    await writeFile(join(corpusDir, documentName(0)), syntheticDocument(sources, 0, seed));
    const oneDocument = await reindexUnderLoad(url, server.pid!, () => questions.next());
    return {
      size,
      passages: ingested.passages,
      documents: ingested.documents,
      ingestS: ingested.durationMs / 1000,
      passagesPerS: ingested.passages / (ingested.durationMs / 1000),
      // Sampled sum of the tree, or the ingestion's own exact peak if higher.
      ingestPeakMb: Math.max(ingested.peakMb, ingestTreePeakMb),
      indexMb,
      firstAnswerS: firstAnswerMs / 1000,
      serveMb: Math.max(serveMb, servedMb),
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      questions: latencies.length,
      quietUnchanged,
      quietOneDocument,
      unchanged,
      oneDocument,
      control,
      treeMb: treeRssMb(server.pid!),
    };
  } finally {
    if (server.exitCode === null && server.connected) {
      server.send('stop');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      'answer-workers': { type: 'string', default: '1' },
      'reuse-index': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  const answerWorkers = Number(values['answer-workers']);
  if (!Number.isInteger(answerWorkers) || answerWorkers < 1) {
    throw new Error('--answer-workers : un nombre entier d’au moins 1');
  }
  if (sizes.some((s) => !Number.isInteger(s) || s < SECTIONS_PER_DOCUMENT)) {
    throw new Error(
      `--sizes : des nombres entiers d'au moins ${SECTIONS_PER_DOCUMENT}, séparés par des virgules`,
    );
  }
  const folders = sourceFolders(process.cwd());
  const sources = readSources(folders);
  console.log(
    `sources : ${sources.paragraphs.length} paragraphes, ${sources.headings.length} titres (${folders.length} dossiers)`,
  );
  console.log(
    embedding.api
      ? `modèle : serveur d'embeddings ${embedding.api.baseUrl} (EMBEDDINGS_URL)`
      : `modèle : ${embedding.model} dans le processus`,
  );
  const rows = [];
  for (const size of sizes) {
    const r = await measureSize(size, sources, answerWorkers, values['reuse-index']);
    console.log(JSON.stringify(r));
    rows.push(r);
  }
  console.log(
    `\nindexation, service (${answerWorkers} fil(s) de réponse) et réponses (questions jamais posées) :`,
  );
  console.table(
    rows.map((r) => ({
      passages: r.passages,
      'indexation s': round(r.ingestS, 1),
      'passages/s': round(r.passagesPerS),
      'pic index. Mo': round(r.ingestPeakMb),
      'index Mo': round(r.indexMb, 1),
      '1re réponse s': round(r.firstAnswerS, 1),
      'RSS service Mo': round(r.serveMb),
      'p50 ms': round(r.p50, 1),
      'p95 ms': round(r.p95, 1),
    })),
  );
  console.log('\nmises à jour au calme (npm run ingest dans un processus, rien d’autre ne tourne) :');
  console.table(
    rows.flatMap((r) =>
      (
        [
          ['sans changement', r.quietUnchanged],
          ['un document changé', r.quietOneDocument],
        ] as const
      ).map(([label, q]) => ({
        passages: r.passages,
        mise: label,
        'indexation s': round(q.ms / 1000, 2),
        'nouvelle version': q.newVersion ? 'oui' : 'non',
        'écrit Mo': round(q.writtenMb, 2),
        'pic mémoire Mo': round(q.peakMb),
      })),
    ),
  );
  console.log(
    '\nmises à jour (POST /admin/reindex) sous charge : 2 boucles de questions nouvelles + /health :',
  );
  console.table(
    rows.flatMap((r) =>
      (
        [
          ['aucune (témoin, avant)', r.control],
          ['sans changement', r.unchanged],
          ['un document changé', r.oneDocument],
        ] as const
      ).map(([label, f]) => ({
        passages: r.passages,
        mise: label,
        'durée s': round(f.wallMs / 1000, 1),
        'dont indexation s': round(f.ingestMs / 1000, 1),
        'attente max /health ms': round(f.longestHealthMs),
        'attente max /api/chat ms': round(f.longestChatMs),
        '/api/chat p95 ms': round(f.chatP95Ms),
        '/api/chat > 100 ms': `${f.chatsOver100} / ${f.chats}`,
        'requêtes (échecs)': `${f.requests} (${f.failed})`,
        'pic mémoire Mo': round(f.peakMb),
      })),
    ),
  );
}

const { positionals, values: mode } = parseArgs({
  options: {
    ingest: { type: 'boolean' },
    serve: { type: 'boolean' },
    sizes: { type: 'string' },
    'answer-workers': { type: 'string' },
    'reuse-index': { type: 'boolean' },
  },
  allowPositionals: true,
});
if (mode.ingest) await runIngestChild(positionals[0]!, positionals[1]!);
else if (mode.serve) await runServeChild(positionals[0]!, positionals[1]!, Number(positionals[2] ?? 1));
else await main();
