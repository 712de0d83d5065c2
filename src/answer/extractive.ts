/**
 * The default answer, with no language model: the sentences of the retrieved passages that best
 * answer the question, most direct first, each quoted as the document says it and tied to its
 * passage. Nothing is paraphrased, so nothing can be invented.
 */
import type { Passage } from '../retrieval/hybrid.ts';
import {
  MIN_EMBEDDED_SENTENCE_CHARS,
  sentenceKey,
  sentenceSimilarities,
} from '../retrieval/sentence-vectors.ts';
import { foldText } from '../text/fold.ts';
import { memoize } from '../text/memo.ts';
import { splitSentences } from '../text/sentences.ts';
import { answerScore, type QueryTerms, termsOf } from './evidence.ts';

/** Passages whose sentences are read: the answer is in the first few or not at all. */
export const PASSAGES_READ = 6;
/** Sentences in an answer: a short answer, not a summary. */
const MAX_SENTENCES = 3;
/** A further sentence must score this share of the best one to be worth reading. */
const FOLLOWING_SENTENCE_SHARE = 0.75;
/** Answers stay readable in a chat bubble. */
const MAX_ANSWER_CHARS = 600;
/** A sentence this long is cut at a clause end (and marked with "…"), never rewritten. */
const MAX_SENTENCE_CHARS = 400;
/** Rank prior: a sentence of the first passage beats an equally good one of the fifth. */
const RANK_PRIOR = 0.05;
/** Fragments shorter than this (a heading, a stray number) are not answers (nor embedded). */
const MIN_SENTENCE_CHARS = MIN_EMBEDDED_SENTENCE_CHARS;
/**
 * With sentence vectors (a pretrained model, ../retrieval/sentence-vectors.ts), a sentence's score
 * loses this much per unit of similarity it lacks against the closest sentence read. Measured on the
 * five development sets with e5 (2026-12, share of questions whose first quoted sentence holds the
 * answer): at 0 (words alone) 0.585 on our four sets and 0.586 on piaf-dev; at 1, 0.614 and 0.614; at
 * 2, 0.643 and 0.611; at 5, 0.637 and 0.608; similarity alone (no words) 0.497 and 0.551. The
 * model's similarities lie between 0.75 and 0.9: 2 weighs a tenth of similarity like a fifth of the
 * question's words.
 */
export const MEANING_WEIGHT = 2;

/** A line written mostly in capitals is a title (a scraped page's banner), not something said. */
const SHOUTED_SHARE = 0.6;

function isShouted(sentence: string): boolean {
  const letters = sentence.match(/\p{L}/gu) ?? [];
  const capitals = letters.filter((l) => l !== l.toLowerCase()).length;
  return letters.length > 0 && capitals / letters.length >= SHOUTED_SHARE;
}

/**
 * Passages are split once, not on every question that retrieves them (`memo.ts`): about 1.3 KB a
 * passage, so at most about 7 MB per answer thread.
 */
const SENTENCES_CACHE_LIMIT = 5_000;
const sentencesOf = memoize(SENTENCES_CACHE_LIMIT, splitSentences);

/** The passage's heading lines (its own path, those of chunks merged into it), and its title. */
function headingLines(passage: Passage, withTitle: boolean): Set<string> {
  const titles = withTitle ? [passage.doc.meta.title] : [];
  return new Set([...titles, ...passage.headingPath, ...(passage.mergedHeadings ?? [])].map((h) => h.trim()));
}

export interface ScoredSentence {
  text: string;
  /** Index of its passage in the list given. */
  passage: number;
  score: number;
  /** Word coverage alone (without rank prior), for the decision to answer. */
  coverage: number;
  /** What meaning adds to its score: 0 for the sentence closest to the question, less for the others. */
  meaning: number;
}

/** A sentence's rank: its coverage, what meaning adds, and a little for the rank of its passage. */
export function sentenceScore(coverage: number, passage: number, meaning = 0): number {
  return coverage + meaning + RANK_PRIOR / (passage + 1);
}

/**
 * `queryVector`: the question's, when it was searched by meaning; the sentences that have a vector
 * are then ranked by meaning too.
 */
export function scoreSentences(
  query: QueryTerms,
  passages: Passage[],
  queryVector?: Float32Array,
): ScoredSentence[] {
  const scored: ScoredSentence[] = [];
  const read = passages.slice(0, PASSAGES_READ);
  const similarities = new Map<number, number>();
  if (queryVector) {
    for (const passage of read)
      if (passage.sentenceVectors) sentenceSimilarities(passage.sentenceVectors, queryVector, similarities);
  }
  read.forEach((passage, p) => {
    // A sentence of a page about Anduze is about Anduze: the title and heading path complete it.
    const context = termsOf([passage.doc.meta.title, ...passage.headingPath].join(' '));
    // A heading restates the question's words but answers nothing.
    const headings = headingLines(passage, true);
    for (const sentence of sentencesOf(passage.text)) {
      if (sentence.length < MIN_SENTENCE_CHARS || headings.has(sentence.trim()) || isShouted(sentence))
        continue;
      const terms = termsOf(sentence);
      const own = answerScore(query, sentence, terms);
      const withContext = answerScore(query, sentence, [context, terms]) * 0.9;
      const coverage = Math.max(own, withContext);
      scored.push({ text: sentence, passage: p, coverage, meaning: 0, score: sentenceScore(coverage, p) });
    }
  });
  if (similarities.size === 0) return scored.sort((a, b) => b.score - a.score);
  const found = scored.map((s) => similarities.get(sentenceKey(s.text)));
  const known = found.filter((s) => s !== undefined);
  if (known.length > 0) {
    const closest = Math.max(...known);
    // A sentence without a vector (cut across two chunks) is not favoured for being unknown.
    const farthest = Math.min(...known);
    scored.forEach((s, i) => {
      s.meaning = MEANING_WEIGHT * ((found[i] ?? farthest) - closest);
      s.score = sentenceScore(s.coverage, s.passage, s.meaning);
    });
  }
  return scored.sort((a, b) => b.score - a.score);
}

function shorten(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE_CHARS) return sentence;
  const window = sentence.slice(0, MAX_SENTENCE_CHARS);
  const cut = Math.max(window.lastIndexOf(';'), window.lastIndexOf(','), window.lastIndexOf(' '));
  return `${window.slice(0, cut > MAX_SENTENCE_CHARS / 2 ? cut : MAX_SENTENCE_CHARS).trimEnd()}…`;
}

/** The sentences to show, best first, without repeating one another or exceeding a short answer. */
export function pickSentences(scored: ScoredSentence[]): ScoredSentence[] {
  const best = scored[0];
  if (!best) return [];
  const picked: ScoredSentence[] = [{ ...best, text: shorten(best.text) }];
  let length = picked[0]!.text.length;
  for (const s of scored.slice(1)) {
    if (picked.length >= MAX_SENTENCES || s.score < best.score * FOLLOWING_SENTENCE_SHARE) break;
    const text = shorten(s.text);
    if (length + text.length > MAX_ANSWER_CHARS) continue;
    if (picked.some((p) => p.text === text || p.text.includes(text) || text.includes(p.text))) continue;
    picked.push({ ...s, text });
    length += text.length;
  }
  return picked;
}

/** A heading longer than this is a title sentence, not a section's name worth repeating. */
const MAX_SECTION_CHARS = 60;
/**
 * A quoted line that ends like a sentence (or opens a list) says what it says alone; so does a long
 * one, running text whose full stop is on the next line.
 */
const ENDS_LIKE_SENTENCE = /[.!?…»")\]:]$/u;
const MAX_ITEM_CHARS = 200;

/**
 * A quoted line that is not a sentence (a brochure's « Ballon électrique : remplacement ;
 * détartrage », a list item) shown under the heading it stands under: « Propriétaire — Ballon
 * électrique : … ». In the document the heading says who or where; the line alone does not, and a
 * resident asking who pays for the water heater would read what is replaced without whose it is.
 * The heading is the last heading line above the sentence in the passage, else the passage's own.
 */
export function withSection(sentence: string, passage: Passage): string {
  if (ENDS_LIKE_SENTENCE.test(sentence.trimEnd()) || sentence.length > MAX_ITEM_CHARS) return sentence;
  const headings = headingLines(passage, false);
  const lines = passage.text.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.includes(sentence));
  const above = at < 0 ? undefined : lines.slice(0, at).findLast((l) => headings.has(l));
  const heading = above ?? passage.headingPath.at(-1)?.trim();
  // A banner in capitals is a page's title, not the section's name.
  if (!heading || heading.length > MAX_SECTION_CHARS || isShouted(heading)) return sentence;
  if (heading === passage.doc.meta.title?.trim()) return sentence;
  if (foldText(sentence).includes(foldText(heading))) return sentence;
  return `${heading} — ${sentence}`;
}
