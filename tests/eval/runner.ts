/**
 * Runs an evaluation set (../shared/eval/FORMAT.md): ingests its `docs/` into a temporary index,
 * asks every question with its history exactly as a resident's request is answered, and measures
 * what the person would get: the cited passages (hit@k, mrr@10, answer@5), what is shown first
 * (answerShown), declines (refusal, falseRefusal) and latency.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { answerQuestion } from '../../src/answer/answer.ts';
import { type Decision, passageCoverage, passageText } from '../../src/answer/decide.ts';
import { heaviestMissing } from '../../src/answer/evidence.ts';
import type { Answer, Citation } from '../../src/answer/types.ts';
import { loadSearchable } from '../../src/assistant/index.ts';
import type { Contact } from '../../src/assistant/types.ts';
import {
  configuredEmbedding,
  DEFAULT_MODEL_ID,
  type LoadEmbedderOptions,
  loadEmbedder,
} from '../../src/embedding/index.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { foldText } from '../../src/text/french.ts';

const questionSchema = z.object({
  id: z.string(),
  question: z.string(),
  history: z.array(z.string()).optional(),
  source: z.string().optional(),
  page: z.number().int().positive().optional(),
  answers: z.array(z.string()).optional(),
  unanswerable: z.literal(true).optional(),
});

export type EvalQuestion = z.infer<typeof questionSchema>;

export interface EvalOptions {
  /** The embedding model, as the service's settings name it (EMBEDDINGS_URL included); default: the built-in model. */
  embedding?: LoadEmbedderOptions;
  /** Keep the index here instead of a temporary folder (re-runs then skip unchanged documents). */
  indexDir?: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Ask another set's questions instead (at most `foreignLimit`, spread evenly), all unanswerable
   * here: questions about other documents, to calibrate the decision on off-corpus questions.
   */
  foreignQuestions?: string;
  foreignLimit?: number;
  /** Keep what the decision and the re-ranking read, per question. */
  features?: boolean;
  /** Read scanned pages by OCR, as the service does by default (`OCR`); default: true. */
  ocr?: boolean;
}

export interface QuestionResult {
  id: string;
  question: string;
  declined: boolean;
  rank?: number;
  answerIn5: boolean;
  answerShown: boolean;
  /** The answer text alone, the sentences quoted, holds the answer. */
  answerQuoted: boolean;
  /** The first sentence quoted, what is read first, holds the answer. */
  answerFirst: boolean;
  latencyMs: number;
  unanswerable: boolean;
  firstSource?: string;
  firstPage?: number;
  /** Declined, with a document offered to look at (`related`): whether it is the right place. */
  related?: { right: boolean };
  /** What the decision read (for `npm run calibrate`). */
  decision?: Pick<Decision, 'mode' | 'features' | 'confidence'>;
  /** The passages retrieved, before re-ranking, as the re-ranking reads them (for `npm run calibrate`). */
  retrieved?: RetrievedFeatures[];
  /** The dense index's similarities, best first. */
  denseSimilarities?: number[];
}

export interface RetrievedFeatures {
  lexicalScore: number;
  sentenceCoverage: number;
  passageCoverage: number;
  heaviestMissing: number;
  similarity: number;
  lexicalRank?: number;
  denseRank?: number;
  right: boolean;
}

export interface EvalMetrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  'hit@1': number;
  'hit@5': number;
  'hit@10': number;
  'mrr@10': number;
  'answer@5': number;
  answerShown: number;
  /** Share whose quoted sentences alone hold the answer: how well the sentences are chosen. */
  answerQuoted: number;
  /** Share whose first quoted sentence holds the answer. */
  answerFirst: number;
  refusal: number | null;
  falseRefusal: number;
  latencyMs: { p50: number; p95: number };
  /**
   * Beyond FORMAT.md, the document offered with a decline: how often it comes with a declined
   * answerable question and is the right place, and how often with a declined unanswerable one.
   */
  related: { offered: number; right: number | null; onRefusal: number | null };
  ingested: { documents: number; pages: number; chunks: number; failed: number };
}

export interface EvalResult {
  set: string;
  metrics: EvalMetrics;
  results: QuestionResult[];
}

const EVAL_CONTACT: Contact = { name: "service Politique de la ville d'Alès Agglomération" };

export async function readQuestions(setDir: string): Promise<EvalQuestion[]> {
  const text = await readFile(join(setDir, 'questions.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = questionSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`questions.jsonl, ligne ${i + 1} : ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

/** Folded, white space collapsed: how FORMAT.md says answers are compared. */
export function normalizeForMatch(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim();
}

/** The citation points at the question's source (and page, when given, within its page range). */
export function citesRightPlace(c: Pick<Citation, 'source' | 'page' | 'pageEnd'>, q: EvalQuestion): boolean {
  if (c.source !== q.source) return false;
  if (q.page === undefined) return true;
  if (c.page === undefined) return false;
  return q.page >= c.page && q.page <= (c.pageEnd ?? c.page);
}

function contains(haystack: string, answers: string[]): boolean {
  const folded = normalizeForMatch(haystack);
  return answers.some((a) => folded.includes(normalizeForMatch(a)));
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function score(q: EvalQuestion, answer: Answer, latencyMs: number): QuestionResult {
  const rankIndex = answer.citations.findIndex((c) => citesRightPlace(c, q));
  const answers = q.answers ?? [];
  const first = answer.citations[0];
  return {
    id: q.id,
    question: q.question,
    declined: answer.declined,
    rank: rankIndex >= 0 ? rankIndex + 1 : undefined,
    answerIn5: answers.length > 0 && answer.citations.slice(0, 5).some((c) => contains(c.excerpt, answers)),
    answerShown: answers.length > 0 && contains(`${answer.answer}\n${first?.excerpt ?? ''}`, answers),
    answerQuoted: answers.length > 0 && !answer.declined && contains(answer.answer, answers),
    // Quoted sentences end with their citation mark, « … [1] ».
    answerFirst:
      answers.length > 0 && !answer.declined && contains(answer.answer.split(/\[\d+\]/)[0]!, answers),
    latencyMs,
    unanswerable: q.unanswerable === true,
    firstSource: first?.source,
    firstPage: first?.page,
    ...(answer.related[0] ? { related: { right: citesRightPlace(answer.related[0], q) } } : {}),
  };
}

export function summarize(
  results: QuestionResult[],
  questions: EvalQuestion[],
): Omit<EvalMetrics, 'ingested'> {
  const answerable = results.filter((r) => !r.unanswerable);
  const withAnswers = answerable.filter(
    (r) => (questions.find((q) => q.id === r.id)?.answers?.length ?? 0) > 0,
  );
  const unanswerable = results.filter((r) => r.unanswerable);
  const share = (list: QuestionResult[], test: (r: QuestionResult) => boolean) =>
    list.length === 0 ? 0 : list.filter(test).length / list.length;
  const hit = (k: number) => share(answerable, (r) => r.rank !== undefined && r.rank <= k);
  const latencies = results.map((r) => r.latencyMs);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    'hit@1': hit(1),
    'hit@5': hit(5),
    'hit@10': hit(10),
    'mrr@10': answerable.length
      ? answerable.reduce((sum, r) => sum + (r.rank !== undefined && r.rank <= 10 ? 1 / r.rank : 0), 0) /
        answerable.length
      : 0,
    'answer@5': share(withAnswers, (r) => r.answerIn5),
    answerShown: share(withAnswers, (r) => r.answerShown),
    answerQuoted: share(withAnswers, (r) => r.answerQuoted),
    answerFirst: share(withAnswers, (r) => r.answerFirst),
    refusal: unanswerable.length ? share(unanswerable, (r) => r.declined) : null,
    falseRefusal: share(answerable, (r) => r.declined),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    related: relatedMetrics(answerable, unanswerable),
  };
}

function relatedMetrics(
  answerable: QuestionResult[],
  unanswerable: QuestionResult[],
): EvalMetrics['related'] {
  const declined = answerable.filter((r) => r.declined);
  const offered = declined.filter((r) => r.related);
  const refused = unanswerable.filter((r) => r.declined);
  return {
    offered: declined.length ? offered.length / declined.length : 0,
    right: offered.length ? offered.filter((r) => r.related?.right).length / offered.length : null,
    onRefusal: refused.length ? refused.filter((r) => r.related).length / refused.length : null,
  };
}

/** Another set's questions, as unanswerable ones: evenly spread, at most `limit`. */
async function foreignQuestions(setDir: string, limit = Number.POSITIVE_INFINITY): Promise<EvalQuestion[]> {
  const all = await readQuestions(setDir);
  const step = Math.max(1, all.length / limit);
  const picked: EvalQuestion[] = [];
  for (let i = 0; i < all.length && picked.length < limit; i += step) {
    const q = all[Math.floor(i)]!;
    picked.push({ id: `foreign-${q.id}`, question: q.question, history: q.history, unanswerable: true });
  }
  return picked;
}

export async function runEval(setDir: string, options: EvalOptions = {}): Promise<EvalResult> {
  const questions = options.foreignQuestions
    ? await foreignQuestions(options.foreignQuestions, options.foreignLimit)
    : await readQuestions(setDir);
  const indexDir = options.indexDir ?? (await mkdtemp(join(tmpdir(), 'citadoc-eval-')));
  try {
    const embedding = options.embedding ?? { model: DEFAULT_MODEL_ID, modelsDir: 'models' };
    const report = await ingest({
      corpusDir: join(setDir, 'docs'),
      indexDir,
      ocr: options.ocr ?? true,
      ...configuredEmbedding(embedding),
      loadEmbedder: () => loadEmbedder(embedding),
    });
    const searchable = await loadSearchable(indexDir, await loadEmbedder(embedding));
    const context = { searchable, contact: EVAL_CONTACT };
    const results: QuestionResult[] = [];
    for (const [i, q] of questions.entries()) {
      const history = (q.history ?? []).map((question) => ({ question }));
      const started = performance.now();
      let decision: QuestionResult['decision'];
      let retrieved: RetrievedFeatures[] | undefined;
      let denseSimilarities: number[] | undefined;
      const answer = await answerQuestion(context, q.question, history, (trace) => {
        if (trace.decision) {
          const { mode, features, confidence } = trace.decision;
          decision = { mode, features, confidence };
        }
        const { terms } = trace;
        if (options.features)
          denseSimilarities = trace.denseSimilarities?.map((s) => Math.round(s * 1e4) / 1e4);
        if (options.features && terms) {
          retrieved = trace.retrieved?.map(({ passage: p, sentenceCoverage }) => ({
            lexicalScore: p.lexicalScore,
            sentenceCoverage,
            passageCoverage: passageCoverage(terms, p),
            heaviestMissing: heaviestMissing(terms, passageText(p)),
            similarity: p.similarity,
            lexicalRank: p.lexicalRank,
            denseRank: p.denseRank,
            right: citesRightPlace({ source: p.doc.source, page: p.page, pageEnd: p.pageEnd }, q),
          }));
        }
      });
      results.push({
        ...score(q, answer, performance.now() - started),
        decision,
        retrieved,
        denseSimilarities,
      });
      options.onProgress?.(i + 1, questions.length);
    }
    return {
      set: setDir,
      results,
      metrics: {
        ...summarize(results, questions),
        ingested: { ...report.totals, failed: report.failed },
      },
    };
  } finally {
    if (!options.indexDir) await rm(indexDir, { recursive: true, force: true });
  }
}
