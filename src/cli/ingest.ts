/**
 * `npm run ingest -- [--corpus corpus/] [--index data/index/] [--full] [--ocr] [--json] [--verbose]`
 * Exit code 0 when every file was read, 1 when one failed (the others are indexed), 2 on a usage
 * or index error.
 */
import { parseArgs } from 'node:util';
import { configuredEmbedding } from '../embedding/load-embedder.ts';
import { startEmbedHelper } from '../ingest/embed-helper.ts';
import { CLI_HOLDER } from '../ingest/lock.ts';
import { ingest } from '../ingest/pipeline.ts';
import { formatReport, progressPrinter } from '../ingest/report.ts';
import { loadCliSettings } from './settings.ts';

const USAGE = `Usage : npm run ingest -- [--corpus <dossier>] [--index <dossier>] [--full] [--ocr] [--json] [--verbose]
  --corpus   dossier des documents (défaut : CORPUS_DIR, sinon corpus/)
  --index    dossier de l'index (défaut : DATA_DIR/index, sinon data/index/)
  --full     reconstruit tout l'index
  --ocr      reconnaît le texte des pages scannées (par défaut ; OCR=false s'en passe)
  --model    modèle d'embedding (défaut : EMBEDDING_MODEL, sinon citadoc-ngram-fr)
  --json     rapport en JSON pour les scripts`;

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const settings = loadCliSettings();
  const embedding = { ...settings.embedding, model: args.values.model ?? settings.embedding.model };
  const progress = args.values.json ? undefined : progressPrinter(process.stderr);
  try {
    const report = await ingest({
      corpusDir: args.values.corpus ?? settings.corpusDir,
      indexDir: args.values.index ?? settings.indexDir,
      full: args.values.full,
      ocr: args.values.ocr || settings.ocr,
      ...configuredEmbedding(embedding),
      // Transformers.js loads only when something must be embedded.
      loadEmbedder: async () => (await import('../embedding/index.ts')).loadEmbedder(embedding),
      onEvent: progress,
      // A second process embeds beside this one on a large ingestion (not for a server's model).
      startEmbedHelper: embedding.api ? undefined : () => startEmbedHelper(embedding),
      holder: CLI_HOLDER,
    });
    progress?.end();
    process.stdout.write(
      args.values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, args.values)}\n`,
    );
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    progress?.end();
    process.stderr.write(`Indexation impossible : ${(error as Error).message}\n`);
    return 2;
  }
}

function parse() {
  return parseArgs({
    options: {
      corpus: { type: 'string' },
      index: { type: 'string' },
      model: { type: 'string' },
      full: { type: 'boolean', default: false },
      ocr: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
}

process.exitCode = await main();
