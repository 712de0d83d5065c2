/**
 * `npm run bench:ask`: time to answer a whole question on the default corpus (p50/p95/p99 over the
 * project's evaluation questions, after warm-up), side by side with a naive LangChain pipeline
 * (its PDF loader, RecursiveCharacterTextSplitter, HNSWLib, the same embeddings): speed and hit@5.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFLoader } from '@langchain/community/document_loaders/fs/pdf';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { answerQuestion } from '../src/answer/answer.ts';
import { loadSearchable } from '../src/assistant/index.ts';
import { loadCliSettings } from '../src/cli/settings.ts';
import { configuredEmbedding, loadEmbedder, toLangChainEmbeddings } from '../src/embedding/index.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { citesRightPlace, readQuestions } from '../tests/eval/runner.ts';

const CORPUS = 'corpus';
const SET = 'tests/eval/ales';
const WARM_UP = 10;
const ROUNDS = 3;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function line(name: string, latencies: number[], hits: number, answerable: number): string {
  return `${name.padEnd(22)} p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(
    latencies,
    95,
  )
    .toFixed(1)
    .padStart(
      6,
    )} ms  p99 ${percentile(latencies, 99).toFixed(1).padStart(6)} ms  hit@5 ${(hits / answerable).toFixed(3)}`;
}

const questions = (await readQuestions(SET)).filter((q) => !q.history);
const answerable = questions.filter((q) => !q.unanswerable);
// The service's settings: with EMBEDDINGS_URL, the semantic mode is measured (its model answers over HTTP).
const { embedding } = loadCliSettings();
const embedder = await loadEmbedder(embedding);
const indexDir = await mkdtemp(join(tmpdir(), 'citadoc-bench-ask-'));

try {
  await ingest({
    corpusDir: CORPUS,
    indexDir,
    ...configuredEmbedding(embedding),
    loadEmbedder: async () => embedder,
  });
  const searchable = await loadSearchable(indexDir, embedder);
  const context = { searchable, contact: { name: 'service Politique de la ville' } };
  for (const q of questions.slice(0, WARM_UP)) await answerQuestion(context, q.question);
  const ours: number[] = [];
  let ourHits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      const started = performance.now();
      const answer = await answerQuestion(context, q.question);
      ours.push(performance.now() - started);
      if (round === 0 && !q.unanswerable) {
        const hit = answer.citations.slice(0, 5).some((c) => citesRightPlace(c, q));
        if (hit) ourHits++;
      }
    }
  }

  // The naive pipeline a LangChain tutorial would build.
  const docs: Document[] = [];
  for (const file of (await readdir(CORPUS)).sort()) {
    if (file === 'SOURCES.md' || file.endsWith('.json')) continue;
    if (file.endsWith('.pdf')) {
      const pages = await new PDFLoader(join(CORPUS, file)).load();
      docs.push(
        ...pages.map(
          (p) =>
            new Document({
              pageContent: p.pageContent,
              metadata: { source: file, page: p.metadata.loc?.pageNumber },
            }),
        ),
      );
    } else {
      docs.push(
        new Document({ pageContent: await readFile(join(CORPUS, file), 'utf8'), metadata: { source: file } }),
      );
    }
  }
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
  const splits = await splitter.splitDocuments(docs);
  const store = await HNSWLib.fromDocuments(splits, toLangChainEmbeddings(embedder));
  for (const q of questions.slice(0, WARM_UP)) await store.similaritySearch(q.question, 5);
  const naive: number[] = [];
  let naiveHits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      const started = performance.now();
      const found = await store.similaritySearch(q.question, 5);
      naive.push(performance.now() - started);
      if (round === 0 && !q.unanswerable) {
        const hit = found.some((d) =>
          citesRightPlace({ source: d.metadata.source, page: d.metadata.page }, q),
        );
        if (hit) naiveHits++;
      }
    }
  }
  console.log(
    `${questions.length} questions × ${ROUNDS} (${SET}, sans les relances), corpus par défaut, modèle ${embedder.spec.modelId}`,
  );
  console.log(line('citadoc (réponse)', ours, ourHits, answerable.length));
  console.log(line('LangChain naïf (k=5)', naive, naiveHits, answerable.length));
  console.log('(LangChain naïf : recherche seule, sans réponse ni décision de décliner)');
} finally {
  await rm(indexDir, { recursive: true, force: true });
}
