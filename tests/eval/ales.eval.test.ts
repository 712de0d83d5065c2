import { describe, it } from 'vitest';
import { expectAtLeast, type SetFloors } from './floors.ts';
import { runEval } from './runner.ts';

/**
 * The project's own evaluation sets over the default corpus, run on every change. The floors sit
 * just under the figures measured when they were last raised (BENCHMARKS.md, "Quality"): a change
 * that makes residents' answers worse fails here. Raise them when the figures improve; lower one only
 * for a change that is right for other reasons, with the measured cost written beside it. `ales-holdout` and `ales-residents` stay out of here: they are held out,
 * reported, never tuned on.
 */
const SETS: SetFloors[] = [
  {
    // Written questions. Refusal went from 0.857 to 0.643 on purpose (2026-12) when the decision
    // became a model fitted across corpora with a 2:1 cost on declining answerable questions
    // (src/answer/decide.ts, tests/eval/calibrate.ts): the old rule, fitted to these sets, declined
    // 22 % of piaf-dev's answerable questions (now 11 %) and refused only half the unanswerable ones
    // of unseen corpora. Across our four Alès sets refusal is 0.70 or more.
    // hit@1 0.939 → 0.924 (one question) when the PDF reader stopped merging two lines of a column
    // into one row beside a large heading (2026-12): the repairs guide's decree pages now carry their
    // title as a heading, and « quel décret liste les réparations locatives » cites p. 9 before p. 8.
    // The held-out sets did not move; the text residents read lost its glued words.
    set: 'tests/eval/ales',
    floors: { 'hit@1': 0.92, 'hit@5': 0.98, 'answer@5': 0.98, answerShown: 0.9, refusal: 0.64 },
    falseRefusalCeiling: 0.02,
  },
  {
    // Texting, misspellings and stories around the question: far from good yet, and must not slip back.
    // hit@1 0.634 → 0.585 with the same reader correction: two repairs questions now cite the
    // decree's list (p. 8), which names the same repairs, before the guide's drawing.
    // 0.610 → 0.732 (falseRefusal 0.195 → 0.146) when the reader joined the guide's labels and
    // their details (« Ballon électrique : remplacement ; détartrage », readers-5).
    set: 'tests/eval/ales-informal-dev',
    floors: { 'hit@1': 0.72, 'hit@5': 0.84, 'answer@5': 0.84, answerShown: 0.7, refusal: 0.85 },
    falseRefusalCeiling: 0.15,
  },
];

describe.each(SETS)('evaluation set $set (default corpus)', (entry) => {
  it('answers, cites and declines at least as well as last measured', async () => {
    const { metrics } = await runEval(entry.set);
    expectAtLeast(metrics, entry);
  }, 300_000);
});
