import { describe, expect, it } from 'vitest';
import { type EvalMetrics, runEval } from './runner.ts';

/**
 * The project's own evaluation sets over the default corpus, run on every change. The floors sit
 * just under the figures measured when they were last raised (BENCHMARKS.md, "Quality"): a change
 * that makes residents' answers worse fails here. Raise them when the figures improve; never lower
 * them to let a change pass. `ales-holdout` and `ales-residents` stay out of here: they are held out,
 * reported, never tuned on.
 */
type Floors = Pick<EvalMetrics, 'hit@1' | 'hit@5' | 'answer@5' | 'answerShown' | 'refusal'>;

const SETS: { set: string; floors: Floors; falseRefusalCeiling: number }[] = [
  {
    // Written questions: the issue's own-set targets (refusal ≥ 0.8, falseRefusal ≤ 0.05, answerShown ≥ 0.85).
    // Refusal went from 0.9 to 0.85 once, on purpose, when the decision stopped requiring the two
    // indexes to agree (src/answer/decide.ts): one unanswerable question of 56 more answered across
    // our sets, for a quarter fewer declines of answerable ones.
    set: 'tests/eval/ales',
    floors: { 'hit@1': 0.88, 'hit@5': 0.96, 'answer@5': 0.96, answerShown: 0.87, refusal: 0.85 },
    falseRefusalCeiling: 0.04,
  },
  {
    // Texting, misspellings and stories around the question: far from good yet, and must not slip back.
    set: 'tests/eval/ales-informal-dev',
    floors: { 'hit@1': 0.54, 'hit@5': 0.68, 'answer@5': 0.66, answerShown: 0.51, refusal: 0.75 },
    falseRefusalCeiling: 0.31,
  },
];

describe.each(SETS)('evaluation set $set (default corpus)', ({ set, floors, falseRefusalCeiling }) => {
  it('answers, cites and declines at least as well as last measured', async () => {
    const { metrics } = await runEval(set);
    expect(metrics.ingested.failed).toBe(0);
    for (const [metric, floor] of Object.entries(floors)) {
      expect(metrics[metric as keyof Floors] ?? 0, metric).toBeGreaterThanOrEqual(floor ?? 1);
    }
    expect(metrics.falseRefusal).toBeLessThanOrEqual(falseRefusalCeiling);
  }, 300_000);
});
