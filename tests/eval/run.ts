/**
 * `npm run eval -- <set folder> [<set folder>…] [--json] [--verbose]`: every metric of FORMAT.md for
 * each set. `--verbose` lists the questions missed, to read what went wrong (never to tune one).
 */
import { appendFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCliSettings } from '../../src/cli/settings.ts';
import { type EvalResult, runEval } from './runner.ts';

const USAGE =
  'Usage : npm run eval -- <dossier du jeu> [autres jeux…] [--json] [--verbose] [--model <id>] [--index <dossier où garder les index>]';

function pct(x: number | null): string {
  return x === null ? '  —  ' : x.toFixed(3);
}

function printResult({ set, metrics: m, results }: EvalResult, verbose: boolean): void {
  const lines = [
    `\n${set} — ${m.questions} questions (${m.answerable} avec réponse, ${m.unanswerable} sans)`,
    `  ingéré : ${m.ingested.documents} documents, ${m.ingested.pages} pages PDF, ${m.ingested.chunks} passages${m.ingested.failed ? `, ${m.ingested.failed} en échec` : ''}`,
    `  hit@1 ${pct(m['hit@1'])}  hit@5 ${pct(m['hit@5'])}  hit@10 ${pct(m['hit@10'])}  mrr@10 ${pct(m['mrr@10'])}`,
    `  answer@5 ${pct(m['answer@5'])}  answerShown ${pct(m.answerShown)}  answerQuoted ${pct(m.answerQuoted)}  answerFirst ${pct(m.answerFirst)}`,
    `  refusal ${pct(m.refusal)}  falseRefusal ${pct(m.falseRefusal)}`,
    `  document proposé en déclinant : pour ${pct(m.related.offered)} des questions avec réponse déclinées (le bon : ${m.related.right === null ? '—' : pct(m.related.right)}), ${m.related.onRefusal === null ? '—' : pct(m.related.onRefusal)} des refus justes`,
    `  latence p50 ${m.latencyMs.p50.toFixed(1)} ms  p95 ${m.latencyMs.p95.toFixed(1)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!verbose) return;
  for (const r of results) {
    const wrong = r.unanswerable ? !r.declined : r.rank !== 1 || !r.answerShown;
    if (!wrong) continue;
    const what = r.unanswerable
      ? 'aurait dû décliner'
      : r.declined
        ? 'décliné à tort'
        : `rang ${r.rank ?? '—'}${r.answerShown ? '' : ', réponse non montrée'} (1re : ${r.firstSource ?? '—'}${r.firstPage ? ` p.${r.firstPage}` : ''})`;
    process.stdout.write(`  ✗ ${r.id} ${what} — ${r.question}\n`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      model: { type: 'string' },
      index: { type: 'string' },
      features: { type: 'string' },
      foreign: { type: 'string' },
      'foreign-limit': { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // The service's settings: EMBEDDINGS_URL (and .env) measure the semantic mode, as `npm start` serves it.
  const settings = loadCliSettings();
  const all: EvalResult[] = [];
  for (const set of positionals) {
    const result = await runEval(set, {
      embedding: values.model
        ? { ...settings.embedding, model: values.model, api: undefined }
        : settings.embedding,
      indexDir: values.index ? join(values.index, basename(resolve(set))) : undefined,
      foreignQuestions: values.foreign,
      foreignLimit: values['foreign-limit'] ? Number(values['foreign-limit']) : undefined,
      features: values.features !== undefined,
      ocr: settings.ocr,
    });
    if (values.features) {
      const name = values.foreign
        ? `${basename(resolve(values.foreign))}@${basename(resolve(set))}`
        : basename(resolve(set));
      const lines = result.results.map((r) =>
        JSON.stringify({
          set: name,
          corpus: basename(resolve(set)),
          id: r.id,
          unanswerable: r.unanswerable,
          rank: r.rank,
          ...r.decision,
          retrieved: r.retrieved,
        }),
      );
      await appendFile(values.features, `${lines.join('\n')}\n`);
    }
    all.push(result);
    if (!values.json) printResult(result, values.verbose);
  }
  if (values.json) {
    const out = all.map((r) => ({ set: r.set, ...r.metrics }));
    process.stdout.write(`${JSON.stringify(out.length === 1 ? out[0] : out, null, 2)}\n`);
  }
  return 0;
}

process.exitCode = await main();
