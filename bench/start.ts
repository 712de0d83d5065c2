/**
 * `npm run bench:start`: a first start on a fresh install, as `npm start` does it: the default corpus
 * is ingested, then the service loads the index and answers. Prints the time to the first answer and
 * the resident memory afterwards, with the ingestion in a child process (what the service does, see
 * src/ingest/child.ts) and, for comparison, in the service's own process.
 *
 * Each variant runs in a fresh process of its own, so that neither inherits the other's memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openAssistant } from '../src/assistant/index.ts';
import { loadEmbedder } from '../src/embedding/index.ts';
import { ingest } from '../src/ingest/pipeline.ts';

const MODELS_DIR = process.env.MODELS_DIR ?? 'models';
const MODEL = 'citadoc-ngram-fr';
const QUESTION = 'Quels sont les quartiers prioritaires d’Alès ?';

interface Run {
  seconds: number;
  rssMb: number;
}

async function measure(inProcess: boolean): Promise<Run> {
  const indexDir = await mkdtemp(join(tmpdir(), 'citadoc-bench-start-'));
  try {
    const started = performance.now();
    if (inProcess) {
      const embedder = await loadEmbedder({ model: MODEL, modelsDir: MODELS_DIR });
      await ingest({ corpusDir: 'corpus', indexDir, modelId: MODEL, loadEmbedder: async () => embedder });
    }
    const assistant = await openAssistant({
      corpusDir: 'corpus',
      indexDir,
      modelsDir: MODELS_DIR,
      embeddingModel: MODEL,
      allowRemoteModels: false,
      ocr: false,
      contact: { name: 'Service Politique de la ville' },
      answerCacheSize: 0,
      ingestIfMissing: true,
    });
    await assistant.ask(QUESTION, []);
    const seconds = (performance.now() - started) / 1000;
    await assistant.close();
    return { seconds, rssMb: process.memoryUsage().rss / 1e6 };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { variant: { type: 'string' } } });
if (values.variant) {
  process.stdout.write(JSON.stringify(await measure(values.variant === 'in-process')));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (variant: string): Run =>
    JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, self, '--variant', variant], { encoding: 'utf8' }),
    );
  console.log(
    'première mise en route sur le corpus par défaut (index absent), jusqu’à la première réponse :',
  );
  for (const [label, variant] of [
    ['indexation dans un processus enfant (le service)', 'child'],
    ['indexation dans le processus du service (avant)', 'in-process'],
  ] as const) {
    const { seconds, rssMb } = run(variant);
    console.log(`  ${label} : ${seconds.toFixed(1)} s, mémoire résidente ensuite ${rssMb.toFixed(0)} Mo`);
  }
}
