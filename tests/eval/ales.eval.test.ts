import { describe, it } from 'vitest';
import { expectAtLeast, type SetFloors } from './floors.ts';
import { runEval } from './runner.ts';

/**
 * The project's own evaluation sets over the default corpus, run on every change. The floors sit
 * just under the figures measured when they were last raised (BENCHMARKS.md, "Quality"): a change
 * that makes residents' answers worse fails here. Raise them when the figures improve; never lower
 * them to let a change pass. `ales-holdout` and `ales-residents` stay out of here: they are held out,
 * reported, never tuned on.
 */
const SETS: SetFloors[] = [
  {
    // Written questions. Refusal went from 0.857 to 0.643 on purpose (2026-12) when the decision
    // became a model fitted across corpora with a 2:1 cost on declining answerable questions
    // (src/answer/decide.ts, tests/eval/calibrate.ts): the old rule, fitted to these sets, declined
    // 22 % of piaf-dev's answerable questions (now 11 %) and refused only half the unanswerable ones
    // of unseen corpora. Across our four Alès sets refusal is 0.70 or more.
    set: 'tests/eval/ales',
    floors: { 'hit@1': 0.93, 'hit@5': 0.98, 'answer@5': 0.98, answerShown: 0.9, refusal: 0.64 },
    falseRefusalCeiling: 0.02,
  },
  {
    // Texting, misspellings and stories around the question: far from good yet, and must not slip back.
    set: 'tests/eval/ales-informal-dev',
    floors: { 'hit@1': 0.63, 'hit@5': 0.8, 'answer@5': 0.8, answerShown: 0.63, refusal: 0.85 },
    falseRefusalCeiling: 0.2,
  },
];

describe.each(SETS)('evaluation set $set (default corpus)', (entry) => {
  it('answers, cites and declines at least as well as last measured', async () => {
    const { metrics } = await runEval(entry.set);
    expectAtLeast(metrics, entry);
  }, 300_000);
});
