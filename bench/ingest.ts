/**
 * `npm run bench:ingest`: ingestion speed and memory on the default corpus and on the hard PDF
 * fixtures (full build, then an unchanged re-run). Prints pages/s, chunks/s and peak RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCliSettings } from '../src/cli/settings.ts';
import { configuredEmbedding, loadEmbedder } from '../src/embedding/index.ts';
import { ingest } from '../src/ingest/pipeline.ts';

const CORPORA = [
  { name: 'corpus par défaut', dir: 'corpus' },
  { name: 'PDF difficiles (tests/fixtures/pdf)', dir: 'tests/fixtures/pdf' },
];

// The service's settings: with EMBEDDINGS_URL, the semantic mode is measured (its model answers over HTTP).
const { embedding } = loadCliSettings();
const loadStarted = performance.now();
const embedder = await loadEmbedder(embedding);
console.log(
  `modèle ${embedder.spec.modelId} (${embedder.spec.provider === 'openai-api' ? `serveur ${embedding.api?.baseUrl}` : 'dans le processus'}) chargé en ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
);

for (const corpus of CORPORA) {
  const indexDir = await mkdtemp(join(tmpdir(), 'citadoc-bench-'));
  try {
    const run = () =>
      ingest({
        corpusDir: corpus.dir,
        indexDir,
        ...configuredEmbedding(embedding),
        loadEmbedder: async () => embedder,
      });
    const started = performance.now();
    const report = await run();
    const seconds = (performance.now() - started) / 1000;
    const again = performance.now();
    await run();
    const unchanged = (performance.now() - again) / 1000;
    const { documents, pages, chunks } = report.totals;
    console.log(
      `\n${corpus.name} : ${documents} documents, ${pages} pages PDF, ${chunks} passages, ${report.failed} fichier(s) en échec` +
        `\n  construction complète : ${seconds.toFixed(2)} s — ${(pages / seconds).toFixed(1)} pages PDF/s, ${(chunks / seconds).toFixed(1)} passages/s` +
        `\n  relance sans changement : ${unchanged.toFixed(2)} s`,
    );
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}
console.log(`\nmémoire résidente maximale : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mo`);
