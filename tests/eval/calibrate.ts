/**
 * `npm run calibrate`: fits the re-ranking weights and the answer/decline decision on evaluation
 * data instead of setting them by hand, and says how they do on data they were not fitted on.
 *
 *   npm run calibrate -- collect <out.jsonl> [--index <dir>]   what the answerer read, per question
 *   npm run calibrate -- fit <lexical.jsonl> <semantic.jsonl> [--write]
 *   npm run calibrate -- fusion [--index <dir>]                 the lexical share of the fusion
 *
 * `collect` runs the training sets (TRAINING below) and, as off-corpus questions, other sets'
 * questions asked on each corpus (FOREIGN): all unanswerable there. It measures the mode the
 * environment configures (EMBEDDINGS_URL for the semantic one). The held-out sets (HELD_OUT) are
 * never collected here: they are for `npm run eval`, after fitting.
 *
 * `fit`, for each mode:
 * 1. re-ranking: the weights of the lexical score, the best sentence's coverage and (semantic mode)
 *    the similarity, chosen on a small grid by hit@1, then
 * 2. decision: a logistic model over the decision's features (decide.ts), each set weighing the
 *    same and, across sets, answerable and unanswerable questions weighing the same, so that no
 *    corpus and no class dominates by its size;
 * each with leave-one-set-out cross-validation: fitted on all training sets but one, measured on
 * that one, for every set in turn. `--write` writes the models fitted on all of them into
 * src/answer/decision-model.ts and src/answer/rerank-model.ts.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AGREEMENT_RANK, PASSAGES_READ as DECISION_PASSAGES } from '../../src/answer/decide.ts';
import { PASSAGES_READ as SENTENCES_READ } from '../../src/answer/extractive.ts';
import { loadSearchable } from '../../src/assistant/index.ts';
import { loadCliSettings } from '../../src/cli/settings.ts';
import { loadEmbedder } from '../../src/embedding/index.ts';
import { CANDIDATES_PER_INDEX } from '../../src/retrieval/tuning.ts';
import { expandColloquial, normalizeTexting } from '../../src/text/colloquial.ts';
import { citesRightPlace, type RetrievedFeatures, readQuestions, runEval } from './runner.ts';

const TRAINING = [
  'tests/eval/ales',
  'tests/eval/ales-informal-dev',
  'tests/eval/pdf-guides',
  '../shared/eval/piaf-dev',
  '../shared/eval/crpa-faq',
];
export const HELD_OUT = ['tests/eval/ales-holdout', 'tests/eval/ales-residents'];
/**
 * [questions of, asked on, at most]: pairs whose subjects do not meet (the repairs guide is in both
 * the Alès corpus and pdf-guides, so those two are never paired).
 */
const FOREIGN: [string, string, number][] = [
  ['../shared/eval/piaf-dev', 'tests/eval/ales', 120],
  ['../shared/eval/piaf-dev', 'tests/eval/pdf-guides', 120],
  ['../shared/eval/piaf-dev', '../shared/eval/crpa-faq', 120],
  ['../shared/eval/crpa-faq', 'tests/eval/ales', 38],
  ['../shared/eval/crpa-faq', '../shared/eval/piaf-dev', 38],
  ['tests/eval/ales', '../shared/eval/piaf-dev', 80],
  ['tests/eval/ales', '../shared/eval/crpa-faq', 80],
  ['tests/eval/ales-informal-dev', '../shared/eval/piaf-dev', 55],
  ['tests/eval/pdf-guides', '../shared/eval/piaf-dev', 44],
];

interface Row {
  set: string;
  id: string;
  unanswerable: boolean;
  mode: 'lexical' | 'semantic';
  unknownShare: number;
  retrieved: RetrievedFeatures[];
  denseSimilarities: number[];
}

async function collect(out: string, indexRoot?: string): Promise<void> {
  const { embedding } = loadCliSettings();
  const lines: string[] = [];
  const run = async (corpus: string, foreign?: [string, number]) => {
    const name = foreign ? `${basename(foreign[0])}@${basename(corpus)}` : basename(corpus);
    const result = await runEval(corpus, {
      embedding,
      features: true,
      indexDir: indexRoot ? join(indexRoot, basename(resolve(corpus))) : undefined,
      foreignQuestions: foreign?.[0],
      foreignLimit: foreign?.[1],
    });
    for (const r of result.results) {
      if (!r.retrieved || !r.decision) continue;
      const row: Row = {
        set: name,
        id: r.id,
        unanswerable: r.unanswerable,
        mode: r.decision.mode,
        unknownShare: r.decision.features.unknownShare,
        retrieved: r.retrieved,
        denseSimilarities: r.denseSimilarities ?? [],
      };
      lines.push(JSON.stringify(row));
    }
    process.stderr.write(`${name} : ${result.results.length} questions\n`);
  };
  for (const set of TRAINING) await run(set);
  for (const [from, on, limit] of FOREIGN) await run(on, [from, limit]);
  await writeFile(out, `${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Re-ranking and decision, simulated on the collected rows exactly as src/answer computes them.

/** Passages whose sentences are read (and so re-ranked); passages read for the decision: src/answer's own. */
const RERANKED = SENTENCES_READ;
const DECISION_READ = DECISION_PASSAGES;

export interface RerankWeights {
  lexical: number;
  sentence: number;
  similarity: number;
}

function rerank(retrieved: RetrievedFeatures[], w: RerankWeights): RetrievedFeatures[] {
  const head = retrieved.slice(0, RERANKED);
  const maxLexical = Math.max(0, ...head.map((p) => p.lexicalScore));
  const topSimilarity = Math.max(0, ...head.map((p) => p.similarity));
  const value = (p: RetrievedFeatures) =>
    w.lexical * (maxLexical > 0 ? p.lexicalScore / maxLexical : 0) +
    w.sentence * p.sentenceCoverage +
    w.similarity * (p.similarity - topSimilarity);
  const order = head.map((p, i) => ({ p, i })).sort((a, b) => value(b.p) - value(a.p) || a.i - b.i);
  return [...order.map((o) => o.p), ...retrieved.slice(RERANKED)];
}

type FeatureName =
  | 'sentenceCoverage'
  | 'passageCoverage'
  | 'similarity'
  | 'bestSimilarity'
  | 'agreement'
  | 'meaningRank'
  | 'unknownShare'
  | 'heaviestMissing';
/**
 * What each model reads, kept to what held across corpora in cross-validation (2026-12): absolute
 * similarities, agreement and the heaviest missing word were tried and dropped (each moved the
 * held-out corpora's figures less than it moved the others' the wrong way); the rank the model of
 * meaning gives the passage shown first was kept (held-out piaf-dev falseRefusal 0.096 → 0.063,
 * informal 0.195 → 0.146, same refusals).
 */
const FEATURES: Record<'lexical' | 'semantic', FeatureName[]> = {
  lexical: ['sentenceCoverage', 'passageCoverage', 'unknownShare'],
  semantic: ['sentenceCoverage', 'passageCoverage', 'unknownShare', 'meaningRank'],
};

/**
 * Answer when the documents answer with this probability or more. Declining a question the
 * documents answer is taken to cost twice as much as answering one they don't: an answer only quotes
 * the documents, with their page, so a resident sees when a quote misses the point, while a decline
 * sends them away with nothing (the last round's unseen sets lost more to declines than to wrong
 * answers). With classes weighing the same in the fit, cost 2:1 puts the threshold at 1/3.
 */
const THRESHOLD = 1 / 3;

function decisionFeatures(ranked: RetrievedFeatures[], unknownShare: number): Record<FeatureName, number> {
  const top = ranked[0];
  if (!top)
    return {
      sentenceCoverage: 0,
      passageCoverage: 0,
      similarity: 0,
      bestSimilarity: 0,
      agreement: 0,
      meaningRank: 0,
      unknownShare,
      heaviestMissing: 1,
    };
  const read = ranked.slice(0, DECISION_READ);
  return {
    meaningRank: top.denseRank ? 1 / top.denseRank : 0,
    unknownShare,
    heaviestMissing: Math.min(...read.map((p) => p.heaviestMissing)),
    sentenceCoverage: Math.max(...ranked.slice(0, RERANKED).map((p) => p.sentenceCoverage)),
    passageCoverage: Math.max(...read.map((p) => p.passageCoverage)),
    similarity: top.similarity,
    bestSimilarity: Math.max(...read.map((p) => p.similarity)),
    agreement:
      (top.lexicalRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK &&
      (top.denseRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK
        ? 1
        : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Weighted logistic regression (Newton's method with a small ridge), no dependency needed.

export interface Logistic {
  intercept: number;
  weights: number[];
}

const L2 = 1e-3;

export function fitLogistic(x: number[][], y: number[], sampleWeights: number[]): Logistic {
  const d = (x[0]?.length ?? 0) + 1;
  let beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((row, n) => {
      const features = [1, ...row];
      const z = features.reduce((sum, f, j) => sum + f * beta[j]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = sampleWeights[n]!;
      for (let j = 0; j < d; j++) {
        gradient[j]! += w * (p - y[n]!) * features[j]!;
        for (let k = 0; k < d; k++) hessian[j]![k]! += w * p * (1 - p) * features[j]! * features[k]!;
      }
    });
    for (let j = 1; j < d; j++) {
      gradient[j]! += L2 * beta[j]!;
      hessian[j]![j]! += L2;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { intercept: beta[0]!, weights: beta.slice(1) };
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / p;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

function predict(model: Logistic, row: number[]): number {
  const z = model.intercept + row.reduce((sum, f, j) => sum + f * model.weights[j]!, 0);
  return 1 / (1 + Math.exp(-z));
}

// ---------------------------------------------------------------------------------------------

/** Each set weighs the same; across all sets, each class weighs half. */
function sampleWeights(rows: Row[]): number[] {
  const perSetClass = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.set}\0${r.unanswerable}`;
    perSetClass.set(key, (perSetClass.get(key) ?? 0) + 1);
  }
  const raw = rows.map((r) => 1 / perSetClass.get(`${r.set}\0${r.unanswerable}`)!);
  const classTotal = (u: boolean) => rows.reduce((s, r, i) => s + (r.unanswerable === u ? raw[i]! : 0), 0);
  const pos = classTotal(false);
  const neg = classTotal(true);
  return rows.map((r, i) => (raw[i]! * rows.length) / 2 / (r.unanswerable ? neg : pos));
}

const GRID = {
  lexical: [0, 0.5, 1, 1.5, 2],
  sentence: [0, 0.5, 1, 1.5, 2],
  similarity: [0, 5, 10, 20, 40],
};

function hitAt1(rows: Row[], w: RerankWeights): number {
  const answerable = rows.filter((r) => !r.unanswerable);
  if (answerable.length === 0) return 0;
  return answerable.filter((r) => rerank(r.retrieved, w)[0]?.right).length / answerable.length;
}

/** Mean hit@1 over sets (each set weighing the same). */
function meanHit(rows: Row[], w: RerankWeights): number {
  const sets = [...new Set(rows.filter((r) => !r.unanswerable).map((r) => r.set))];
  return (
    sets.reduce(
      (s, set) =>
        s +
        hitAt1(
          rows.filter((r) => r.set === set),
          w,
        ),
      0,
    ) / sets.length
  );
}

function bestWeights(rows: Row[], semantic: boolean): RerankWeights {
  let best: RerankWeights = { lexical: 1, sentence: 1, similarity: 0 };
  let bestScore = meanHit(rows, best);
  for (const lexical of GRID.lexical)
    for (const sentence of GRID.sentence)
      for (const similarity of semantic ? GRID.similarity : [0]) {
        const w = { lexical, sentence, similarity };
        const score = meanHit(rows, w);
        if (score > bestScore + 1e-9) {
          best = w;
          bestScore = score;
        }
      }
  return best;
}

function fitDecision(rows: Row[], w: RerankWeights, names: FeatureName[]): Logistic {
  const x = rows.map((r) => {
    const f = decisionFeatures(rerank(r.retrieved, w), r.unknownShare);
    return names.map((n) => f[n]);
  });
  return fitLogistic(
    x,
    rows.map((r) => (r.unanswerable ? 0 : 1)),
    sampleWeights(rows),
  );
}

interface Fitted {
  rerank: RerankWeights;
  decision: Logistic;
  names: FeatureName[];
}

function fitAll(rows: Row[], mode: 'lexical' | 'semantic'): Fitted {
  const rerankWeights = bestWeights(rows, mode === 'semantic');
  const names = FEATURES[mode];
  return { rerank: rerankWeights, decision: fitDecision(rows, rerankWeights, names), names };
}

function measure(rows: Row[], fitted: Fitted) {
  const answerable = rows.filter((r) => !r.unanswerable);
  const unanswerable = rows.filter((r) => r.unanswerable);
  const answers = (r: Row) => {
    const ranked = rerank(r.retrieved, fitted.rerank);
    const f = decisionFeatures(ranked, r.unknownShare);
    return predict(
      fitted.decision,
      fitted.names.map((n) => f[n]),
    ) >= THRESHOLD
      ? ranked
      : undefined;
  };
  const share = (list: Row[], test: (r: Row) => boolean) =>
    list.length ? list.filter(test).length / list.length : null;
  return {
    'hit@1': share(answerable, (r) => answers(r)?.[0]?.right === true),
    'hit@1 sans déclin': share(answerable, (r) => rerank(r.retrieved, fitted.rerank)[0]?.right === true),
    refusal: share(unanswerable, (r) => answers(r) === undefined),
    falseRefusal: share(answerable, (r) => answers(r) === undefined),
  };
}

async function readRows(file: string): Promise<Row[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

const f3 = (x: number | null) => (x === null ? '  —  ' : x.toFixed(3));

function report(mode: 'lexical' | 'semantic', rows: Row[]): Fitted {
  const sets = [...new Set(rows.map((r) => r.set))];
  const corpora = [...new Set(sets.map((s) => s.split('@').pop()!))];
  process.stdout.write(`\n== ${mode} : ${rows.length} questions, ${sets.length} jeux\n`);
  process.stdout.write('validation croisée (ajusté sans le corpus, mesuré sur lui) :\n');
  for (const corpus of corpora) {
    const outside = (r: Row) => r.set.split('@').pop() !== corpus;
    const fitted = fitAll(rows.filter(outside), mode);
    for (const set of sets.filter((s) => s.split('@').pop() === corpus)) {
      const m = measure(
        rows.filter((r) => r.set === set),
        fitted,
      );
      process.stdout.write(
        `  ${set.padEnd(34)} hit@1 ${f3(m['hit@1'])} (sans déclin ${f3(m['hit@1 sans déclin'])})  refusal ${f3(m.refusal)}  falseRefusal ${f3(m.falseRefusal)}\n`,
      );
    }
  }
  const fitted = fitAll(rows, mode);
  process.stdout.write(
    `ajusté sur tout : re-rang ${JSON.stringify(fitted.rerank)} ; décision ${fitted.names
      .map((n, i) => `${n} ${fitted.decision.weights[i]!.toFixed(3)}`)
      .join(', ')}, constante ${fitted.decision.intercept.toFixed(3)}\n`,
  );
  return fitted;
}

function modelSource(fitted: Record<'lexical' | 'semantic', Fitted>): string {
  const decision = (f: Fitted) => `{
    intercept: ${f.decision.intercept.toFixed(4)},
    weights: { ${f.names.map((n, i) => `${n}: ${f.decision.weights[i]!.toFixed(4)}`).join(', ')} },
    threshold: ${THRESHOLD.toFixed(4)},
  }`;
  return `/**
 * The decision's logistic models, fitted by \`npm run calibrate\` (tests/eval/calibrate.ts) on the
 * evaluation sets' questions; see that script for the data, the weighting and the cross-validation.
 * Written by the script: do not edit by hand.
 */
import type { DecisionFeatures } from './decide.ts';

export interface DecisionModel {
  intercept: number;
  weights: Partial<Record<keyof DecisionFeatures, number>>;
  /** Answer when the probability reaches this. */
  threshold: number;
}

export const DECISION_MODELS = {
  lexical: ${decision(fitted.lexical)},
  semantic: ${decision(fitted.semantic)},
} satisfies Record<string, DecisionModel>;

/** Re-ranking weights (rerank.ts): lexical score relative to the best, best sentence's coverage, similarity. */
export const RERANK_WEIGHTS = {
  lexical: ${JSON.stringify(fitted.lexical.rerank).replace(/"/g, '')},
  semantic: ${JSON.stringify(fitted.semantic.rerank).replace(/"/g, '')},
};
`;
}

// ---------------------------------------------------------------------------------------------
// Fusion: both indexes' candidates per answerable question, mixed at several lexical shares.

interface Ranked {
  set: string;
  lexical: { label: number; score: number; right: boolean }[];
  dense: { label: number; score: number; right: boolean }[];
}

async function rankedLists(set: string, indexRoot?: string): Promise<Ranked[]> {
  const { embedding } = loadCliSettings();
  const dir = join(indexRoot ?? (await mkdtemp(join(tmpdir(), 'citadoc-fusion-'))), basename(resolve(set)));
  // Ingests the set (or finds it ingested) exactly as `npm run eval` does.
  await runEval(set, { embedding, indexDir: dir, foreignQuestions: set, foreignLimit: 0 });
  const embedder = await loadEmbedder(embedding);
  const searchable = await loadSearchable(dir, embedder);
  const lists: Ranked[] = [];
  for (const q of await readQuestions(set)) {
    if (q.unanswerable) continue;
    const query = expandColloquial(normalizeTexting(q.question));
    const right = (label: number) => {
      const chunk = searchable.index.chunks.get(label)!;
      const doc = searchable.documents.get(chunk.docId)!;
      return citesRightPlace({ source: doc.source, page: chunk.page, pageEnd: chunk.pageEnd }, q);
    };
    const vector = await embedder.embedQuery(query);
    lists.push({
      set: basename(set),
      lexical: searchable.index.lexical
        .search(query, { k: CANDIDATES_PER_INDEX })
        .map((h) => ({ label: h.label, score: h.score, right: right(h.label) })),
      dense: searchable.index.dense
        .search(vector, CANDIDATES_PER_INDEX)
        .map((h) => ({ label: h.label, score: h.similarity, right: right(h.label) })),
    });
  }
  return lists;
}

/** Chunk-level hit@1 and recall@5 of the fused list, as src/retrieval/hybrid.ts fuses. */
function fusedHits(r: Ranked, lexicalShare: number): { hit1: boolean; hit5: boolean } {
  const score = new Map<number, number>();
  const right = new Map<number, boolean>();
  const best = r.lexical[0]?.score ?? 0;
  for (const h of r.lexical) {
    score.set(h.label, (score.get(h.label) ?? 0) + (best > 0 ? (lexicalShare * h.score) / best : 0));
    right.set(h.label, h.right);
  }
  const top = r.dense[0]?.score ?? 0;
  const low = r.dense.at(-1)?.score ?? 0;
  for (const h of r.dense) {
    const part = top > low ? ((1 - lexicalShare) * (h.score - low)) / (top - low) : 0;
    score.set(h.label, (score.get(h.label) ?? 0) + part);
    right.set(h.label, h.right);
  }
  const order = [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)!);
  return { hit1: right.get(order[0]!) === true, hit5: order.slice(0, 5).some((l) => right.get(l)) };
}

async function fusion(indexRoot?: string): Promise<void> {
  const shares = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
  const all: Ranked[] = [];
  for (const set of TRAINING) all.push(...(await rankedLists(set, indexRoot)));
  const sets = [...new Set(all.map((r) => r.set))];
  process.stdout.write(`part lexicale  ${sets.map((s) => s.padEnd(22)).join('')}\n`);
  for (const share of shares) {
    const cells = sets.map((set) => {
      const rows = all.filter((r) => r.set === set).map((r) => fusedHits(r, share));
      const hit1 = rows.filter((h) => h.hit1).length / rows.length;
      const hit5 = rows.filter((h) => h.hit5).length / rows.length;
      return `${hit1.toFixed(3)} / ${hit5.toFixed(3)}`.padEnd(22);
    });
    process.stdout.write(`${share.toFixed(1).padEnd(15)}${cells.join('')}\n`);
  }
  process.stdout.write('(hit@1 / recall@5 des passages avant fusion des voisins et re-classement)\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { write: { type: 'boolean', default: false }, index: { type: 'string' } },
    allowPositionals: true,
  });
  const [command, ...files] = positionals;
  if (command === 'fusion') {
    await fusion(values.index);
    return 0;
  }
  if (command === 'collect' && files[0]) {
    await collect(files[0], values.index);
    return 0;
  }
  if (command === 'fit' && files[0] && files[1]) {
    const lexicalRows = (await readRows(files[0])).filter((r) => r.mode === 'lexical');
    const semanticRows = (await readRows(files[1])).filter((r) => r.mode === 'semantic');
    const missing = [
      lexicalRows.length === 0 && `${files[0]} : aucune question du mode lexical`,
      semanticRows.length === 0 &&
        `${files[1]} : aucune question du mode sémantique (collectée sans EMBEDDINGS_URL ?)`,
    ].filter((m) => m !== false);
    for (const m of missing) process.stderr.write(`${m}\n`);
    const lexical = lexicalRows.length ? report('lexical', lexicalRows) : undefined;
    const semantic = semanticRows.length ? report('semantic', semanticRows) : undefined;
    if (values.write) {
      if (!lexical || !semantic) {
        process.stderr.write('rien écrit : il faut les deux modes pour écrire les modèles\n');
        return 1;
      }
      await writeFile('src/answer/decision-model.ts', modelSource({ lexical, semantic }));
      process.stdout.write('\nécrit : src/answer/decision-model.ts\n');
    }
    return 0;
  }
  process.stderr.write(
    'Usage : npm run calibrate -- collect <sortie.jsonl> [--index <dossier>]\n' +
      '        npm run calibrate -- fit <lexical.jsonl> <semantic.jsonl> [--write]\n',
  );
  return 2;
}

process.exitCode = await main();
